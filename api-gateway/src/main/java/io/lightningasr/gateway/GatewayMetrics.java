package io.lightningasr.gateway;

import io.lightningasr.gateway.http.BufferBudget;
import io.lightningasr.gateway.net.UrlFetcher;
import io.lightningasr.gateway.routing.Endpoint;
import io.lightningasr.gateway.routing.EndpointPool;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The gateway's Prometheus metrics. Label values come from fixed sets: HTTP status codes, upstream outcomes,
 * endpoint states and URL fetch outcomes.
 */
public final class GatewayMetrics implements AutoCloseable {
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final AtomicInteger inFlight = new AtomicInteger();
    private final Timer requestDuration;
    private final Counter retries;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    public GatewayMetrics(EndpointPool pool, BufferBudget budget) {
        requestDuration = Timer.builder("api.request.duration")
                .description("Time from request arrival to response, retries and URL fetching included")
                .serviceLevelObjectives(ms(50), ms(100), ms(250), ms(500), ms(1000), ms(2500), ms(5000),
                        ms(10_000), ms(30_000), ms(60_000), ms(120_000), ms(300_000), ms(600_000))
                .register(registry);
        retries = Counter.builder("api.retries").description("Upstream attempts after the first").register(registry);
        Gauge.builder("api.inflight.requests", inFlight, AtomicInteger::get)
                .description("Requests being handled by /v1/listen").register(registry);
        Gauge.builder("api.queued.requests", pool, EndpointPool::queued)
                .description("Requests waiting for an ASR pod").register(registry);
        Gauge.builder("api.buffered.bytes", budget, BufferBudget::reservedBytes)
                .description("Audio bytes held in memory across in-flight requests").baseUnit("bytes")
                .register(registry);
        for (Endpoint.State state : Endpoint.State.values()) {
            Gauge.builder("api.asr.endpoints", pool, p -> countInState(p, state))
                    .description("ASR pods known to the gateway, by state")
                    .tag("state", state.name().toLowerCase(java.util.Locale.ROOT)).register(registry);
        }
        new ClassLoaderMetrics().bindTo(registry);
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    private static Duration ms(long millis) {
        return Duration.ofMillis(millis);
    }

    private static double countInState(EndpointPool pool, Endpoint.State state) {
        long now = System.nanoTime();
        return pool.endpoints().stream().filter(e -> e.state(now) == state).count();
    }

    /** Exposes the fetcher's connection attempts as {@code api_url_fetch_connections_total}. */
    public void bindFetcher(UrlFetcher fetcher) {
        FunctionCounter.builder("api.url.fetch.connections", fetcher, UrlFetcher::connectionAttempts)
                .description("Connections opened for URL fetching, redirect hops included").register(registry);
    }

    /** Marks the start of a /v1/listen request; pair with {@link #requestFinished} in a finally block. */
    public long requestStarted() {
        inFlight.incrementAndGet();
        return System.nanoTime();
    }

    /** Records a finished request with its HTTP status. */
    public void requestFinished(long startNanos, int status) {
        inFlight.updateAndGet(n -> Math.max(0, n - 1));
        requestDuration.record(Duration.ofNanos(System.nanoTime() - startNanos));
        countResponse(status);
    }

    /** Counts a response of any endpoint in {@code api_requests_total{code}}. */
    public void countResponse(int status) {
        registry.counter("api.requests", "code", Integer.toString(status)).increment();
    }

    /** Counts one upstream attempt by outcome: ok, client_error, server_error, busy, connect_failed, reset, timeout. */
    public void upstream(String outcome) {
        registry.counter("api.upstream.requests", "outcome", outcome).increment();
    }

    public void retry() {
        retries.increment();
    }

    /** Counts one URL fetch by outcome: ok or the lower-cased error code. */
    public void urlFetch(String outcome) {
        registry.counter("api.url.fetches", "outcome", outcome).increment();
    }

    /** Prometheus text exposition of every meter. */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
