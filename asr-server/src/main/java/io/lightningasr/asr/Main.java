package io.lightningasr.asr;

import io.helidon.webserver.http.HttpRouting;
import io.lightningasr.asr.audio.AudioDecoder;
import io.lightningasr.asr.audio.AudioLimits;
import io.lightningasr.asr.config.AsrConfig;
import io.lightningasr.asr.config.ConfigException;
import io.lightningasr.asr.http.AsrServer;
import io.lightningasr.asr.http.HealthService;
import io.lightningasr.asr.http.ListenService;
import io.lightningasr.asr.http.MetricsService;
import io.lightningasr.asr.http.ModelDescription;
import io.lightningasr.asr.inference.InferenceConfig;
import io.lightningasr.asr.inference.ModelInfo;
import io.lightningasr.asr.inference.OnnxTranscriber;
import io.lightningasr.asr.inference.Transcriber;
import io.lightningasr.asr.model.ModelLoadException;
import io.lightningasr.asr.http.Transcription;
import io.lightningasr.asr.metrics.AsrMetrics;
import io.lightningasr.asr.scheduling.InferenceScheduler;
import io.micrometer.core.instrument.Clock;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.LogManager;

import sun.misc.Signal;
import sun.misc.SignalHandler;

/**
 * Entry point of the transcription pod, configured by {@code ASR_*} environment variables (see
 * {@link AsrConfig}). Start-up loads and warms up the model, starts the API and metrics listeners, then
 * prints {@code asr-server listening port=N metrics_port=M} on stdout. SIGTERM drains and exits 0.
 */
public final class Main {

    /** The delay announced in 503 responses, in seconds. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    /**
     * The language the bundled model transcribes.
     * NOTE: model directories carry no language metadata, so every model is assumed to be English.
     */
    static final String MODEL_LANGUAGE = "en";


    private Main() {
    }

    public static void main(String[] args) {
        configureLogging();
        AsrConfig config;
        try {
            config = AsrConfig.fromEnvironment(System.getenv(), projectDirectory());
        } catch (ConfigException e) {
            System.err.println("asr-server: " + e.getMessage());
            System.exit(2);
            return;
        }
        try {
            AsrServer server = start(config);
            installDrainOnSignals(server, config.drainGrace());
            System.out.println("asr-server listening port=" + server.port() + " metrics_port=" + server.metricsPort());
            System.out.flush();
        } catch (ModelStartupException e) {
            log().log(System.Logger.Level.ERROR, "start-up failed: " + e.getMessage(), e);
            System.err.println("asr-server: start-up failed: " + e.getMessage());
            System.exit(1);
        }
    }

    /**
     * Drains and exits 0 on SIGTERM or SIGINT. A signal handler, not a shutdown hook, runs the drain: shutdown
     * hooks run concurrently, and ONNX Runtime's native session crashed (SIGSEGV) when library hooks ran while
     * inference was still in flight. The JVM starts its shutdown only after the drain, through System.exit.
     */
    private static void installDrainOnSignals(AsrServer server, Duration grace) {
        AtomicBoolean draining = new AtomicBoolean();
        SignalHandler handler = signal -> {
            if (draining.compareAndSet(false, true)) {
                log().log(System.Logger.Level.INFO, "received SIG{0}", signal.getName());
                // Not a daemon: the JVM would otherwise exit as soon as the listener threads stop.
                Thread.ofPlatform().name("asr-drain").daemon(false).start(() -> {
                    if (server.drainAndStop(grace)) {
                        System.exit(0);
                    }
                    // Requests still run native inference, which library shutdown hooks would crash under.
                    Runtime.getRuntime().halt(0);
                });
            }
        };
        Signal.handle(new Signal("TERM"), handler);
        Signal.handle(new Signal("INT"), handler);
    }

    /**
     * Loads the model, warms it up, starts both listeners and marks the pod ready.
     *
     * @throws ModelStartupException when the model cannot be loaded on the configured device
     */
    public static AsrServer start(AsrConfig config) throws ModelStartupException {
        Clock clock = Clock.SYSTEM;
        InferenceScheduler scheduler = new InferenceScheduler(config.slots(), config.queueSize(), clock);
        AsrMetrics metrics = new AsrMetrics(clock, scheduler::activeRequests, scheduler::queuedRequests);
        LoadedModel model = LoadedModel.load(config, clock);
        metrics.recordModel(model.description().name(), model.description().device(),
                model.description().loadSeconds());

        AudioDecoder decoder = new AudioDecoder(new AudioLimits(config.maxDurationSeconds()));
        Transcription transcription = new Transcription(decoder::decode, AudioDecoder::sniff, model.transcriber(),
                model.description(), clock);
        ListenService listen = new ListenService(scheduler, metrics, transcription, config.maxBodyBytes(),
                config.requestTimeout(), RETRY_AFTER, clock);
        HealthService health = new HealthService(scheduler, model.description());

        HttpRouting.Builder api = HttpRouting.builder();
        routing(api, listen, health);
        HttpRouting.Builder metricsRouting = HttpRouting.builder();
        metricsRouting(metricsRouting, new MetricsService(metrics));
        AsrServer server = AsrServer.start(config.host(), config.port(), config.metricsPort(), api, metricsRouting,
                scheduler);
        log().log(System.Logger.Level.INFO, "ready: model={0} device={1} provider={2} slots={3} queue={4}"
                        + " port={5} metrics_port={6}", model.description().name(), model.description().device(),
                model.description().executionProvider(), Integer.toString(config.slots()),
                Integer.toString(config.queueSize()), Integer.toString(server.port()),
                Integer.toString(server.metricsPort()));
        return server;
    }

    /** Signals a model directory or device that cannot serve; start-up stops with a non-zero exit. */
    public static final class ModelStartupException extends Exception {
        ModelStartupException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /** The transcriber and its description, loaded and warmed up. */
    record LoadedModel(Transcriber transcriber, ModelDescription description) {

        /**
         * Loads the model of {@code config} and warms it up; the reported load time covers both.
         *
         * @throws ModelStartupException when the directory is not a usable model or the device is unavailable
         */
        static LoadedModel load(AsrConfig config, Clock clock) throws ModelStartupException {
            long started = clock.monotonicTime();
            OnnxTranscriber transcriber;
            try {
                transcriber = OnnxTranscriber.load(new InferenceConfig(config.modelDir(), config.device(),
                        config.intraOpThreads(), config.cuda()));
            } catch (ModelLoadException e) {
                throw new ModelStartupException("cannot load the model from " + config.modelDir() + " (ASR_MODEL_DIR)"
                        + " on device " + config.device().name().toLowerCase(Locale.ROOT) + " (ASR_DEVICE): "
                        + e.getMessage(), e);
            }
            try {
                transcriber.warmUp();
            } catch (RuntimeException e) {
                transcriber.close();
                throw new ModelStartupException("model warm-up failed: " + e.getMessage(), e);
            }
            double seconds = (clock.monotonicTime() - started) / 1e9;
            ModelInfo info = transcriber.modelInfo();
            log().log(System.Logger.Level.INFO, "model {0} loaded and warmed up in {1} s", info.name(),
                    String.format(Locale.ROOT, "%.3f", seconds));
            return new LoadedModel(transcriber, new ModelDescription(info.name(), MODEL_LANGUAGE, info.device(),
                    info.executionProvider(), seconds));
        }
    }

    private static System.Logger log() {
        return System.getLogger(Main.class.getName());
    }

    /** Registers the API: {@code POST /v1/listen}, {@code GET /health} and {@code GET /health/ready}. */
    public static void routing(HttpRouting.Builder routing, ListenService listen, HealthService health) {
        routing.register("/v1/listen", listen)
                .register("/health", health);
    }

    /** Registers {@code GET /metrics} on the metrics listener. */
    public static void metricsRouting(HttpRouting.Builder routing, MetricsService metrics) {
        routing.register("/metrics", metrics);
    }

    /** Applies the bundled logging.properties unless the JVM was given its own configuration. */
    private static void configureLogging() {
        if (System.getProperty("java.util.logging.config.file") != null
                || System.getProperty("java.util.logging.config.class") != null) {
            return;
        }
        try (InputStream in = Main.class.getResourceAsStream("/logging.properties")) {
            if (in != null) {
                LogManager.getLogManager().readConfiguration(in);
            }
        } catch (IOException e) {
            System.err.println("asr-server: cannot read the bundled logging.properties: " + e.getMessage());
        }
    }

    /**
     * Returns the repository directory that contains this module, for a relative ASR_MODEL_DIR: the code
     * lives in {@code <project>/asr-server/target/asr-server.jar} or {@code <project>/asr-server/target/classes}.
     */
    private static Path projectDirectory() {
        try {
            Path code = Path.of(Main.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            Path target = code.getParent();
            Path module = target == null ? null : target.getParent();
            return module == null ? null : module.getParent();
        } catch (URISyntaxException | SecurityException | NullPointerException e) {
            log().log(System.Logger.Level.DEBUG, "cannot locate the project directory", e);
            return null;
        }
    }
}
