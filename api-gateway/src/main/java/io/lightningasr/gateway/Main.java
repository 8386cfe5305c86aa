package io.lightningasr.gateway;

import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.HttpRouting;
import io.lightningasr.gateway.api.HealthService;
import io.lightningasr.gateway.api.ListenService;
import io.lightningasr.gateway.api.MetricsService;

import java.lang.System.Logger.Level;
import java.security.Security;

/** Entry point of the API gateway: reads the configuration from the environment and serves on API_PORT. */
public final class Main {
    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        GatewayConfig config;
        GatewayContext context;
        try {
            config = GatewayConfig.fromEnv(System.getenv());
            configureDnsCache(config);
            context = GatewayContext.start(config);
        } catch (ConfigException e) {
            System.err.println("api-gateway: invalid configuration: " + e.getMessage());
            System.exit(2);
            return;
        }
        WebServer server = WebServer.builder()
                .host(config.host())
                .port(config.port())
                .routing(routing -> routing(routing, context))
                .build()
                .start();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            LOG.log(Level.INFO, "api-gateway stopping");
            server.stop();
            context.close();
        }, "api-gateway-shutdown"));
        LOG.log(Level.INFO, "api-gateway started port=" + server.port() + " endpoints="
                + (config.service().isPresent() ? config.service().get() : config.baseUrls()));
        System.out.println("api-gateway listening port=" + server.port());
    }

    /** Registers the gateway's services; tests start a server with the same routing. */
    public static void routing(HttpRouting.Builder routing, GatewayContext context) {
        routing.register(new HealthService(context.pool, context.budget, context.json))
                .register(new MetricsService(context.metrics))
                .register(new ListenService(context.config, context.authenticator, context.budget, context.fetcher,
                        context.forwarder, context.metrics, context.json));
    }

    /**
     * Caps the JVM's DNS cache at the discovery interval, so re-resolving the headless Service finds new pods.
     * The JDK caches successful lookups for 30 s by default.
     */
    private static void configureDnsCache(GatewayConfig config) {
        long seconds = Math.max(1, config.discoveryInterval().toSeconds());
        Security.setProperty("networkaddress.cache.ttl", Long.toString(seconds));
        Security.setProperty("networkaddress.cache.negative.ttl", "1");
    }
}
