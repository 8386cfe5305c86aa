package io.lightningasr.gateway.routing;

import io.lightningasr.gateway.GatewayConfig;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Background upkeep of the {@link EndpointPool}: re-resolves the headless Service name (when configured) so
 * pods added or removed by the autoscaler are seen, and polls every pod's {@code /health/ready}.
 */
public final class PodWatcher implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(PodWatcher.class.getName());
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(1);

    private final GatewayConfig config;
    private final EndpointPool pool;
    private final HttpClient client;
    private final ScheduledExecutorService scheduler = Executors.newScheduledThreadPool(2,
            Thread.ofPlatform().daemon().name("pod-watcher-", 0).factory());
    private final Map<URI, Endpoint.State> lastLoggedState = new HashMap<>();
    private volatile List<URI> lastResolved = List.of();

    public PodWatcher(GatewayConfig config, EndpointPool pool, HttpClient client) {
        this.config = config;
        this.pool = pool;
        this.client = client;
    }

    /** Fills the pool once, synchronously, then schedules discovery and readiness polling. */
    public void start() {
        if (config.service().isPresent()) {
            resolveService();
            long interval = config.discoveryInterval().toMillis();
            scheduler.scheduleWithFixedDelay(this::resolveService, interval, interval, TimeUnit.MILLISECONDS);
        } else {
            pool.update(config.baseUrls());
        }
        long health = config.healthInterval().toMillis();
        scheduler.scheduleWithFixedDelay(this::pollReadiness, 0, health, TimeUnit.MILLISECONDS);
    }

    private void resolveService() {
        GatewayConfig.ServiceAddress service = config.service().orElseThrow();
        List<URI> uris = new ArrayList<>();
        try {
            for (InetAddress address : InetAddress.getAllByName(service.name())) {
                String host = address instanceof Inet6Address
                        ? "[" + address.getHostAddress() + "]" : address.getHostAddress();
                uris.add(URI.create("http://" + host + ":" + service.port()));
            }
        } catch (UnknownHostException e) {
            // A headless Service without ready pods has no records, which resolves as an unknown host.
            LOG.log(Level.DEBUG, "service " + service.name() + " has no addresses: " + e.getMessage());
        }
        uris.sort(null);
        if (!uris.equals(lastResolved)) {
            LOG.log(Level.INFO, "service " + service.name() + " resolved to " + uris);
            lastResolved = List.copyOf(uris);
            pool.update(uris);
        }
    }

    private void pollReadiness() {
        for (Endpoint endpoint : pool.endpoints()) {
            Thread.ofVirtual().name("ready-poll").start(() -> pollOne(endpoint));
        }
    }

    private void pollOne(Endpoint endpoint) {
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint.baseUri() + "/health/ready"))
                .timeout(READY_TIMEOUT).GET().build();
        try {
            HttpResponse<Void> response = client.send(request, HttpResponse.BodyHandlers.discarding());
            endpoint.readiness(response.statusCode() == 200, System.nanoTime());
        } catch (IOException e) {
            endpoint.readiness(false, System.nanoTime());
            endpoint.backOff(System.nanoTime() + config.backoff().toNanos());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        logStateChange(endpoint);
        pool.wakeWaiters();
    }

    private void logStateChange(Endpoint endpoint) {
        Endpoint.State state = endpoint.state(System.nanoTime());
        synchronized (lastLoggedState) {
            if (lastLoggedState.put(endpoint.baseUri(), state) != state) {
                LOG.log(Level.INFO, "endpoint " + endpoint.baseUri() + " state=" + state);
            }
        }
    }

    @Override
    public void close() {
        scheduler.shutdownNow();
    }
}
