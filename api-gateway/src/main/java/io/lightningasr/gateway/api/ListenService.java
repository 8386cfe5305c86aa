package io.lightningasr.gateway.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightningasr.gateway.GatewayConfig;
import io.lightningasr.gateway.GatewayMetrics;
import io.lightningasr.gateway.auth.Authenticator;
import io.lightningasr.gateway.http.BodyLimitException;
import io.lightningasr.gateway.http.BufferBudget;
import io.lightningasr.gateway.http.FormatSniffer;
import io.lightningasr.gateway.net.FetchException;
import io.lightningasr.gateway.net.UrlFetcher;
import io.lightningasr.gateway.routing.Forwarder;

import java.lang.System.Logger.Level;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * {@code POST /v1/listen}: authenticates, reads the audio (upload or URL), rejects obvious non-audio and forwards
 * to the least-loaded ASR pod, returning the pod's JSON unchanged.
 *
 * <p>Load shedding: when no pod accepts the request within the queue timeout, or the gateway's audio buffer
 * budget is used up, the response is 503 SERVICE_UNAVAILABLE or 503 CAPACITY_EXCEEDED with {@code Retry-After}.
 */
public final class ListenService implements HttpService {
    private static final System.Logger LOG = System.getLogger(ListenService.class.getName());

    private final GatewayConfig config;
    private final Authenticator authenticator;
    private final ListenRequestReader reader;
    private final UrlFetcher fetcher;
    private final Forwarder forwarder;
    private final GatewayMetrics metrics;
    private final ErrorResponses errors;

    public ListenService(GatewayConfig config, Authenticator authenticator, BufferBudget budget, UrlFetcher fetcher,
                         Forwarder forwarder, GatewayMetrics metrics, ObjectMapper json) {
        this.config = config;
        this.authenticator = authenticator;
        this.reader = new ListenRequestReader(json, budget, config.maxBodyBytes(), config.maxBodyMb(),
                config.retryAfterSeconds());
        this.fetcher = fetcher;
        this.forwarder = forwarder;
        this.metrics = metrics;
        this.errors = new ErrorResponses(json);
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/v1/listen", this::listen);
    }

    private void listen(ServerRequest request, ServerResponse response) {
        String requestId = RequestIds.fromHeader(request.headers().first(HeaderNames.create("X-Request-Id")));
        response.header("X-Request-Id", requestId);
        long start = metrics.requestStarted();
        int status = 500;
        String outcome = "";
        try {
            if (!authenticator.isAuthorized(request.headers().first(HeaderNames.AUTHORIZATION))) {
                throw new ApiException(401, "INVALID_LICENSE", "missing or invalid license key; send"
                        + " 'Authorization: Token <license key>'");
            }
            try (ListenInput input = fetchIfUrl(reader.read(request), requestId)) {
                Forwarder.Reply reply = transcribe(input, requestId);
                status = reply.status();
                outcome = " endpoint=" + reply.endpoint() + " attempts=" + reply.attempts();
                response.status(reply.status());
                response.header("Content-Type", reply.contentType().orElse("application/json"));
                reply.retryAfter().ifPresent(value -> response.header("Retry-After", value));
                response.send(reply.body());
            }
        } catch (ApiException e) {
            status = e.status();
            outcome = " code=" + e.code();
            errors.send(response, requestId, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = 503;
            errors.send(response, requestId, new ApiException(503, "SERVICE_UNAVAILABLE", "the gateway is"
                    + " shutting down").retryAfter(config.retryAfterSeconds()));
        } catch (RuntimeException e) {
            status = 500;
            LOG.log(Level.ERROR, "request_id=" + requestId + " failed", e);
            if (!response.isSent()) {
                errors.send(response, requestId, new ApiException(500, "INTERNAL_ERROR", "internal error; quote"
                        + " the request id when reporting it"));
            }
        } finally {
            metrics.requestFinished(start, status);
            LOG.log(Level.INFO, "request_id=" + requestId + " status=" + status + outcome + " duration_ms="
                    + (System.nanoTime() - start) / 1_000_000);
        }
    }

    private ListenInput fetchIfUrl(ListenInput input, String requestId) throws ApiException {
        if (input.url().isEmpty()) {
            return input;
        }
        try {
            fetcher.fetch(input.url().get(), input.buffer());
            metrics.urlFetch("ok");
            LOG.log(Level.INFO, "request_id=" + requestId + " fetched url host=" + input.url().get().host()
                    + " bytes=" + input.buffer().length());
            return input.withFetchedAudio();
        } catch (FetchException e) {
            input.close();
            metrics.urlFetch(e.code().toLowerCase(java.util.Locale.ROOT));
            LOG.log(Level.INFO, "request_id=" + requestId + " url fetch rejected code=" + e.code() + ": "
                    + e.getMessage());
            int status = e.code().equals("FILE_TOO_LARGE") ? 422 : 400;
            ApiException error = new ApiException(status, e.code(), e.getMessage());
            if (e.upstreamStatus() != null) {
                error.with("upstream_status", e.upstreamStatus());
            }
            if (status == 422) {
                error.with("max_size_mb", config.maxBodyMb());
            }
            throw error;
        } catch (BodyLimitException e) {
            input.close();
            metrics.urlFetch(e.kind() == BodyLimitException.Kind.TOO_LARGE ? "file_too_large" : "capacity_exceeded");
            throw limitError(e, config.maxBodyMb(), config.retryAfterSeconds());
        }
    }

    private Forwarder.Reply transcribe(ListenInput input, String requestId)
            throws ApiException, InterruptedException {
        if (FormatSniffer.sniff(input.buffer().array(), input.audioOffset(), input.audioLength()).isEmpty()) {
            throw new ApiException(415, "UNSUPPORTED_FORMAT", "the data is not a supported audio format")
                    .with("supported_formats", FormatSniffer.SUPPORTED_FORMATS);
        }
        long deadline = System.nanoTime() + config.requestTimeout().toNanos();
        Forwarder.Job job = new Forwarder.Job(requestId, input.buffer().array(), input.audioOffset(),
                input.audioLength(), queryString(input.parameters()), deadline);
        try {
            Optional<Forwarder.Reply> reply = forwarder.forward(job);
            return reply.orElseThrow(() -> new ApiException(503, "SERVICE_UNAVAILABLE",
                    "no transcription capacity available; retry later").retryAfter(config.retryAfterSeconds()));
        } catch (Forwarder.DeadlineExceededException e) {
            throw new ApiException(504, "UPSTREAM_TIMEOUT", "transcription did not finish within "
                    + config.requestTimeout().toSeconds() + " s");
        }
    }

    /** Maps a body limit to 422 FILE_TOO_LARGE or, for the gateway-wide buffer budget, 503 CAPACITY_EXCEEDED. */
    static ApiException limitError(BodyLimitException e, long maxBodyMb, int retryAfterSeconds) {
        if (e.kind() == BodyLimitException.Kind.TOO_LARGE) {
            return ApiException.tooLarge(maxBodyMb);
        }
        return new ApiException(503, "CAPACITY_EXCEEDED", "the gateway is buffering too much audio; retry later")
                .retryAfter(retryAfterSeconds);
    }

    private static String queryString(Map<String, String> parameters) {
        return parameters.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
    }

    /** Request ids: a client's {@code X-Request-Id} when it is short and plain, otherwise a new UUID. */
    static final class RequestIds {
        private RequestIds() {
        }

        static String fromHeader(Optional<String> header) {
            return header.filter(id -> id.matches("[A-Za-z0-9._:-]{1,128}"))
                    .orElseGet(() -> UUID.randomUUID().toString());
        }
    }
}
