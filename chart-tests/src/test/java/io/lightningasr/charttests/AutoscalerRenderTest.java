package io.lightningasr.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HPA and KEDA objects rendered from the vendor's scaling.auto keys and the chart's scenarios. */
class AutoscalerRenderTest {

    private static final String ASR = "lightning-asr";
    private static final String API = "lightning-asr-api-server";

    @Test
    void asrHpaHasVendorDefaults() {
        JsonNode spec = Chart.render().get("HorizontalPodAutoscaler", ASR).path("spec");

        assertEquals("apps/v1", spec.at("/scaleTargetRef/apiVersion").asText());
        assertEquals("Deployment", spec.at("/scaleTargetRef/kind").asText());
        assertEquals(ASR, spec.at("/scaleTargetRef/name").asText());
        assertEquals(1, spec.path("minReplicas").asInt());
        assertEquals(10, spec.path("maxReplicas").asInt());
        assertEquals(1, spec.path("metrics").size(), "only asr_active_requests by default");
        assertActiveRequestsMetric(spec.path("metrics").get(0), "5");
        assertDefaultPolicies(spec.path("behavior"), 0, 300);
    }

    @Test
    void vendorBasicScenarioRendersBothHpas() {
        Rendered rendered = Chart.render("vendor-basic-values.yaml");

        JsonNode asr = rendered.get("HorizontalPodAutoscaler", ASR).path("spec");
        assertEquals(1, asr.path("minReplicas").asInt());
        assertEquals(10, asr.path("maxReplicas").asInt());
        assertActiveRequestsMetric(asr.path("metrics").get(0), "5");
        assertEquals(0, asr.at("/behavior/scaleUp/stabilizationWindowSeconds").asInt());
        assertEquals(300, asr.at("/behavior/scaleDown/stabilizationWindowSeconds").asInt());

        JsonNode api = rendered.get("HorizontalPodAutoscaler", API).path("spec");
        assertEquals(API, api.at("/scaleTargetRef/name").asText());
        assertEquals(1, api.path("minReplicas").asInt());
        assertEquals(10, api.path("maxReplicas").asInt());
        assertEquals(30, api.at("/behavior/scaleUp/stabilizationWindowSeconds").asInt());
        assertEquals(60, api.at("/behavior/scaleDown/stabilizationWindowSeconds").asInt());
        assertTrue(api.at("/behavior/scaleUp/policies").isMissingNode(), "no policies unless behavior sets them");
    }

    @Test
    void apiHpaFollowsAsrReplicaCount() {
        JsonNode metrics = Chart.render().get("HorizontalPodAutoscaler", API).at("/spec/metrics");

        assertEquals(1, metrics.size());
        JsonNode metric = metrics.get(0);
        assertEquals("External", metric.path("type").asText());
        assertEquals("lightning_asr_replica_count", metric.at("/external/metric/name").asText());
        assertEquals(ASR, metric.at("/external/metric/selector/matchLabels/deployment").asText());
        assertEquals("AverageValue", metric.at("/external/target/type").asText());
        assertEquals("2", metric.at("/external/target/averageValue").asText());
    }

    @Test
    void apiHpaRatioAcceptsFraction() {
        Rendered rendered = Chart.renderYaml("""
                scaling:
                  auto:
                    apiServer:
                      hpa:
                        lightningAsrToApiServerRatio: 1.5
                """);

        assertEquals("1.5", rendered.get("HorizontalPodAutoscaler", API)
                .at("/spec/metrics/0/external/target/averageValue").asText());
    }

    @Test
    void vendorAdvancedBehaviorIsRenderedExactly() {
        JsonNode spec = Chart.render("vendor-advanced-behavior-values.yaml")
                .get("HorizontalPodAutoscaler", ASR).path("spec");

        assertEquals(2, spec.path("minReplicas").asInt());
        assertEquals(20, spec.path("maxReplicas").asInt());
        assertActiveRequestsMetric(spec.path("metrics").get(0), "5");
        assertDefaultPolicies(spec.path("behavior"), 5, 300);
    }

    @Test
    void windowKeyAppliesWhenBehaviorHasNoWindow() {
        JsonNode behavior = Chart.render(List.of(), Map.of(
                        "scaling.auto.lightningAsr.hpa.scaleUpStabilizationWindowSeconds", 45,
                        "scaling.auto.lightningAsr.hpa.scaleDownStabilizationWindowSeconds", 600))
                .get("HorizontalPodAutoscaler", ASR).at("/spec/behavior");

        assertEquals(45, behavior.at("/scaleUp/stabilizationWindowSeconds").asInt());
        assertEquals(600, behavior.at("/scaleDown/stabilizationWindowSeconds").asInt());
        assertEquals("Max", behavior.at("/scaleUp/selectPolicy").asText(), "policies still come from behavior");
    }

    @Test
    void behaviorWindowTakesPrecedenceOverWindowKey() {
        JsonNode behavior = Chart.render(List.of(Chart.ciValues("vendor-advanced-behavior-values.yaml")), Map.of(
                        "scaling.auto.lightningAsr.hpa.scaleUpStabilizationWindowSeconds", 45,
                        "scaling.auto.lightningAsr.hpa.scaleDownStabilizationWindowSeconds", 600))
                .get("HorizontalPodAutoscaler", ASR).at("/spec/behavior");

        assertEquals(5, behavior.at("/scaleUp/stabilizationWindowSeconds").asInt());
        assertEquals(300, behavior.at("/scaleDown/stabilizationWindowSeconds").asInt());
    }

    @Test
    void emptyPoliciesFallBackToKubernetesDefaults() {
        JsonNode behavior = Chart.renderYaml("""
                        scaling:
                          auto:
                            lightningAsr:
                              hpa:
                                behavior:
                                  scaleUp:
                                    policies: []
                        """)
                .get("HorizontalPodAutoscaler", ASR).at("/spec/behavior");

        assertTrue(behavior.at("/scaleUp/policies").isMissingNode(), behavior.toString());
        assertEquals(0, behavior.at("/scaleUp/stabilizationWindowSeconds").asInt());
        assertEquals(2, behavior.at("/scaleDown/policies").size(), "scale-down keeps its policies");
    }

    @Test
    void multiMetricScenarioAddsCpuAndMemory() {
        JsonNode metrics = Chart.render("multi-metric-values.yaml")
                .get("HorizontalPodAutoscaler", ASR).at("/spec/metrics");

        assertEquals(3, metrics.size());
        assertActiveRequestsMetric(metrics.get(0), "5");
        assertResourceMetric(metrics.get(1), "cpu", 70);
        assertResourceMetric(metrics.get(2), "memory", 80);
    }

    @Test
    void hpaDisabledScenarioKeepsFixedReplicas() {
        Rendered rendered = Chart.render("hpa-disabled-values.yaml");

        assertTrue(rendered.ofKind("HorizontalPodAutoscaler").isEmpty(), rendered.summary());
        assertEquals(3, rendered.get("Deployment", ASR).at("/spec/replicas").asInt());
        assertEquals(2, rendered.get("Deployment", API).at("/spec/replicas").asInt());
    }

    @Test
    void deploymentsOmitReplicasUnderHpa() {
        Rendered rendered = Chart.render();

        assertTrue(rendered.get("Deployment", ASR).at("/spec/replicas").isMissingNode(),
                "the ASR HPA owns the replica count");
        assertTrue(rendered.get("Deployment", API).at("/spec/replicas").isMissingNode(),
                "the API server HPA owns the replica count");
    }

    @Test
    void autoScalingSwitchOffRemovesAutoscalers() {
        Rendered rendered = Chart.render(List.of(), Map.of("scaling.auto.enabled", false));

        assertTrue(rendered.ofKind("HorizontalPodAutoscaler").isEmpty(), rendered.summary());
        assertTrue(rendered.ofKind("ScaledObject").isEmpty(), rendered.summary());
        assertEquals(1, rendered.get("Deployment", ASR).at("/spec/replicas").asInt());
        assertEquals(1, rendered.get("Deployment", API).at("/spec/replicas").asInt());
        assertFalse(rendered.ofKind("ServiceMonitor").isEmpty(), "ServiceMonitors do not depend on scaling.auto.enabled");
    }

    @Test
    void onlyApiHpaDisabledKeepsAsrHpa() {
        Rendered rendered = Chart.render(List.of(), Map.of("scaling.auto.apiServer.hpa.enabled", false));

        assertTrue(rendered.find("HorizontalPodAutoscaler", API).isEmpty());
        assertTrue(rendered.find("HorizontalPodAutoscaler", ASR).isPresent());
        assertEquals(1, rendered.get("Deployment", API).at("/spec/replicas").asInt());
    }

    @Test
    void kedaScenarioReplacesAsrHpa() {
        Rendered rendered = Chart.render("keda-values.yaml");

        assertTrue(rendered.find("HorizontalPodAutoscaler", ASR).isEmpty(), "KEDA creates its own HPA");
        assertTrue(rendered.find("HorizontalPodAutoscaler", API).isPresent());
        assertTrue(rendered.get("Deployment", ASR).at("/spec/replicas").isMissingNode());

        ObjectNode scaledObject = rendered.get("ScaledObject", ASR);
        assertEquals("keda.sh/v1alpha1", scaledObject.path("apiVersion").asText());
        JsonNode spec = scaledObject.path("spec");
        assertEquals(ASR, spec.at("/scaleTargetRef/name").asText());
        assertEquals(2, spec.path("minReplicaCount").asInt());
        assertEquals(12, spec.path("maxReplicaCount").asInt());
        assertEquals(10, spec.path("pollingInterval").asInt());
        assertEquals(120, spec.path("cooldownPeriod").asInt());
        assertEquals("keda-hpa-lightning-asr", spec.at("/advanced/horizontalPodAutoscalerConfig/name").asText());
        assertTrue(rendered.get("PrometheusRule", ASR).at("/spec/groups/0/rules/0/expr").asText()
                .contains("horizontalpodautoscaler=\"keda-hpa-lightning-asr\""), "the max-replicas alert follows KEDA's HPA");
        assertEquals(3, spec.at("/fallback/failureThreshold").asInt());
        assertEquals(6, spec.at("/fallback/replicas").asInt());
        assertDefaultPolicies(spec.at("/advanced/horizontalPodAutoscalerConfig/behavior"), 0, 300);

        JsonNode triggers = spec.path("triggers");
        assertEquals(1, triggers.size());
        JsonNode trigger = triggers.get(0);
        assertEquals("prometheus", trigger.path("type").asText());
        assertEquals("AverageValue", trigger.path("metricType").asText(),
                "the HPA divides the summed query by the replica count once");
        JsonNode metadata = trigger.path("metadata");
        assertEquals("http://prometheus-operated.monitoring.svc:9090", metadata.path("serverAddress").asText());
        assertEquals("sum(max by (namespace, pod) (asr_active_requests{namespace=\"asr\", service=\"lightning-asr-metrics\"}))",
                metadata.path("query").asText());
        assertEquals("4", metadata.path("threshold").asText());
        assertEquals("false", metadata.path("ignoreNullValues").asText());
    }

    @Test
    void kedaFallbackDefaultsToMaxReplicas() {
        JsonNode spec = Chart.render(List.of(), Map.of("scaling.auto.lightningAsr.keda.enabled", true))
                .get("ScaledObject", ASR).path("spec");

        assertEquals(10, spec.at("/fallback/replicas").asInt());
        assertEquals(
                "http://lightning-asr-monitoring-prometheus.asr.svc:9090",
                spec.at("/triggers/0/metadata/serverAddress").asText(),
                "defaults to the kube-prometheus-stack Service of the release");
    }

    static void assertActiveRequestsMetric(JsonNode metric, String target) {
        assertEquals("Pods", metric.path("type").asText());
        assertEquals("asr_active_requests", metric.at("/pods/metric/name").asText());
        assertEquals("AverageValue", metric.at("/pods/target/type").asText());
        assertEquals(target, metric.at("/pods/target/averageValue").asText());
    }

    private static void assertResourceMetric(JsonNode metric, String name, int utilization) {
        assertEquals("Resource", metric.path("type").asText());
        assertEquals(name, metric.at("/resource/name").asText());
        assertEquals("Utilization", metric.at("/resource/target/type").asText());
        assertEquals(utilization, metric.at("/resource/target/averageUtilization").asInt());
    }

    /** Asserts the vendor's policies: up Percent 100 / Pods 2 per 15 s (Max), down Percent 50 / Pods 1 per 60 s (Min). */
    private static void assertDefaultPolicies(JsonNode behavior, int upWindow, int downWindow) {
        assertEquals(upWindow, behavior.at("/scaleUp/stabilizationWindowSeconds").asInt());
        assertEquals("Max", behavior.at("/scaleUp/selectPolicy").asText());
        assertPolicy(behavior.at("/scaleUp/policies/0"), "Percent", 100, 15);
        assertPolicy(behavior.at("/scaleUp/policies/1"), "Pods", 2, 15);
        assertEquals(2, behavior.at("/scaleUp/policies").size());

        assertEquals(downWindow, behavior.at("/scaleDown/stabilizationWindowSeconds").asInt());
        assertEquals("Min", behavior.at("/scaleDown/selectPolicy").asText());
        assertPolicy(behavior.at("/scaleDown/policies/0"), "Percent", 50, 60);
        assertPolicy(behavior.at("/scaleDown/policies/1"), "Pods", 1, 60);
        assertEquals(2, behavior.at("/scaleDown/policies").size());
    }

    private static void assertPolicy(JsonNode policy, String type, int value, int periodSeconds) {
        assertEquals(type, policy.path("type").asText(), policy.toString());
        assertEquals(value, policy.path("value").asInt(), policy.toString());
        assertEquals(periodSeconds, policy.path("periodSeconds").asInt(), policy.toString());
    }
}
