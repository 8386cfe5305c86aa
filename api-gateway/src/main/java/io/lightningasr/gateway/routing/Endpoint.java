package io.lightningasr.gateway.routing;

import java.net.URI;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's view of one ASR pod: requests in flight from this gateway, the load the pod last reported for
 * other clients, its readiness and a back-off deadline after connection failures. Times are
 * {@link System#nanoTime()} values.
 */
public final class Endpoint {
    /** State reported in {@code api_asr_endpoints{state}}. */
    public enum State { READY, NOT_READY, BACKOFF }

    private final URI baseUri;
    private final AtomicInteger inFlight = new AtomicInteger();
    private volatile boolean ready = true;
    private volatile long backoffUntilNanos;
    private volatile int externalLoad;
    private volatile long externalLoadAtNanos;

    Endpoint(URI baseUri) {
        this.baseUri = baseUri;
    }

    public URI baseUri() {
        return baseUri;
    }

    /** Requests from this gateway that are at this pod now. */
    public int inFlight() {
        return inFlight.get();
    }

    void increment() {
        inFlight.incrementAndGet();
    }

    /** Decrements without going below zero. */
    void decrement() {
        inFlight.updateAndGet(n -> Math.max(0, n - 1));
    }

    public State state(long nowNanos) {
        if (nowNanos - backoffUntilNanos < 0) {
            return State.BACKOFF;
        }
        return ready ? State.READY : State.NOT_READY;
    }

    boolean isEligible(long nowNanos) {
        return state(nowNanos) == State.READY;
    }

    /**
     * Load used for routing: this gateway's in-flight count plus the pod's reported load from other clients,
     * fading linearly to zero over {@code ttlNanos} after the report.
     */
    double load(long nowNanos, long ttlNanos) {
        long age = nowNanos - externalLoadAtNanos;
        double external = age >= ttlNanos ? 0 : externalLoad * (1.0 - (double) age / ttlNanos);
        return inFlight.get() + external;
    }

    /**
     * Records the pod's {@code X-Asr-Active-Requests} value, the pod's load after the reporting request left.
     * It counts every client's requests, so this gateway's other in-flight requests at the pod are subtracted
     * to keep them from counting twice. Called while the reporting request still holds its lease.
     */
    public void reportActiveRequests(int podActiveRequests, long nowNanos) {
        int otherOwnRequests = Math.max(0, inFlight.get() - 1);
        externalLoad = Math.max(0, podActiveRequests - otherOwnRequests);
        externalLoadAtNanos = nowNanos;
    }

    /** Sets the pod aside until {@code untilNanos} after a failed connection. */
    public void backOff(long untilNanos) {
        backoffUntilNanos = untilNanos;
    }

    /** Applies a readiness poll result; a successful poll also ends a back-off. */
    public void readiness(boolean isReady, long nowNanos) {
        ready = isReady;
        if (isReady) {
            backoffUntilNanos = nowNanos;
        }
    }

    @Override
    public String toString() {
        return baseUri.toString();
    }
}
