package io.lightningasr.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every key documented in values.yaml changes the rendered chart when its value changes.
 *
 * <p>Each leaf of values.yaml is changed on its own (after the context values some keys need, such
 * as models.source=url for the download keys), and the manifest must differ from the one rendered
 * with only the context values.
 */
class ValueCoverageTest {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    /** Keys read only by the optional subcharts; this chart does not render them. */
    private static final List<String> SUBCHART_KEYS = List.of(
            "kube-prometheus-stack.enabled",
            "kube-prometheus-stack.prometheus.prometheusSpec.serviceMonitorSelectorNilUsesHelmValues",
            "kube-prometheus-stack.prometheus.prometheusSpec.ruleSelectorNilUsesHelmValues",
            "kube-prometheus-stack.prometheusOperator.enabled",
            "kube-prometheus-stack.grafana.enabled",
            "prometheus-adapter.enabled",
            "prometheus-adapter.prometheus.url",
            "prometheus-adapter.prometheus.port",
            "prometheus-adapter.rules.default");

    /** Context values (YAML) that make a key take effect, by key prefix. */
    private static final Map<String, String> CONTEXT = new LinkedHashMap<>();

    static {
        CONTEXT.put("scaling.auto.lightningAsr.keda.enabled", "");
        CONTEXT.put("scaling.auto.lightningAsr.keda.", "scaling: {auto: {lightningAsr: {keda: {enabled: true}}}}");
        CONTEXT.put("monitoring.prometheusUrl", "scaling: {auto: {lightningAsr: {keda: {enabled: true}}}}");
        CONTEXT.put("kube-prometheus-stack.fullnameOverride", "scaling: {auto: {lightningAsr: {keda: {enabled: true}}}}");
        CONTEXT.put("models.source", "models: {pvc: {claimName: models}}");
        CONTEXT.put("models.pvc.", "models: {source: pvc, pvc: {claimName: models}}");
        CONTEXT.put("models.asrTokensUrl", "models: {source: url, asrModelUrl: 'https://m.example.com/m.onnx', asrTokensUrl: 'https://m.example.com/t.txt'}");
        CONTEXT.put("models.", "models: {source: url, asrModelUrl: 'https://m.example.com/m.tar.gz'}");
        CONTEXT.put("global.existingSecretKey", "global: {existingSecret: asr-license}");
        CONTEXT.put("lightningAsr.replicaCount", "scaling: {auto: {lightningAsr: {hpa: {enabled: false}}}}");
        CONTEXT.put("apiServer.replicaCount", "scaling: {auto: {apiServer: {hpa: {enabled: false}}}}");
        CONTEXT.put("scaling.auto.lightningAsr.hpa.resourceMetrics.cpu.averageUtilization",
                "scaling: {auto: {lightningAsr: {hpa: {resourceMetrics: {cpu: {enabled: true}}}}}}");
        CONTEXT.put("scaling.auto.lightningAsr.hpa.resourceMetrics.memory.averageUtilization",
                "scaling: {auto: {lightningAsr: {hpa: {resourceMetrics: {memory: {enabled: true}}}}}}");
        CONTEXT.put("tests.", "");
    }

    /** Replacement values where the generic change (flip, +1, suffix) would be invalid. */
    private static final Map<String, JsonNode> REPLACEMENTS = Map.ofEntries(
            Map.entry("models.source", NODES.textNode("pvc")),
            Map.entry("kube-prometheus-stack.fullnameOverride", NODES.textNode("asr-monitoring")),
            Map.entry("lightningAsr.image.pullPolicy", NODES.textNode("Always")),
            Map.entry("apiServer.image.pullPolicy", NODES.textNode("Always")),
            Map.entry("apiServer.service.type", NODES.textNode("LoadBalancer")),
            Map.entry("scaling.auto.lightningAsr.servicemonitor.interval", NODES.textNode("7s")),
            Map.entry("scaling.auto.lightningAsr.servicemonitor.scrapeTimeout", NODES.textNode("3s")),
            Map.entry("scaling.auto.apiServer.servicemonitor.interval", NODES.textNode("30s")),
            Map.entry("models.downloadVolumeSizeLimit", NODES.textNode("20Gi")),
            Map.entry("lightningAsr.gpu.resourceName", NODES.textNode("amd.com/gpu")),
            Map.entry("scaling.auto.lightningAsr.keda.fallback.replicas", NODES.numberNode(4)),
            Map.entry("scaling.auto.lightningAsr.hpa.behavior.scaleUp.policies.0.type", NODES.textNode("Pods")),
            Map.entry("scaling.auto.lightningAsr.hpa.behavior.scaleDown.policies.0.type", NODES.textNode("Pods")),
            Map.entry("scaling.auto.lightningAsr.hpa.behavior.scaleUp.policies.1.type", NODES.textNode("Percent")),
            Map.entry("scaling.auto.lightningAsr.hpa.behavior.scaleDown.policies.1.type", NODES.textNode("Percent")),
            Map.entry("scaling.auto.lightningAsr.hpa.behavior.scaleUp.selectPolicy", NODES.textNode("Min")),
            Map.entry("scaling.auto.lightningAsr.hpa.behavior.scaleDown.selectPolicy", NODES.textNode("Max")),
            Map.entry("imagePullSecrets", list(object("name", "registry"))),
            Map.entry("lightningAsr.extraEnv", list(object("name", "EXTRA", "value", "1"))),
            Map.entry("apiServer.extraEnv", list(object("name", "EXTRA", "value", "1"))),
            Map.entry("apiServer.tolerations", list(object("key", "k", "operator", "Exists"))),
            Map.entry("lightningAsr.securityContext.capabilities.drop", list(NODES.textNode("NET_RAW"))),
            Map.entry("apiServer.securityContext.capabilities.drop", list(NODES.textNode("NET_RAW"))),
            Map.entry("scaling.auto.apiServer.hpa.behavior", Chart.YAML.valueToTree(
                    Map.of("scaleUp", Map.of("stabilizationWindowSeconds", 10)))));

    @TestFactory
    Stream<DynamicTest> everyValueTakesEffect() throws IOException {
        JsonNode values = Chart.YAML.readTree(Chart.sourceDir().resolve("values.yaml").toFile());
        Map<String, Leaf> leaves = new LinkedHashMap<>();
        collectLeaves(List.of(), values, leaves);
        assertTrue(leaves.size() > 100, "values.yaml walked: " + leaves.size() + " leaves");

        return leaves.entrySet().stream()
                .filter(e -> !SUBCHART_KEYS.contains(e.getKey()))
                .map(e -> DynamicTest.dynamicTest(e.getKey(), () -> assertTakesEffect(e.getKey(), e.getValue())));
    }

    /** A leaf of values.yaml: its path (segments may contain dots, like app.kubernetes.io/name) and default. */
    private record Leaf(List<String> path, JsonNode value) {
    }

    private static void assertTakesEffect(String key, Leaf leaf) throws IOException {
        JsonNode original = leaf.value();
        String context = CONTEXT.entrySet().stream()
                .filter(c -> key.startsWith(c.getKey()))
                .map(Map.Entry::getValue)
                .findFirst()
                .orElse("{}");
        JsonNode changed = REPLACEMENTS.containsKey(key) ? REPLACEMENTS.get(key) : change(key, original);

        List<java.nio.file.Path> baseFiles = List.of(Chart.valuesFile(context));
        String base = key.startsWith("tests.")
                ? Chart.renderTestHooks().manifest()
                : Chart.renderRaw(baseFiles, Map.of());

        ObjectNode override = (ObjectNode) Chart.YAML.readTree(Chart.YAML.writeValueAsString(
                Chart.YAML.readTree(context.isEmpty() ? "{}" : context)));
        setPath(override, leaf.path(), changed);
        String yaml = Chart.YAML.writeValueAsString(override);
        String mutated = key.startsWith("tests.")
                ? renderTestHooksWith(yaml)
                : Chart.renderRaw(List.of(Chart.valuesFile(yaml)), Map.of());

        // assertFalse, because assertNotEquals would print both manifests in full.
        assertFalse(base.equals(mutated), "changing " + key + " from " + original + " to " + changed + " changed nothing");
    }

    private static String renderTestHooksWith(String yaml) {
        return Chart.renderTestHooks(Chart.valuesFile(yaml)).manifest();
    }

    private static JsonNode change(String key, JsonNode original) {
        if (original.isBoolean()) {
            return NODES.booleanNode(!original.asBoolean());
        }
        if (original.isIntegralNumber()) {
            return NODES.numberNode(original.asLong() + 1);
        }
        if (original.isNumber()) {
            return NODES.numberNode(original.asDouble() / 2);
        }
        if (original.isTextual()) {
            String text = original.asText();
            if (text.isEmpty()) {
                return NODES.textNode(key.toLowerCase().contains("url") ? "http://changed.example.com:9090" : "changed");
            }
            if (text.matches("-?[0-9]+")) {
                return NODES.textNode(String.valueOf(Long.parseLong(text) + 1));
            }
            if (text.matches("[0-9]+(m|Mi|Gi)")) {
                return NODES.textNode(text.replaceAll("^[0-9]+", String.valueOf(Long.parseLong(text.replaceAll("\\D.*", "")) + 1)));
            }
            return NODES.textNode(text + "-changed");
        }
        if (original.isNull()) {
            return NODES.numberNode(3);
        }
        if (original.isObject()) {
            return object("changed.example.com/key", "changed");
        }
        throw new IllegalArgumentException("no generic change for " + key + " = " + original + "; add a replacement");
    }

    /** Leaves are scalars, empty maps and lists of scalars or maps (a list element's fields are leaves). */
    private static void collectLeaves(List<String> path, JsonNode node, Map<String, Leaf> out) {
        if (node.isObject() && !node.isEmpty()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                collectLeaves(append(path, e.getKey()), e.getValue(), out);
            }
        } else if (node.isArray() && !node.isEmpty() && node.get(0).isObject()) {
            for (int i = 0; i < node.size(); i++) {
                collectLeaves(append(path, String.valueOf(i)), node.get(i), out);
            }
        } else {
            out.put(String.join(".", path), new Leaf(path, node));
        }
    }

    private static List<String> append(List<String> path, String segment) {
        List<String> longer = new java.util.ArrayList<>(path);
        longer.add(segment);
        return List.copyOf(longer);
    }

    /**
     * Sets a dotted key in a values tree. A numeric segment addresses a list element: the whole
     * default list is copied in first, because Helm replaces lists rather than merging them.
     */
    private static void setPath(ObjectNode root, List<String> path, JsonNode value) throws IOException {
        JsonNode defaults = Chart.YAML.readTree(Chart.sourceDir().resolve("values.yaml").toFile());
        String[] parts = path.toArray(String[]::new);
        JsonNode node = root;
        JsonNode defaultNode = defaults;
        for (int i = 0; i < parts.length - 1; i++) {
            String part = parts[i];
            JsonNode next;
            defaultNode = defaultNode == null ? null : (defaultNode.isArray() ? defaultNode.get(Integer.parseInt(part)) : defaultNode.get(part));
            if (node.isArray()) {
                next = node.get(Integer.parseInt(part));
            } else {
                next = node.get(part);
                if (next == null) {
                    boolean listNext = parts[i + 1].matches("[0-9]+");
                    next = listNext ? defaultNode.deepCopy() : NODES.objectNode();
                    ((ObjectNode) node).set(part, next);
                }
            }
            node = next;
        }
        String last = parts[parts.length - 1];
        if (node.isArray()) {
            ((com.fasterxml.jackson.databind.node.ArrayNode) node).set(Integer.parseInt(last), value);
        } else {
            ((ObjectNode) node).set(last, value);
        }
    }

    private static ObjectNode object(String... keyValues) {
        ObjectNode node = NODES.objectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.put(keyValues[i], keyValues[i + 1]);
        }
        return node;
    }

    private static JsonNode list(JsonNode... items) {
        var array = NODES.arrayNode();
        for (JsonNode item : items) {
            array.add(item);
        }
        return array;
    }

}
