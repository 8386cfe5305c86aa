package io.lightningasr.loadtest.simulate;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads the HPA settings from Helm values files: the chart's {@code values.yaml}, then user files merged over it
 * the way Helm merges {@code -f} files (maps merge key by key, other values and lists replace).
 *
 * <p>Keys under {@code scaling.auto.lightningAsr.hpa}: {@code minReplicas}, {@code maxReplicas},
 * {@code targetActiveRequests}, {@code scaleUpStabilizationWindowSeconds}, {@code scaleDownStabilizationWindowSeconds}
 * and {@code behavior.scaleUp|scaleDown.{stabilizationWindowSeconds, selectPolicy, policies[{type, value,
 * periodSeconds}]}}. A window under {@code behavior} wins over the flat key. Missing keys keep the vendor defaults of
 * {@link HpaSettings#vendorDefaults()}.
 */
public final class HpaValues {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final List<String> HPA_PATH = List.of("scaling", "auto", "lightningAsr", "hpa");
    // The same key sets as chart/values.schema.json, which rejects any other key, so a values file that Helm
    // would refuse is not simulated with defaults in place of a misspelt key.
    private static final Set<String> HPA_KEYS = Set.of("enabled", "minReplicas", "maxReplicas",
            "targetActiveRequests", "scaleUpStabilizationWindowSeconds", "scaleDownStabilizationWindowSeconds",
            "behavior", "resourceMetrics");
    private static final Set<String> BEHAVIOR_KEYS = Set.of("scaleUp", "scaleDown");
    private static final Set<String> RULES_KEYS = Set.of("stabilizationWindowSeconds", "policies", "selectPolicy");
    private static final Set<String> POLICY_KEYS = Set.of("type", "value", "periodSeconds");

    private HpaValues() {
    }

    /**
     * Loads and merges values files in order; later files win.
     *
     * @throws IOException              when a file cannot be read or is not YAML
     * @throws IllegalArgumentException when a value has the wrong type or range, naming the key
     */
    public static HpaSettings load(List<Path> files) throws IOException {
        Map<String, Object> merged = new LinkedHashMap<>();
        for (Path file : files) {
            Object tree = YAML.readValue(file.toFile(), Object.class);
            if (tree == null) {
                continue;
            }
            if (!(tree instanceof Map<?, ?> map)) {
                throw new IllegalArgumentException(file + ": expected a YAML mapping at the top level");
            }
            merge(merged, asStringMap(map));
        }
        return fromValues(merged);
    }

    /** Returns the settings of an already merged values tree. */
    public static HpaSettings fromValues(Map<String, Object> values) {
        Map<String, Object> hpa = values;
        for (String key : HPA_PATH) {
            Object child = hpa.get(key);
            if (!(child instanceof Map<?, ?> map)) {
                return HpaSettings.vendorDefaults();
            }
            hpa = asStringMap(map);
        }
        HpaSettings defaults = HpaSettings.vendorDefaults();
        String prefix = String.join(".", HPA_PATH) + ".";
        requireKnownKeys(hpa, HPA_KEYS, prefix);
        int min = intValue(hpa, "minReplicas", defaults.minReplicas(), prefix);
        int max = intValue(hpa, "maxReplicas", defaults.maxReplicas(), prefix);
        double target = doubleValue(hpa, "targetActiveRequests", defaults.targetActiveRequests(), prefix);
        int upWindow = intValue(hpa, "scaleUpStabilizationWindowSeconds",
                defaults.scaleUp().stabilizationWindowSeconds(), prefix);
        int downWindow = intValue(hpa, "scaleDownStabilizationWindowSeconds",
                defaults.scaleDown().stabilizationWindowSeconds(), prefix);
        Map<String, Object> behavior = mapValue(hpa, "behavior", prefix);
        requireKnownKeys(behavior, BEHAVIOR_KEYS, prefix + "behavior.");
        ScalingRules up = rules(mapValue(behavior, "scaleUp", prefix + "behavior."),
                defaults.scaleUp().withStabilizationWindowSeconds(upWindow), prefix + "behavior.scaleUp.");
        ScalingRules down = rules(mapValue(behavior, "scaleDown", prefix + "behavior."),
                defaults.scaleDown().withStabilizationWindowSeconds(downWindow), prefix + "behavior.scaleDown.");
        return new HpaSettings(min, max, target, up, down);
    }

    private static ScalingRules rules(Map<String, Object> spec, ScalingRules defaults, String prefix) {
        requireKnownKeys(spec, RULES_KEYS, prefix);
        int window = intValue(spec, "stabilizationWindowSeconds", defaults.stabilizationWindowSeconds(), prefix);
        Object select = spec.get("selectPolicy");
        ScalingRules.SelectPolicy selectPolicy = select == null
                ? defaults.selectPolicy() : ScalingRules.SelectPolicy.fromSpec(select.toString());
        List<ScalingPolicy> policies = defaults.policies();
        Object list = spec.get("policies");
        if (list != null) {
            if (!(list instanceof List<?> items)) {
                throw new IllegalArgumentException(prefix + "policies: expected a list, got " + list);
            }
            policies = new ArrayList<>();
            for (int i = 0; i < items.size(); i++) {
                String itemPrefix = prefix + "policies[" + i + "].";
                if (!(items.get(i) instanceof Map<?, ?> item)) {
                    throw new IllegalArgumentException(itemPrefix + ": expected a mapping, got " + items.get(i));
                }
                Map<String, Object> policy = asStringMap(item);
                requireKnownKeys(policy, POLICY_KEYS, itemPrefix);
                Object type = policy.get("type");
                if (type == null) {
                    throw new IllegalArgumentException(itemPrefix + "type is missing: expected Pods or Percent");
                }
                policies.add(new ScalingPolicy(ScalingPolicy.Type.fromSpec(type.toString()),
                        intValue(policy, "value", -1, itemPrefix), intValue(policy, "periodSeconds", -1, itemPrefix)));
            }
        }
        return new ScalingRules(window, selectPolicy, policies);
    }

    private static void requireKnownKeys(Map<String, Object> map, Set<String> known, String prefix) {
        for (String key : map.keySet()) {
            if (!known.contains(key)) {
                throw new IllegalArgumentException(prefix + key + ": unknown key, expected one of "
                        + known.stream().sorted().toList());
            }
        }
    }

    @SuppressWarnings("unchecked")
    private static void merge(Map<String, Object> target, Map<String, Object> overlay) {
        overlay.forEach((key, value) -> {
            Object existing = target.get(key);
            if (existing instanceof Map<?, ?> existingMap && value instanceof Map<?, ?> valueMap) {
                Map<String, Object> copy = new LinkedHashMap<>((Map<String, Object>) existingMap);
                merge(copy, asStringMap(valueMap));
                target.put(key, copy);
            } else {
                target.put(key, value);
            }
        });
    }

    private static Map<String, Object> mapValue(Map<String, Object> map, String key, String prefix) {
        Object value = map.get(key);
        if (value == null) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> child)) {
            throw new IllegalArgumentException(prefix + key + ": expected a mapping, got " + value);
        }
        return asStringMap(child);
    }

    private static int intValue(Map<String, Object> map, String key, int fallback, String prefix) {
        Object value = map.get(key);
        if (value == null) {
            if (fallback < 0) {
                throw new IllegalArgumentException(prefix + key + " is missing: expected an integer");
            }
            return fallback;
        }
        if (value instanceof Number number && number.doubleValue() == Math.rint(number.doubleValue())) {
            return number.intValue();
        }
        throw new IllegalArgumentException(prefix + key + ": expected an integer, got " + value);
    }

    private static double doubleValue(Map<String, Object> map, String key, double fallback, String prefix) {
        Object value = map.get(key);
        if (value == null) {
            return fallback;
        }
        if (value instanceof Number number) {
            return number.doubleValue();
        }
        // Quantities such as "5" or "500m" are valid in an HPA target; values files may quote them.
        String text = value.toString().strip();
        try {
            return text.endsWith("m") ? Double.parseDouble(text.substring(0, text.length() - 1)) / 1000
                    : Double.parseDouble(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(prefix + key + ": expected a number, got " + value, e);
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> asStringMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}
