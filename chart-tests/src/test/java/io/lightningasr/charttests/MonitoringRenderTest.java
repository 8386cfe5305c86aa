package io.lightningasr.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** ServiceMonitors, prometheus-adapter rules, alerts, the dashboard and the optional dependencies. */
class MonitoringRenderTest {

    private static final String ASR = "lightning-asr";

    @Test
    void asrServiceMonitorScrapesMetricsPort() {
        Rendered rendered = Chart.render();
        JsonNode monitor = rendered.get("ServiceMonitor", ASR);

        assertEquals("monitoring.coreos.com/v1", monitor.path("apiVersion").asText());
        assertEquals("lightning-asr", monitor.at("/metadata/labels/release").asText(), "kube-prometheus-stack selects release=<its release>");
        JsonNode endpoints = monitor.at("/spec/endpoints");
        assertEquals(1, endpoints.size());
        assertEquals("metrics", endpoints.at("/0/port").asText());
        assertEquals("/metrics", endpoints.at("/0/path").asText());
        assertEquals("5s", endpoints.at("/0/interval").asText());
        assertEquals("4s", endpoints.at("/0/scrapeTimeout").asText());
        assertEquals("[\"asr\"]", monitor.at("/spec/namespaceSelector/matchNames").toString());

        JsonNode selector = monitor.at("/spec/selector/matchLabels");
        assertTrue(selects(selector, rendered.get("Service", "lightning-asr-metrics")), "selects the metrics Service");
        assertFalse(selects(selector, rendered.get("Service", "lightning-asr-headless")), "skips the headless Service");
        JsonNode metricsPort = rendered.get("Service", "lightning-asr-metrics").at("/spec/ports/0/name");
        assertEquals(endpoints.at("/0/port").asText(), metricsPort.asText());
    }

    @Test
    void apiServiceMonitorScrapesGateway() {
        Rendered rendered = Chart.render();
        JsonNode monitor = rendered.get("ServiceMonitor", "lightning-asr-api-server");

        assertEquals("http", monitor.at("/spec/endpoints/0/port").asText());
        assertEquals("/metrics", monitor.at("/spec/endpoints/0/path").asText());
        assertEquals("15s", monitor.at("/spec/endpoints/0/interval").asText());
        assertTrue(selects(monitor.at("/spec/selector/matchLabels"), rendered.get("Service", "lightning-asr-api-server")));
        assertEquals("http", rendered.get("Service", "lightning-asr-api-server").at("/spec/ports/0/name").asText());
    }

    @Test
    void releaseLabelAndIntervalAreConfigurable() {
        Rendered rendered = Chart.renderYaml("""
                monitoring:
                  releaseLabel: kube-prometheus-stack
                scaling:
                  auto:
                    lightningAsr:
                      servicemonitor:
                        interval: 2s
                        scrapeTimeout: 1s
                """);

        assertEquals("kube-prometheus-stack", rendered.get("ServiceMonitor", ASR).at("/metadata/labels/release").asText());
        assertEquals("kube-prometheus-stack", rendered.get("PrometheusRule", ASR).at("/metadata/labels/release").asText());
        assertEquals("2s", rendered.get("ServiceMonitor", ASR).at("/spec/endpoints/0/interval").asText());
        assertEquals("1s", rendered.get("ServiceMonitor", ASR).at("/spec/endpoints/0/scrapeTimeout").asText());
    }

    @Test
    void serviceMonitorsCanBeDisabled() {
        Rendered rendered = Chart.renderYaml("""
                scaling:
                  auto:
                    lightningAsr:
                      servicemonitor:
                        enabled: false
                    apiServer:
                      servicemonitor:
                        enabled: false
                """);

        assertTrue(rendered.ofKind("ServiceMonitor").isEmpty(), rendered.summary());
    }

    @Test
    void adapterRulesServeActiveRequestsPerPod() throws IOException {
        JsonNode config = adapterConfig(Chart.render());

        assertEquals(1, config.path("rules").size());
        JsonNode rule = config.at("/rules/0");
        assertEquals("asr_active_requests{namespace!=\"\",pod!=\"\"}", rule.path("seriesQuery").asText());
        assertEquals("namespace", rule.at("/resources/overrides/namespace/resource").asText());
        assertEquals("pod", rule.at("/resources/overrides/pod/resource").asText());
        assertEquals("asr_active_requests", rule.at("/name/as").asText());
        String query = rule.path("metricsQuery").asText();
        assertTrue(query.startsWith("max by (<<.GroupBy>>) (asr_active_requests{<<.LabelMatchers>>}"), query);
        assertTrue(query.contains("and on (namespace, pod) (up{<<.LabelMatchers>>} == 1)"), query);
    }

    @Test
    void adapterRulesServeAsrReplicaCount() throws IOException {
        JsonNode config = adapterConfig(Chart.render());

        assertEquals(1, config.path("externalRules").size());
        JsonNode rule = config.at("/externalRules/0");
        assertEquals("kube_deployment_status_replicas{namespace!=\"\",deployment!=\"\"}", rule.path("seriesQuery").asText());
        assertEquals("namespace", rule.at("/resources/overrides/namespace/resource").asText());
        assertEquals("lightning_asr_replica_count", rule.at("/name/as").asText());
        assertEquals("max by (namespace, deployment) (kube_deployment_status_replicas{<<.LabelMatchers>>})",
                rule.path("metricsQuery").asText());
    }

    @Test
    void adapterConfigMapMatchesSubchartValues() throws IOException {
        JsonNode values = Chart.YAML.readTree(Chart.sourceDir().resolve("values.yaml").toFile());
        JsonNode config = adapterConfig(Chart.render());

        JsonNode rules = values.at("/prometheus-adapter/rules");
        assertFalse(rules.path("default").asBoolean(), "the adapter's catch-all rules are off");
        assertEquals(rules.path("custom"), config.path("rules"));
        assertEquals(rules.path("external"), config.path("externalRules"));
    }

    @Test
    void dependenciesAreOptionalWithVendorValues() throws IOException {
        JsonNode chart = Chart.YAML.readTree(Chart.sourceDir().resolve("Chart.yaml").toFile());
        JsonNode values = Chart.YAML.readTree(Chart.sourceDir().resolve("values.yaml").toFile());

        assertEquals("v2", chart.path("apiVersion").asText());
        assertEquals("lightning-asr", chart.path("name").asText());
        assertEquals("0.1.0", chart.path("appVersion").asText());
        List<String> names = new ArrayList<>();
        for (JsonNode dependency : chart.path("dependencies")) {
            String name = dependency.path("name").asText();
            names.add(name);
            assertEquals(name + ".enabled", dependency.path("condition").asText());
            assertFalse(values.path(name).path("enabled").asBoolean(true), name + " is off by default");
        }
        assertEquals(List.of("kube-prometheus-stack", "prometheus-adapter"), names);

        JsonNode stack = values.path("kube-prometheus-stack");
        assertFalse(stack.at("/prometheus/prometheusSpec/serviceMonitorSelectorNilUsesHelmValues").asBoolean(true));
        assertTrue(stack.at("/prometheusOperator/enabled").asBoolean());
        assertTrue(stack.at("/grafana/enabled").asBoolean());
        JsonNode adapter = values.path("prometheus-adapter");
        assertEquals(9090, adapter.at("/prometheus/port").asInt());
        assertTrue(adapter.at("/prometheus/url").asText().startsWith("http://lightning-asr-monitoring-prometheus."),
                "points at the Prometheus Service named by kube-prometheus-stack.fullnameOverride");
    }

    @Test
    void dashboardCoversScalingAndLatency() throws IOException {
        JsonNode configMap = Chart.render().get("ConfigMap", "lightning-asr-dashboard");

        assertEquals("1", configMap.at("/metadata/labels/grafana_dashboard").asText());
        JsonNode dashboard = new ObjectMapper().readTree(configMap.at("/data/lightning-asr.json").asText());
        List<String> titles = new ArrayList<>();
        StringBuilder expressions = new StringBuilder();
        for (JsonNode panel : dashboard.path("panels")) {
            titles.add(panel.path("title").asText());
            for (JsonNode target : panel.path("targets")) {
                expressions.append(target.path("expr").asText()).append('\n');
            }
        }
        assertTrue(titles.contains("Active requests per pod vs target"), titles.toString());
        assertTrue(titles.contains("Desired vs current ASR replicas"), titles.toString());
        String all = expressions.toString();
        for (String needle : List.of("asr_active_requests", "kube_horizontalpodautoscaler_spec_target_metric",
                "kube_horizontalpodautoscaler_status_desired_replicas", "kube_horizontalpodautoscaler_status_current_replicas",
                "rate(asr_requests_total", "histogram_quantile(0.5,", "histogram_quantile(0.95,", "histogram_quantile(0.99,",
                "asr_real_time_factor", "asr_batch_queue_depth", "asr_errors_total")) {
            assertTrue(all.contains(needle), "dashboard has no query with " + needle);
        }
    }

    @Test
    void prometheusRuleHasScalingAlerts() {
        JsonNode rules = Chart.render().get("PrometheusRule", ASR).at("/spec/groups/0/rules");
        List<String> alerts = new ArrayList<>();
        rules.forEach(r -> alerts.add(r.path("alert").asText()));

        assertEquals(List.of("LightningAsrHpaAtMaxReplicas", "LightningAsrQueueGrowing", "LightningAsrPodsNotReady",
                "LightningAsrHighErrorRate"), alerts);
        assertTrue(rules.at("/0/expr").asText().contains("horizontalpodautoscaler=\"lightning-asr\""));
        assertEquals("15m", rules.at("/0/for").asText());
        assertTrue(rules.at("/3/expr").asText().contains("> 0.05"));
    }

    @Test
    void monitoringObjectsCanBeDisabled() {
        Rendered rendered = Chart.renderYaml("""
                monitoring:
                  prometheusRule:
                    enabled: false
                  dashboard:
                    enabled: false
                  adapterRules:
                    enabled: false
                """);

        assertTrue(rendered.ofKind("PrometheusRule").isEmpty());
        assertTrue(rendered.ofKind("ConfigMap").isEmpty(), rendered.summary());
    }

    /** Parsed config.yaml of the rendered adapter rules ConfigMap. */
    static JsonNode adapterConfig(Rendered rendered) throws IOException {
        String config = rendered.get("ConfigMap", "lightning-asr-adapter-rules").at("/data/config.yaml").asText();
        return Chart.YAML.readTree(config);
    }

    private static boolean selects(JsonNode selector, JsonNode service) {
        JsonNode labels = service.at("/metadata/labels");
        List<String> keys = new ArrayList<>();
        selector.fieldNames().forEachRemaining(keys::add);
        return !keys.isEmpty() && keys.stream().allMatch(k -> selector.path(k).asText().equals(labels.path(k).asText(null)));
    }
}
