package io.lightningasr.gateway.routing;

import io.lightningasr.gateway.GatewayMetrics;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * Sends audio to an ASR pod and retries on another pod after a connection failure, a 503 (pod busy or
 * draining) or a connection reset. Transcription has no side effects, so a request that a pod may have started
 * before it died is safe to send again.
 */
public final class Forwarder {
    private static final System.Logger LOG = System.getLogger(Forwarder.class.getName());
    private static final long SAME_POD_PAUSE_MILLIS = 200;

    private final HttpClient client;
    private final EndpointPool pool;
    private final GatewayMetrics metrics;
    private final int maxAttempts;
    private final Duration queueTimeout;
    private final Duration backoff;

    /** Upstream request: the audio range, the query string for the pod and the request's deadline. */
    public record Job(String requestId, byte[] audio, int offset, int length, String query, long deadlineNanos) {
    }

    /** A pod's final response, passed to the client unchanged. */
    public record Reply(int status, byte[] body, Optional<String> contentType, Optional<String> retryAfter,
                        URI endpoint, int attempts) {
    }

    /** The request's deadline passed while a pod was working on it. */
    public static final class DeadlineExceededException extends Exception {
        DeadlineExceededException() {
            super("the request deadline passed before a pod answered");
        }
    }

    public Forwarder(HttpClient client, EndpointPool pool, GatewayMetrics metrics, int maxAttempts,
                     Duration queueTimeout, Duration backoff) {
        this.client = client;
        this.pool = pool;
        this.metrics = metrics;
        this.maxAttempts = maxAttempts;
        this.queueTimeout = queueTimeout;
        this.backoff = backoff;
    }

    /**
     * Forwards the job.
     *
     * @return the pod's reply, or empty when no pod accepted the request within the attempts and the queue
     * timeout (the caller responds 503)
     */
    public Optional<Reply> forward(Job job) throws InterruptedException, DeadlineExceededException {
        Set<Endpoint> tried = new HashSet<>();
        long queueDeadline = Math.min(job.deadlineNanos(), System.nanoTime() + queueTimeout.toNanos());
        for (int attempt = 1; attempt <= maxAttempts; attempt++) {
            Optional<EndpointPool.Lease> acquired = pool.acquire(tried, queueDeadline);
            if (acquired.isEmpty()) {
                return Optional.empty();
            }
            if (attempt > 1) {
                metrics.retry();
            }
            try (EndpointPool.Lease lease = acquired.get()) {
                Endpoint endpoint = lease.endpoint();
                if (tried.contains(endpoint)) {
                    Thread.sleep(SAME_POD_PAUSE_MILLIS);
                }
                tried.add(endpoint);
                Optional<Reply> reply = attempt(job, endpoint, attempt);
                if (reply.isPresent()) {
                    return reply;
                }
            }
        }
        return Optional.empty();
    }

    private Optional<Reply> attempt(Job job, Endpoint endpoint, int attempt)
            throws InterruptedException, DeadlineExceededException {
        long remaining = job.deadlineNanos() - System.nanoTime();
        if (remaining <= 0) {
            throw new DeadlineExceededException();
        }
        URI uri = URI.create(endpoint.baseUri() + "/v1/listen" + (job.query().isEmpty() ? "" : "?" + job.query()));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofNanos(remaining))
                .header("Content-Type", "application/octet-stream")
                .header("X-Request-Id", job.requestId())
                .POST(HttpRequest.BodyPublishers.ofByteArray(job.audio(), job.offset(), job.length()))
                .build();
        HttpResponse<byte[]> response;
        try {
            response = client.send(request, HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpConnectTimeoutException | ConnectException e) {
            endpoint.backOff(System.nanoTime() + backoff.toNanos());
            metrics.upstream("connect_failed");
            LOG.log(Level.WARNING, "request_id=" + job.requestId() + " endpoint=" + endpoint + " attempt=" + attempt
                    + " connect failed, pod set aside for " + backoff.toMillis() + " ms: " + e);
            return Optional.empty();
        } catch (HttpTimeoutException e) {
            metrics.upstream("timeout");
            LOG.log(Level.WARNING, "request_id=" + job.requestId() + " endpoint=" + endpoint + " timed out");
            throw new DeadlineExceededException();
        } catch (IOException e) {
            metrics.upstream("reset");
            LOG.log(Level.WARNING, "request_id=" + job.requestId() + " endpoint=" + endpoint + " attempt=" + attempt
                    + " failed before a response, retrying on another pod: " + e);
            return Optional.empty();
        }
        response.headers().firstValue("X-Asr-Active-Requests").ifPresent(value -> report(endpoint, value));
        int status = response.statusCode();
        if (status == 503) {
            metrics.upstream("busy");
            LOG.log(Level.INFO, "request_id=" + job.requestId() + " endpoint=" + endpoint + " attempt=" + attempt
                    + " pod answered 503 (busy or draining), retrying on another pod");
            return Optional.empty();
        }
        metrics.upstream(outcome(status));
        return Optional.of(new Reply(status, response.body(), response.headers().firstValue("Content-Type"),
                response.headers().firstValue("Retry-After"), endpoint.baseUri(), attempt));
    }

    private static String outcome(int status) {
        if (status < 400) {
            return "ok";
        }
        return status < 500 ? "client_error" : "server_error";
    }

    private static void report(Endpoint endpoint, String headerValue) {
        try {
            endpoint.reportActiveRequests(Integer.parseInt(headerValue.trim()), System.nanoTime());
        } catch (NumberFormatException e) {
            LOG.log(Level.DEBUG, "endpoint " + endpoint + " sent an invalid X-Asr-Active-Requests value");
        }
    }
}
