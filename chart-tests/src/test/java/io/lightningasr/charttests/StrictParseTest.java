package io.lightningasr.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.nio.file.Files;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every rendered object parses into fabric8's model with unknown fields rejected. */
class StrictParseTest {

    /** Fields the chart may set, per custom resource, checked by hand because fabric8 has no model for them. */
    private static final Map<String, Set<String>> CUSTOM_SPEC_FIELDS = Map.of(
            "ServiceMonitor", Set.of("selector", "namespaceSelector", "endpoints"),
            "PrometheusRule", Set.of("groups"),
            "ScaledObject", Set.of("scaleTargetRef", "minReplicaCount", "maxReplicaCount", "pollingInterval",
                    "cooldownPeriod", "fallback", "advanced", "triggers"));
    private static final Set<String> ENDPOINT_FIELDS = Set.of("port", "path", "interval", "scrapeTimeout");
    private static final Set<String> RULE_FIELDS = Set.of("alert", "expr", "for", "labels", "annotations");
    private static final Set<String> TRIGGER_FIELDS = Set.of("type", "metricType", "metadata");
    private static final Set<String> PROMETHEUS_TRIGGER_METADATA = Set.of("serverAddress", "query", "threshold", "ignoreNullValues");

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"defaults", "vendor-basic-values.yaml", "vendor-advanced-behavior-values.yaml", "multi-metric-values.yaml",
            "hpa-disabled-values.yaml", "keda-values.yaml", "gpu-node-selection-values.yaml", "existing-secret-values.yaml"})
    void scenarioParsesStrictly(String scenario) throws IOException {
        Rendered rendered = scenario.equals("defaults") ? Chart.render() : Chart.render(scenario);

        assertAllParse(rendered);
    }

    @Test
    void everyScenarioFileIsCovered() throws IOException {
        try (var files = Files.list(Chart.sourceDir().resolve("ci"))) {
            assertEquals(7, files.filter(f -> f.toString().endsWith("-values.yaml")).count(),
                    "a new scenario under chart/ci needs an entry in scenarioParsesStrictly");
        }
    }

    @Test
    void optionalObjectsParseStrictly() throws IOException {
        assertAllParse(Chart.renderYaml("""
                global:
                  licenseKey: key-one
                models:
                  source: url
                  asrModelUrl: https://models.example.com/en.onnx
                  asrTokensUrl: https://models.example.com/tokens.txt
                lightningAsr:
                  extraEnv:
                    - name: JAVA_TOOL_OPTIONS
                      value: -Xmx6g
                scaling:
                  auto:
                    lightningAsr:
                      keda:
                        enabled: true
                """));
        assertAllParse(Chart.renderYaml("""
                models:
                  source: pvc
                  pvc:
                    claimName: models
                """));
        assertAllParse(Chart.renderTestHooks());
    }

    @Test
    void misspeltFieldIsRejected() throws IOException {
        ObjectNode deployment = Chart.render().get("Deployment", "lightning-asr").deepCopy();
        ((ObjectNode) deployment.at("/spec/template/spec")).put("terminationGracePeriod", 30);

        UnrecognizedPropertyException error = assertThrows(UnrecognizedPropertyException.class,
                () -> StrictModel.parse(deployment));
        assertEquals("terminationGracePeriod", error.getPropertyName());
    }

    @Test
    void misspeltHpaFieldIsRejected() throws IOException {
        ObjectNode hpa = Chart.render().get("HorizontalPodAutoscaler", "lightning-asr").deepCopy();
        ((ObjectNode) hpa.at("/spec/behavior/scaleUp")).put("stabilizationWindow", 30);

        assertThrows(UnrecognizedPropertyException.class, () -> StrictModel.parse(hpa));
    }

    @Test
    void typedModelCarriesValues() throws IOException {
        Rendered rendered = Chart.render();

        HorizontalPodAutoscaler hpa = (HorizontalPodAutoscaler) StrictModel.parse(rendered.get("HorizontalPodAutoscaler", "lightning-asr"));
        assertEquals("5", hpa.getSpec().getMetrics().get(0).getPods().getTarget().getAverageValue().toString());
        assertEquals(300, hpa.getSpec().getBehavior().getScaleDown().getStabilizationWindowSeconds());
        Deployment asr = (Deployment) StrictModel.parse(rendered.get("Deployment", "lightning-asr"));
        assertEquals(0, asr.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getIntVal());
        assertEquals(null, asr.getSpec().getReplicas());
    }

    private static void assertAllParse(Rendered rendered) throws IOException {
        assertFalse(rendered.objects().isEmpty());
        for (ObjectNode object : rendered.objects()) {
            String kind = object.path("kind").asText();
            String name = object.at("/metadata/name").asText();
            HasMetadata parsed = StrictModel.parse(object);
            assertEquals(name, parsed.getMetadata().getName());
            if (StrictModel.KINDS.containsKey(kind)) {
                assertEquals(StrictModel.KINDS.get(kind).apiVersion(), object.path("apiVersion").asText(), kind + "/" + name);
            } else {
                assertEquals(StrictModel.CUSTOM_KINDS.get(kind), object.path("apiVersion").asText(), kind + "/" + name);
                assertTrue(parsed instanceof GenericKubernetesResource);
                checkCustomResource(kind, name, object.path("spec"));
            }
        }
    }

    private static void checkCustomResource(String kind, String name, JsonNode spec) {
        assertKnownFields(kind + "/" + name + " spec", spec, CUSTOM_SPEC_FIELDS.get(kind));
        switch (kind) {
            case "ServiceMonitor" -> {
                for (JsonNode endpoint : spec.path("endpoints")) {
                    assertKnownFields(kind + "/" + name + " endpoint", endpoint, ENDPOINT_FIELDS);
                }
                assertTrue(spec.at("/selector/matchLabels").size() > 0);
            }
            case "PrometheusRule" -> {
                for (JsonNode group : spec.path("groups")) {
                    assertKnownFields(kind + " group", group, Set.of("name", "rules"));
                    for (JsonNode rule : group.path("rules")) {
                        assertKnownFields(kind + " rule " + rule.path("alert").asText(), rule, RULE_FIELDS);
                        assertFalse(rule.path("expr").asText().isBlank());
                    }
                }
            }
            case "ScaledObject" -> {
                assertKnownFields("ScaledObject fallback", spec.path("fallback"), Set.of("failureThreshold", "replicas"));
                assertKnownFields("ScaledObject advanced", spec.path("advanced"), Set.of("horizontalPodAutoscalerConfig"));
                // The behavior block has the autoscaling/v2 type, so fabric8's model checks it.
                StrictModel.parse(spec.at("/advanced/horizontalPodAutoscalerConfig/behavior"),
                        io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscalerBehavior.class);
                for (JsonNode trigger : spec.path("triggers")) {
                    assertKnownFields("ScaledObject trigger", trigger, TRIGGER_FIELDS);
                    assertKnownFields("prometheus trigger metadata", trigger.path("metadata"), PROMETHEUS_TRIGGER_METADATA);
                    trigger.path("metadata").forEach(v -> assertTrue(v.isTextual(), "KEDA trigger metadata values are strings: " + v));
                }
            }
            default -> throw new AssertionError("no field check for " + kind);
        }
    }

    private static void assertKnownFields(String where, JsonNode node, Set<String> allowed) {
        assertTrue(node.isObject(), where + " is not an object: " + node);
        List<String> unknown = new java.util.ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String field = it.next();
            if (!allowed.contains(field)) {
                unknown.add(field);
            }
        }
        assertEquals(List.of(), unknown, "unknown fields in " + where);
    }
}
