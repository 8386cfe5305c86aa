package io.lightningasr.gateway;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lightningasr.gateway.auth.Authenticator;
import io.lightningasr.gateway.auth.LicenseKeys;
import io.lightningasr.gateway.http.BufferBudget;
import io.lightningasr.gateway.net.AddressPolicy;
import io.lightningasr.gateway.net.UrlFetcher;
import io.lightningasr.gateway.routing.EndpointPool;
import io.lightningasr.gateway.routing.Forwarder;
import io.lightningasr.gateway.routing.PodWatcher;

import java.net.http.HttpClient;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The gateway's long-lived components, built from one {@link GatewayConfig}; {@link #close()} stops the
 * background tasks (pod discovery, readiness polling, key file reloading).
 */
public final class GatewayContext implements AutoCloseable {
    final GatewayConfig config;
    final ObjectMapper json = new ObjectMapper();
    final LicenseKeys keys;
    final Authenticator authenticator;
    final BufferBudget budget;
    final EndpointPool pool;
    final GatewayMetrics metrics;
    final UrlFetcher fetcher;
    final Forwarder forwarder;
    private final HttpClient upstreamClient;
    private final PodWatcher watcher;
    private final ScheduledExecutorService keyReloader = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("license-key-reload").factory());

    private GatewayContext(GatewayConfig config) {
        this.config = config;
        keys = new LicenseKeys(config.licenseKeys(), config.licenseKeyFile());
        authenticator = new Authenticator(keys);
        AddressPolicy policy;
        try {
            policy = new AddressPolicy(config.urlAllowlist());
        } catch (IllegalArgumentException e) {
            throw new ConfigException("API_URL_ALLOWLIST", "comma-separated host names and CIDR blocks",
                    String.join(",", config.urlAllowlist()));
        }
        budget = new BufferBudget(config.maxBufferedBytes());
        pool = new EndpointPool(config.queueSize(), config.loadReportTtl().toNanos());
        metrics = new GatewayMetrics(pool, budget);
        fetcher = new UrlFetcher(policy, config.fetchConnectTimeout(), config.fetchReadTimeout(),
                config.fetchTotalTimeout());
        metrics.bindFetcher(fetcher);
        upstreamClient = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        forwarder = new Forwarder(upstreamClient, pool, metrics, config.maxAttempts(), config.queueTimeout(),
                config.backoff());
        watcher = new PodWatcher(config, pool, upstreamClient);
    }

    /**
     * Builds the components and starts pod discovery, readiness polling and key file reloading.
     *
     * @throws ConfigException when no license key is configured or the allow-list is invalid
     */
    public static GatewayContext start(GatewayConfig config) {
        GatewayContext context = new GatewayContext(config);
        context.watcher.start();
        if (config.licenseKeyFile().isPresent()) {
            long interval = config.keyReloadInterval().toMillis();
            context.keyReloader.scheduleWithFixedDelay(context.keys::reloadIfChanged, interval, interval,
                    TimeUnit.MILLISECONDS);
        }
        return context;
    }

    public GatewayMetrics metrics() {
        return metrics;
    }

    @Override
    public void close() {
        keyReloader.shutdownNow();
        watcher.close();
        fetcher.close();
        upstreamClient.close();
        metrics.close();
    }
}
