package io.lightningasr.gateway.api;

import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightningasr.gateway.GatewayMetrics;

import java.nio.charset.StandardCharsets;

/** {@code GET /metrics} in the Prometheus text format; no license key needed. */
public final class MetricsService implements HttpService {
    private final GatewayMetrics metrics;

    public MetricsService(GatewayMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/metrics", this::scrape);
    }

    private void scrape(ServerRequest request, ServerResponse response) {
        response.header("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
        response.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
