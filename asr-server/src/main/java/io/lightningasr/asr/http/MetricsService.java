package io.lightningasr.asr.http;

import io.helidon.http.HeaderNames;
import io.helidon.webserver.http.HttpRules;
import io.helidon.webserver.http.HttpService;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;
import io.lightningasr.asr.metrics.AsrMetrics;

import java.nio.charset.StandardCharsets;

/** {@code GET /metrics} in Prometheus text format 0.0.4, served on the metrics port. */
public final class MetricsService implements HttpService {

    private final AsrMetrics metrics;

    public MetricsService(AsrMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void routing(HttpRules rules) {
        rules.get("/", this::scrape);
    }

    private void scrape(ServerRequest req, ServerResponse res) {
        res.header(HeaderNames.CONTENT_TYPE, AsrMetrics.CONTENT_TYPE);
        res.send(metrics.scrape().getBytes(StandardCharsets.UTF_8));
    }
}
