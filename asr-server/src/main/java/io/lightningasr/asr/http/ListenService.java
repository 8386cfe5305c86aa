package io.lightningasr.asr.http;

import io.helidon.http.HeaderName;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightningasr.asr.audio.AudioException;
import io.lightningasr.asr.audio.AudioFormat;
import io.lightningasr.asr.metrics.AsrMetrics;
import io.lightningasr.asr.scheduling.InferenceScheduler;
import io.lightningasr.asr.scheduling.Permit;
import io.micrometer.core.instrument.Clock;

import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * {@code POST /v1/listen}: transcribes a raw audio body or the {@code audio} part of a multipart form.
 *
 * <p>Every POST whose headers reach this handler counts once in {@code asr_requests_total}, with the status
 * of its response, or 499 when the client closed the connection before the body was complete. Requests that
 * Helidon rejects before routing (malformed HTTP, another method) are not counted.
 * Admitted requests hold a {@link Permit} until their response is written or has failed.
 */
public final class ListenService implements HttpService {

    /** Header with the request id, honoured when the client sends a valid one and echoed in every response. */
    public static final HeaderName REQUEST_ID = HeaderNames.create("X-Request-Id");
    /** Header with the pod's active request count after this request is removed. */
    public static final HeaderName ACTIVE_REQUESTS = HeaderNames.create("X-Asr-Active-Requests");

    private static final System.Logger LOG = System.getLogger(ListenService.class.getName());
    private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._:-]{1,128}");

    private final InferenceScheduler scheduler;
    private final AsrMetrics metrics;
    private final Transcription transcription;
    private final long maxBodyBytes;
    private final Duration requestTimeout;
    private final Duration retryAfter;
    private final Clock clock;

    /**
     * @param maxBodyBytes request body limit, in bytes
     * @param requestTimeout limit for queue wait plus processing of one request
     * @param retryAfter the delay announced in 503 responses
     */
    public ListenService(InferenceScheduler scheduler, AsrMetrics metrics, Transcription transcription,
                         long maxBodyBytes, Duration requestTimeout, Duration retryAfter, Clock clock) {
        this.scheduler = scheduler;
        this.metrics = metrics;
        this.transcription = transcription;
        this.maxBodyBytes = maxBodyBytes;
        this.requestTimeout = requestTimeout;
        this.retryAfter = retryAfter;
        this.clock = clock;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.post("/", this::listen);
    }

    private void listen(ServerRequest req, ServerResponse res) {
        long receivedAt = clock.monotonicTime();
        String requestId = req.headers().first(REQUEST_ID)
                .filter(id -> VALID_REQUEST_ID.matcher(id).matches())
                .orElseGet(() -> UUID.randomUUID().toString());
        res.header(REQUEST_ID, requestId);

        Optional<Permit> admitted = scheduler.tryAcquire();
        if (admitted.isEmpty()) {
            int status = sendError(res, unavailable(), scheduler.activeRequests());
            finish(requestId, status, receivedAt);
            return;
        }
        int status = ErrorCode.CLIENT_CLOSED_REQUEST.status();
        try (Permit permit = admitted.get()) {
            status = handle(req, res, permit, requestId);
        } finally {
            finish(requestId, status, receivedAt);
        }
    }

    /** Handles an admitted request and returns the HTTP status of its response. */
    private int handle(ServerRequest req, ServerResponse res, Permit permit, String requestId) {
        try {
            Upload upload = readUpload(req, requestId);
            Transcription.Result result = permit.run(() -> transcription.transcribe(upload.audio()),
                    requestTimeout);
            metrics.recordQueueWait(Math.max(permit.queueWaitNanos(), 0));
            metrics.recordTranscription(result.audioSeconds(), result.processingNanos());
            Map<String, Object> body = TranscriptionResponse.body(requestId, result, upload.parameters(),
                    transcription.model());
            return sendJson(res, 200, body, activeAfter());
        } catch (BodyReader.IncompleteBodyException e) {
            LOG.log(System.Logger.Level.INFO, "request_id={0} request body incomplete, client probably closed"
                    + " the connection: {1}", requestId, String.valueOf(e.getCause()));
            // Helidon requires a response even here. A client that closed its connection never reads it, so the
            // request counts as status 499 whether or not the write succeeds.
            sendJson(res, 400, JsonResponses.errorBody(new ApiException(ErrorCode.INVALID_PARAMETER,
                    "the request body ended before its declared length")), activeAfter());
            metrics.recordError(ErrorCode.CLIENT_CLOSED_REQUEST);
            return ErrorCode.CLIENT_CLOSED_REQUEST.status();
        } catch (ApiException e) {
            return sendError(res, e, activeAfter());
        } catch (ExecutionException e) {
            return sendError(res, fromTaskFailure(requestId, e.getCause()), activeAfter());
        } catch (TimeoutException e) {
            LOG.log(System.Logger.Level.WARNING, "request_id={0} processing timed out after {1} s",
                    requestId, Long.toString(requestTimeout.toSeconds()));
            return sendError(res, new ApiException(ErrorCode.SERVICE_UNAVAILABLE, "processing timed out after "
                    + requestTimeout.toSeconds() + " s", retryFields()), activeAfter());
        } catch (RejectedExecutionException e) {
            return sendError(res, unavailable(), activeAfter());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return sendError(res, unavailable(), activeAfter());
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "request_id=" + requestId + " failed", e);
            return sendError(res, new ApiException(ErrorCode.INTERNAL_ERROR, "internal error"), activeAfter());
        }
    }

    private record Upload(byte[] audio, ListenParameters parameters) {
    }

    private Upload readUpload(ServerRequest req, String requestId)
            throws ApiException, BodyReader.IncompleteBodyException {
        // Any Content-Type other than multipart is read as raw audio: the decoder identifies the format from
        // the bytes, so a missing or generic type (curl sends application/x-www-form-urlencoded) still works.
        String contentType = req.headers().first(HeaderNames.CONTENT_TYPE).orElse("application/octet-stream");
        boolean multipart = contentType.split(";", 2)[0].trim().equalsIgnoreCase("multipart/form-data");
        String boundary = multipart ? MultipartForm.boundary(contentType) : null;

        byte[] body = BodyReader.read(req.content().inputStream(), req.headers().contentLength(), maxBodyBytes);
        Function<String, Optional<String>> query = name -> req.query().first(name).asOptional();
        byte[] audio = body;
        Function<String, Optional<String>> lookup = query;
        if (multipart) {
            MultipartForm form = MultipartForm.parse(body, boundary);
            audio = form.audio().orElseThrow(() -> new ApiException(ErrorCode.MISSING_PARAMETER,
                    "the multipart form has no 'audio' part"));
            lookup = name -> Optional.ofNullable(form.fields().get(name)).or(() -> query.apply(name));
        }
        if (audio.length == 0) {
            throw new ApiException(ErrorCode.MISSING_PARAMETER, "the audio is empty: send the audio file as the "
                    + "request body or as the 'audio' part of a multipart form");
        }
        LOG.log(System.Logger.Level.INFO, "request_id={0} started bytes={1} format={2}", requestId,
                Integer.toString(audio.length), transcription.sniff(audio).name().toLowerCase(Locale.ROOT));
        ListenParameters parameters = ListenParameters.parse(lookup, transcription.model().language());
        return new Upload(audio, parameters);
    }

    private ApiException fromTaskFailure(String requestId, Throwable cause) {
        if (cause instanceof AudioException audio) {
            LOG.log(System.Logger.Level.INFO, "request_id={0} audio rejected: {1}", requestId, audio.getMessage());
            return switch (audio.reason()) {
                case UNSUPPORTED_FORMAT -> new ApiException(ErrorCode.UNSUPPORTED_FORMAT, audio.getMessage(),
                        Map.of("supported_formats", AudioFormat.SUPPORTED));
                case INVALID_AUDIO -> new ApiException(ErrorCode.INVALID_AUDIO, audio.getMessage());
                case AUDIO_TOO_LONG -> new ApiException(ErrorCode.AUDIO_TOO_LONG, audio.getMessage());
            };
        }
        LOG.log(System.Logger.Level.ERROR, "request_id=" + requestId + " inference failed", cause);
        return new ApiException(ErrorCode.INTERNAL_ERROR, "internal error while transcribing");
    }

    private ApiException unavailable() {
        String reason = scheduler.state() == InferenceScheduler.State.READY
                ? "the server is at capacity (" + scheduler.slots() + " running, " + scheduler.queueSize()
                        + " queued): retry later"
                : scheduler.state() == InferenceScheduler.State.DRAINING
                        ? "the server is shutting down: retry on another instance"
                        : "the model is still loading: retry later";
        return new ApiException(ErrorCode.SERVICE_UNAVAILABLE, reason, retryFields());
    }

    private Map<String, Object> retryFields() {
        return Map.of("retry_after", retryAfter.toSeconds());
    }

    /** Returns the active count once the calling request has released its permit. */
    private int activeAfter() {
        return Math.max(scheduler.activeRequests() - 1, 0);
    }

    private int sendError(ServerResponse res, ApiException e, int activeAfter) {
        if (e.code() == ErrorCode.SERVICE_UNAVAILABLE) {
            res.header(HeaderNames.RETRY_AFTER, Long.toString(retryAfter.toSeconds()));
        }
        int status = sendJson(res, e.code().status(), JsonResponses.errorBody(e), activeAfter);
        metrics.recordError(status == ErrorCode.CLIENT_CLOSED_REQUEST.status() ? ErrorCode.CLIENT_CLOSED_REQUEST
                : e.code());
        return status;
    }

    private int sendJson(ServerResponse res, int status, Map<String, ?> body, int activeAfter) {
        res.header(ACTIVE_REQUESTS, Integer.toString(activeAfter));
        return JsonResponses.send(res, status, body) ? status : ErrorCode.CLIENT_CLOSED_REQUEST.status();
    }

    private void finish(String requestId, int status, long receivedAt) {
        long elapsed = clock.monotonicTime() - receivedAt;
        metrics.recordRequest(status, elapsed);
        LOG.log(System.Logger.Level.INFO, "request_id={0} finished status={1} duration_ms={2}", requestId,
                Integer.toString(status), Long.toString(elapsed / 1_000_000));
    }
}
