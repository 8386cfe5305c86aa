package io.lightningasr.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The chart's metric path with real components on loopback: two asr-server processes, a real
 * Prometheus scraping them the way the rendered ServiceMonitor describes, and the queries that
 * prometheus-adapter and KEDA would run, taken from the rendered chart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MetricPathTest {

    /** Requests kept in flight: 7 per pod. C-1, C and C+1 all give ceil(C / 5) = 3 replicas. */
    private static final int IN_FLIGHT = 14;
    private static final Duration SCRAPE_INTERVAL = Duration.ofSeconds(1);
    /** Two scrape intervals, plus time for Prometheus to commit the scrape and run the query. */
    private static final Duration VISIBLE_WITHIN = SCRAPE_INTERVAL.multipliedBy(2).plusSeconds(2);
    private static final Duration AUDIO = Duration.ofSeconds(30);
    private static final String[] PODS = {"lightning-asr-7d9f-a", "lightning-asr-7d9f-b"};

    private Path workDir;
    private Rendered rendered;
    private final List<AsrServerProcess> servers = new ArrayList<>();
    private PrometheusServer prometheus;

    @BeforeAll
    void startComponents() throws Exception {
        assumeTrue(PrometheusServer.installed(),
                "skipped: /usr/bin/prometheus or /usr/bin/promtool is absent; install the Debian package prometheus");
        workDir = Files.createTempDirectory("metric-path-");
        rendered = Chart.renderYaml("""
                scaling:
                  auto:
                    lightningAsr:
                      servicemonitor:
                        interval: 1s
                        scrapeTimeout: 1s
                """);

        List<CompletableFuture<AsrServerProcess>> starting = new ArrayList<>();
        for (String pod : PODS) {
            starting.add(CompletableFuture.supplyAsync(() -> startServer(pod)));
        }
        for (CompletableFuture<AsrServerProcess> server : starting) {
            servers.add(server.join());
        }

        Path rules = workDir.resolve("rules.yaml");
        Chart.YAML.writeValue(rules.toFile(), rulesFile());
        Path config = workDir.resolve("prometheus.yml");
        Files.writeString(config, scrapeConfig(rules));
        prometheus = PrometheusServer.start(config, workDir);
    }

    private AsrServerProcess startServer(String pod) {
        try {
            // Two slots and one ONNX Runtime thread per pod keep two servers within the 2 build cores.
            return AsrServerProcess.start(pod, workDir, Map.of("ASR_SLOTS", "2", "ASR_QUEUE_SIZE", "16",
                    "ASR_INTRA_OP_THREADS", "1"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @AfterAll
    void stopComponents() throws Exception {
        if (prometheus != null) {
            prometheus.close();
        }
        for (AsrServerProcess server : servers) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void promtoolAcceptsGeneratedConfigAndRules() throws Exception {
        PrometheusServer.Result config = PrometheusServer.promtool("check", "config", workDir.resolve("prometheus.yml").toString());
        assertEquals(0, config.exitCode(), config.output());

        PrometheusServer.Result rules = PrometheusServer.promtool("check", "rules", workDir.resolve("rules.yaml").toString());
        assertEquals(0, rules.exitCode(), rules.output());
        assertTrue(rules.output().contains("SUCCESS: 4 rules found"), rules.output());
    }

    @Test
    @Order(2)
    void adapterQueryIsZeroWhenIdle() throws Exception {
        awaitTargetsUp();

        Map<String, Double> perPod = awaitPerPod(adapterCustomQuery(),
                values -> values.size() == PODS.length && sum(values) == 0, VISIBLE_WITHIN);
        assertEquals(Map.of(PODS[0], 0.0, PODS[1], 0.0), perPod);
    }

    @Test
    @Order(3)
    void adapterQueryTracksInFlightRequests() throws Exception {
        awaitTargetsUp();
        List<URI> targets = new ArrayList<>();
        for (int i = 0; i < IN_FLIGHT; i++) {
            targets.add(servers.get(i % servers.size()).listenUri());
        }
        String kedaQuery = kedaQuery();
        double target = Double.parseDouble(rendered.get("HorizontalPodAutoscaler", "lightning-asr")
                .at("/spec/metrics/0/pods/target/averageValue").asText());
        assertEquals(5.0, target);

        Map<String, Double> underLoad;
        double kedaValue;
        try (InFlightLoad load = new InFlightLoad(targets, InFlightLoad.wav(AUDIO.toSeconds()), Duration.ofSeconds(90))) {
            awaitServersReport(IN_FLIGHT);
            Instant loaded = Instant.now();

            underLoad = awaitPerPod(adapterCustomQuery(),
                    values -> values.size() == PODS.length && Math.abs(sum(values) - IN_FLIGHT) <= 1, VISIBLE_WITHIN);
            Duration visibleAfter = Duration.between(loaded, Instant.now());
            assertTrue(visibleAfter.compareTo(VISIBLE_WITHIN) <= 0, "load visible after " + visibleAfter);

            kedaValue = awaitScalar(kedaQuery, v -> Math.abs(v - IN_FLIGHT) <= 1, VISIBLE_WITHIN);
            assertTrue(load.failures().isEmpty(), "requests failed under load: " + load.failures());
        }

        for (String pod : PODS) {
            assertTrue(Math.abs(underLoad.get(pod) - IN_FLIGHT / 2.0) <= 1, pod + " reported " + underLoad.get(pod));
        }
        double total = sum(underLoad);
        // The HPA's desired count for an AverageValue Pods metric: ceil(sum over pods / target).
        assertEquals(3, (int) Math.ceil(total / target), "sum " + total);
        assertEquals(3, (int) Math.ceil(kedaValue / target), "KEDA sum " + kedaValue);

        Map<String, Double> afterLoad = awaitPerPod(adapterCustomQuery(),
                values -> values.size() == PODS.length && sum(values) == 0, VISIBLE_WITHIN);
        assertEquals(Map.of(PODS[0], 0.0, PODS[1], 0.0), afterLoad);
    }

    @Test
    @Order(4)
    void chartQueriesAreValidPromql() throws Exception {
        List<String> queries = new ArrayList<>();
        queries.add(adapterExternalQuery());
        queries.add(kedaQuery());
        for (JsonNode rule : rendered.get("PrometheusRule", "lightning-asr").at("/spec/groups/0/rules")) {
            queries.add(rule.path("expr").asText());
        }
        JsonNode dashboard = new ObjectMapper().readTree(
                rendered.get("ConfigMap", "lightning-asr-dashboard").at("/data/lightning-asr.json").asText());
        for (JsonNode panel : dashboard.path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.add(target.path("expr").asText()
                        .replace("$namespace", Chart.NAMESPACE)
                        .replace("$asr_metrics_service", "lightning-asr-metrics")
                        .replace("$asr_hpa", "lightning-asr"));
            }
        }
        for (String query : queries) {
            prometheus.queryData(query);
        }
        // The external rule selects the deployment that the API server HPA names. kube-state-metrics
        // is not running here, so the result is empty rather than an error.
        assertTrue(prometheus.query(adapterExternalQuery()).isEmpty());
        // The status-labelled counter series starts with the first finished request, at the end of the load, and
        // rate() needs two samples of it: wait a few scrapes for the second one.
        String requestRate = "sum(rate(asr_requests_total{namespace=\"asr\", service=\"lightning-asr-metrics\"}[1m]))";
        long deadline = System.nanoTime() + VISIBLE_WITHIN.multipliedBy(2).toNanos();
        List<PrometheusServer.Sample> rate = prometheus.query(requestRate);
        while (rate.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(SCRAPE_INTERVAL.toMillis());
            rate = prometheus.query(requestRate);
        }
        assertFalse(rate.isEmpty(), "no result for " + requestRate);
        assertTrue(rate.get(0).value() > 0, "the dashboard's request rate sees the load");
    }

    @Test
    @Order(5)
    void staleSampleAfterRestartIsIgnored() throws Exception {
        awaitTargetsUp();
        Map<String, Double> before = awaitPerPod(adapterCustomQuery(), values -> values.size() == PODS.length, VISIBLE_WITHIN);
        assertEquals(2, before.size());

        // Prometheus dies and comes back from its WAL after pod b is gone. The restarted server never
        // scraped b, so its failed scrapes write no staleness marker and b's last sample stays visible
        // for the five-minute lookback: this is the case the adapter rule's `up == 1` join exists for.
        prometheus.kill();
        servers.get(1).kill();
        prometheus = PrometheusServer.start(workDir.resolve("prometheus.yml"), workDir);
        String podB = "{pod=\"" + PODS[1] + "\"}";
        awaitScalar("up" + podB, v -> v == 0, Duration.ofSeconds(30));

        List<PrometheusServer.Sample> raw = prometheus.query("asr_active_requests" + podB);
        assertEquals(1, raw.size(), "the restarted Prometheus still returns the gone pod's last sample");
        Map<String, Double> perPod = awaitPerPod(adapterCustomQuery(), values -> values.size() == 1, VISIBLE_WITHIN);
        assertEquals(Map.of(PODS[0], 0.0), perPod, "the adapter rule ignores the gone pod");
    }

    @Test
    @Order(6)
    void killedPodStopsCounting() throws Exception {
        Map<String, Double> before = awaitPerPod(adapterCustomQuery(), values -> values.size() == 1, VISIBLE_WITHIN);
        assertEquals(Map.of(PODS[0], 0.0), before);

        servers.get(0).kill();

        Map<String, Double> perPod = awaitPerPod(adapterCustomQuery(), Map::isEmpty, VISIBLE_WITHIN);
        assertEquals(Map.of(), perPod, "a pod killed under a running Prometheus no longer counts");
    }

    /** Returns the adapter's custom rule as prometheus-adapter expands it for `kubectl get ... pods/*`. */
    private String adapterCustomQuery() throws IOException {
        String template = MonitoringRenderTest.adapterConfig(rendered).at("/rules/0/metricsQuery").asText();
        String matchers = "namespace=\"" + Chart.NAMESPACE + "\",pod=~\"" + String.join("|", PODS) + "\"";
        return expand(template, matchers, "pod");
    }

    /** Returns the adapter's external rule as expanded for the API server HPA's selector deployment=lightning-asr. */
    private String adapterExternalQuery() throws IOException {
        String template = MonitoringRenderTest.adapterConfig(rendered).at("/externalRules/0/metricsQuery").asText();
        return expand(template, "deployment=\"lightning-asr\",namespace=\"" + Chart.NAMESPACE + "\"", "namespace");
    }

    private static String expand(String template, String labelMatchers, String groupBy) {
        String query = template.replace("<<.LabelMatchers>>", labelMatchers).replace("<<.GroupBy>>", groupBy);
        assertFalse(query.contains("<<"), "unexpanded placeholder in " + query);
        return query;
    }

    private String kedaQuery() {
        return Chart.renderYaml("""
                        scaling:
                          auto:
                            lightningAsr:
                              keda:
                                enabled: true
                        """)
                .get("ScaledObject", "lightning-asr").at("/spec/triggers/0/metadata/query").asText();
    }

    /** Builds a Prometheus rules file from the PrometheusRule's spec (its rule groups). */
    private ObjectNode rulesFile() {
        ObjectNode file = Chart.YAML.createObjectNode();
        file.set("groups", rendered.get("PrometheusRule", "lightning-asr").at("/spec/groups"));
        return file;
    }

    /**
     * Builds a scrape configuration equivalent to what the Prometheus Operator generates from the rendered
     * ServiceMonitor: its path, interval and timeout, and relabeling from the Kubernetes discovery
     * labels (given here as static target labels) to namespace, pod, service and endpoint.
     */
    private String scrapeConfig(Path rules) {
        JsonNode endpoint = rendered.get("ServiceMonitor", "lightning-asr").at("/spec/endpoints/0");
        assertEquals(SCRAPE_INTERVAL.toSeconds() + "s", endpoint.path("interval").asText());
        StringBuilder targets = new StringBuilder();
        for (int i = 0; i < servers.size(); i++) {
            targets.append("""
                          - targets: ["127.0.0.1:%d"]
                            labels:
                              __meta_kubernetes_namespace: %s
                              __meta_kubernetes_pod_name: %s
                              __meta_kubernetes_service_name: lightning-asr-metrics
                    """.formatted(servers.get(i).metricsPort(), Chart.NAMESPACE, PODS[i]));
        }
        return """
                global:
                  scrape_interval: %1$s
                  evaluation_interval: %1$s
                rule_files:
                  - %2$s
                scrape_configs:
                  - job_name: serviceMonitor/%3$s/lightning-asr/0
                    metrics_path: %4$s
                    scrape_interval: %1$s
                    scrape_timeout: %5$s
                    static_configs:
                %6$s
                    relabel_configs:
                      - source_labels: [__meta_kubernetes_namespace]
                        target_label: namespace
                      - source_labels: [__meta_kubernetes_pod_name]
                        target_label: pod
                      - source_labels: [__meta_kubernetes_service_name]
                        target_label: service
                      - target_label: endpoint
                        replacement: %7$s
                """.formatted(endpoint.path("interval").asText(), rules, Chart.NAMESPACE, endpoint.path("path").asText(),
                endpoint.path("scrapeTimeout").asText(), targets.toString().stripTrailing(), endpoint.path("port").asText());
    }

    private void awaitTargetsUp() throws Exception {
        Instant deadline = Instant.now().plusSeconds(20);
        JsonNode targets = null;
        while (Instant.now().isBefore(deadline)) {
            targets = prometheus.activeTargets();
            long up = 0;
            for (JsonNode t : targets) {
                up += "up".equals(t.path("health").asText()) ? 1 : 0;
            }
            if (up == servers.size()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("scrape targets not up: " + targets + "\nprometheus log:\n" + prometheus.log());
    }

    /** Waits until both servers' own /metrics show {@code expected} requests in total. */
    private void awaitServersReport(int expected) throws Exception {
        Instant deadline = Instant.now().plusSeconds(30);
        double total = -1;
        while (Instant.now().isBefore(deadline)) {
            total = 0;
            for (AsrServerProcess server : servers) {
                total += server.activeRequests();
            }
            if (total == expected) {
                return;
            }
            Thread.sleep(50);
        }
        throw new AssertionError("servers report " + total + " active requests, expected " + expected
                + "\n" + servers.get(0).log());
    }

    private Map<String, Double> awaitPerPod(String query, java.util.function.Predicate<Map<String, Double>> done,
                                            Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        Map<String, Double> values;
        do {
            values = new LinkedHashMap<>();
            for (PrometheusServer.Sample sample : prometheus.query(query)) {
                values.put(sample.label("pod"), sample.value());
            }
            if (done.test(values)) {
                return values;
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("after " + within + " " + query + " returned " + values);
    }

    private double awaitScalar(String query, java.util.function.DoublePredicate done, Duration within) throws Exception {
        Instant deadline = Instant.now().plus(within);
        List<PrometheusServer.Sample> samples;
        do {
            samples = prometheus.query(query);
            if (samples.size() == 1 && done.test(samples.get(0).value())) {
                return samples.get(0).value();
            }
            Thread.sleep(100);
        } while (Instant.now().isBefore(deadline));
        throw new AssertionError("after " + within + " " + query + " returned " + samples);
    }

    private static double sum(Map<String, Double> values) {
        return values.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
