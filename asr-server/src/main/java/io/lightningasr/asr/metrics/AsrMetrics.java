package io.lightningasr.asr.metrics;

import io.micrometer.core.instrument.Clock;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.FileDescriptorMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.core.instrument.config.MeterFilter;
import io.lightningasr.asr.http.ErrorCode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.prometheus.metrics.core.metrics.Info;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntSupplier;

/**
 * The pod's Prometheus metrics. Label values come from bounded sets: {@code status} is an HTTP status code
 * and {@code error_type} one of {@link ErrorCode}, lower-cased.
 */
public final class AsrMetrics implements AutoCloseable {

    /** Content type of {@link #scrape()}: Prometheus text exposition format 0.0.4. */
    public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private static final Duration[] LATENCY_BUCKETS = {
            Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500),
            Duration.ofSeconds(1), Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10),
            Duration.ofSeconds(30), Duration.ofSeconds(60), Duration.ofSeconds(120), Duration.ofSeconds(300),
            Duration.ofSeconds(600)};
    private static final Duration[] QUEUE_WAIT_BUCKETS = {
            Duration.ofMillis(1), Duration.ofMillis(5), Duration.ofMillis(10), Duration.ofMillis(50),
            Duration.ofMillis(100), Duration.ofMillis(250), Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofMillis(2500), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofSeconds(60)};
    private static final double[] RTF_BUCKETS = {
            0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.75, 1.0, 1.5, 2.0, 5.0};

    private final PrometheusMeterRegistry registry;
    private final Map<ErrorCode, Counter> errors = new EnumMap<>(ErrorCode.class);
    private final Map<Integer, Counter> requestsByStatus = new ConcurrentHashMap<>();
    private final Timer requestDuration;
    private final Timer processingDuration;
    private final Timer queueWait;
    private final DistributionSummary realTimeFactor;
    private final Counter audioSeconds;
    private final AtomicReference<Double> modelLoadSeconds = new AtomicReference<>(0.0);
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();

    /**
     * Registers every metric; the gauges read {@code activeRequests} and {@code queuedRequests} at scrape time.
     *
     * @param clock the clock of the registry
     * @param activeRequests requests queued or running, for {@code asr_active_requests}
     * @param queuedRequests requests waiting for a slot, for {@code asr_batch_queue_depth}
     */
    public AsrMetrics(Clock clock, IntSupplier activeRequests, IntSupplier queuedRequests) {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT, new PrometheusRegistry(), clock);
        // promtool check metrics rejects two names that Micrometer 1.15 binders produce: system_cpu_count
        // (a _count suffix on a gauge), exported as system_available_processors instead, and
        // process_cpu_time_ns_total (an abbreviated unit), dropped.
        registry.config()
                .meterFilter(new MeterFilter() {
                    @Override
                    public Meter.Id map(Meter.Id id) {
                        return id.getName().equals("system.cpu.count")
                                ? id.withName("system.available.processors") : id;
                    }
                })
                .meterFilter(MeterFilter.deny(id -> id.getName().equals("process.cpu.time")));

        Gauge.builder("asr.active.requests", activeRequests, IntSupplier::getAsInt)
                .description("Requests admitted on /v1/listen and not yet answered (queued and running)")
                .strongReference(true)
                .register(registry);
        Gauge.builder("asr.batch.queue.depth", queuedRequests, IntSupplier::getAsInt)
                .description("Admitted requests waiting for a free inference slot")
                .strongReference(true)
                .register(registry);
        for (ErrorCode code : ErrorCode.values()) {
            errors.put(code, Counter.builder("asr.errors")
                    .description("Rejected or failed /v1/listen requests by error code")
                    .tag("error_type", code.name().toLowerCase(Locale.ROOT))
                    .register(registry));
        }
        requestDuration = Timer.builder("asr.request.duration")
                .description("Time from receiving the request headers to the response, in seconds")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        processingDuration = Timer.builder("asr.processing.duration")
                .description("Decoding and inference time of successful requests, in seconds")
                .serviceLevelObjectives(LATENCY_BUCKETS)
                .register(registry);
        queueWait = Timer.builder("asr.queue.wait")
                .description("Time a request waited for a free inference slot, in seconds")
                .serviceLevelObjectives(QUEUE_WAIT_BUCKETS)
                .register(registry);
        realTimeFactor = DistributionSummary.builder("asr.real.time.factor")
                .description("Processing time divided by audio duration of successful requests")
                .serviceLevelObjectives(RTF_BUCKETS)
                .register(registry);
        audioSeconds = Counter.builder("asr.audio.seconds")
                .description("Seconds of audio transcribed successfully")
                .register(registry);
        Gauge.builder("asr.model.load.time", modelLoadSeconds, AtomicReference::get)
                .description("Time the model took to load and warm up, in seconds")
                .strongReference(true)
                .baseUnit("seconds")
                .register(registry);

        // Prometheus' rate() counts only increases between samples of one series, so a counter that first shows up
        // at N hides those N requests from dashboards. Status 200 is therefore exported at 0 from start-up.
        requestCounter(200);

        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        new UptimeMetrics().bindTo(registry);
        new FileDescriptorMetrics().bindTo(registry);
    }

    /** Records one request received on /v1/listen with the HTTP status of its response (499 when abandoned). */
    public void recordRequest(int status, long durationNanos) {
        requestCounter(status).increment();
        requestDuration.record(durationNanos, TimeUnit.NANOSECONDS);
    }

    private Counter requestCounter(int status) {
        return requestsByStatus.computeIfAbsent(status, s -> Counter.builder("asr.requests")
                .description("Requests received on /v1/listen by HTTP status of the response")
                .tag("status", Integer.toString(s))
                .register(registry));
    }

    /** Counts one error response (or abandoned request) with {@code code}. */
    public void recordError(ErrorCode code) {
        errors.get(code).increment();
    }

    /** Records how long a request waited for an inference slot. */
    public void recordQueueWait(long nanos) {
        queueWait.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** Records one successful transcription of {@code audioSeconds} that took {@code processingNanos}. */
    public void recordTranscription(double audioSeconds, long processingNanos) {
        processingDuration.record(processingNanos, TimeUnit.NANOSECONDS);
        this.audioSeconds.increment(audioSeconds);
        if (audioSeconds > 0) {
            realTimeFactor.record(processingNanos / 1e9 / audioSeconds);
        }
    }

    /** Publishes the loaded model: {@code asr_model_info{model,device} 1} and its load time in seconds. */
    public void recordModel(String model, String device, double loadSeconds) {
        modelLoadSeconds.set(loadSeconds);
        // Micrometer strips the reserved suffix _info from gauge names, so this metric is registered with the
        // Prometheus client directly; Info appends _info to the name.
        Info info = Info.builder()
                .name("asr_model")
                .help("Loaded model; the value is always 1")
                .labelNames("model", "device")
                .register(registry.getPrometheusRegistry());
        info.addLabelValues(model, device);
    }

    /** Returns every metric in Prometheus text format 0.0.4 ({@link #CONTENT_TYPE}). */
    public String scrape() {
        return registry.scrape();
    }

    @Override
    public void close() {
        gcMetrics.close();
        registry.close();
    }
}
