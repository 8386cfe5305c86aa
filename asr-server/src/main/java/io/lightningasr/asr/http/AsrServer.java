package io.lightningasr.asr.http;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.lightningasr.asr.metrics.AsrMetrics;
import io.lightningasr.asr.scheduling.InferenceScheduler;

import java.time.Duration;

/**
 * The running pod: one Helidon web server with the API on its default listener and {@code /metrics} on a
 * second listener, plus the scheduler it drains on shutdown.
 */
public final class AsrServer {

    /** Name of the listener that serves {@code /metrics}. */
    public static final String METRICS_SOCKET = "metrics";

    private static final System.Logger LOG = System.getLogger(AsrServer.class.getName());

    private final WebServer server;
    private final InferenceScheduler scheduler;

    private AsrServer(WebServer server, InferenceScheduler scheduler) {
        this.server = server;
        this.scheduler = scheduler;
    }

    /**
     * Starts both listeners and marks the scheduler ready. Helidon's own shutdown hook is disabled, so a
     * SIGTERM stops the server only through {@link #drainAndStop}.
     *
     * @param host bind address of both listeners
     * @param port API port, 0 for a free one
     * @param metricsPort metrics port, 0 for a free one
     * @param api routing of the API listener, see {@code Main.routing}
     * @param metricsRouting routing of the metrics listener
     */
    public static AsrServer start(String host, int port, int metricsPort, HttpRouting.Builder api,
                                  HttpRouting.Builder metricsRouting, InferenceScheduler scheduler) {
        WebServer server = WebServer.builder()
                .shutdownHook(false)
                .host(host)
                .port(port)
                .routing(api)
                .putSocket(METRICS_SOCKET, socket -> socket.host(host).port(metricsPort).routing(metricsRouting))
                .build()
                .start();
        scheduler.markReady();
        return new AsrServer(server, scheduler);
    }

    /** Returns the bound API port. */
    public int port() {
        return server.port();
    }

    /** Returns the bound metrics port. */
    public int metricsPort() {
        return server.port(METRICS_SOCKET);
    }

    /**
     * Fails readiness and rejects new requests at once, waits up to {@code grace} for admitted requests and
     * running inference tasks to finish, then stops the listeners and the inference threads.
     *
     * @return {@code true} when every admitted request and inference task finished within {@code grace}
     */
    public boolean drainAndStop(Duration grace) {
        scheduler.startDrain();
        LOG.log(System.Logger.Level.INFO, "drain started: readiness fails, new requests get 503;"
                + " waiting up to {0} s for {1} admitted requests and {2} running inference tasks",
                Long.toString(grace.toSeconds()), Integer.toString(scheduler.activeRequests()),
                Integer.toString(scheduler.runningTasks()));
        boolean idle;
        try {
            idle = scheduler.awaitIdle(grace);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            idle = false;
        }
        if (idle) {
            LOG.log(System.Logger.Level.INFO, "drain finished: no request in flight");
        } else {
            LOG.log(System.Logger.Level.WARNING, "drain grace of {0} s elapsed with {1} requests and {2}"
                    + " inference tasks in flight; stopping anyway", Long.toString(grace.toSeconds()),
                    Integer.toString(scheduler.activeRequests()), Integer.toString(scheduler.runningTasks()));
        }
        server.stop();
        scheduler.close();
        LOG.log(System.Logger.Level.INFO, "server stopped");
        return idle;
    }
}
