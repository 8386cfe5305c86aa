package io.lightningasr.charttests;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.DeserializationConfig;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.deser.BeanDeserializerBuilder;
import com.fasterxml.jackson.databind.deser.BeanDeserializerModifier;
import com.fasterxml.jackson.databind.module.SimpleModule;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Parses rendered objects into fabric8's Kubernetes model with unknown fields rejected.
 *
 * <p>fabric8's model classes collect unknown fields in an {@code additionalProperties} map through
 * {@code @JsonAnySetter}, which makes {@code FAIL_ON_UNKNOWN_PROPERTIES} ineffective. This mapper
 * removes the any-setter from every fabric8 model class except GenericKubernetesResource, so a misspelt field raises
 * {@link com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException} naming the field.
 */
final class StrictModel {

    /** Built-in kinds the chart renders, with the apiVersion each must use. */
    static final Map<String, Kind> KINDS = Map.of(
            "Deployment", new Kind("apps/v1", Deployment.class),
            "Service", new Kind("v1", Service.class),
            "ServiceAccount", new Kind("v1", ServiceAccount.class),
            "Secret", new Kind("v1", Secret.class),
            "ConfigMap", new Kind("v1", ConfigMap.class),
            "Pod", new Kind("v1", Pod.class),
            "HorizontalPodAutoscaler", new Kind("autoscaling/v2", HorizontalPodAutoscaler.class),
            "PodDisruptionBudget", new Kind("policy/v1", PodDisruptionBudget.class),
            "NetworkPolicy", new Kind("networking.k8s.io/v1", NetworkPolicy.class));

    /** Custom resources the chart renders, with their apiVersion; parsed as GenericKubernetesResource. */
    static final Map<String, String> CUSTOM_KINDS = Map.of(
            "ServiceMonitor", "monitoring.coreos.com/v1",
            "PrometheusRule", "monitoring.coreos.com/v1",
            "ScaledObject", "keda.sh/v1alpha1");

    record Kind(String apiVersion, Class<? extends HasMetadata> type) {
    }

    private static final ObjectMapper MAPPER = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .registerModule(new SimpleModule().setDeserializerModifier(new BeanDeserializerModifier() {
                @Override
                public BeanDeserializerBuilder updateBuilder(DeserializationConfig config, BeanDescription description,
                                                             BeanDeserializerBuilder builder) {
                    Class<?> type = description.getBeanClass();
                    // GenericKubernetesResource keeps spec and status in its any-setter by design.
                    if (type.getName().startsWith("io.fabric8.kubernetes.api.model")
                            && type != GenericKubernetesResource.class) {
                        builder.setAnySetter(null);
                    }
                    return builder;
                }
            }));

    private StrictModel() {
    }

    /**
     * Parses one rendered object into its fabric8 class.
     *
     * @throws IOException when a field is unknown to the model or has the wrong type
     * @throws IllegalArgumentException when the kind is not one the chart is expected to render
     */
    static HasMetadata parse(JsonNode object) throws IOException {
        String kind = object.path("kind").asText();
        Kind known = KINDS.get(kind);
        if (known != null) {
            return MAPPER.treeToValue(object, known.type());
        }
        if (CUSTOM_KINDS.containsKey(kind)) {
            return MAPPER.treeToValue(object, GenericKubernetesResource.class);
        }
        throw new IllegalArgumentException("unexpected kind " + kind + " in the rendered chart");
    }

    static <T> T parse(JsonNode object, Class<T> type) {
        try {
            return MAPPER.treeToValue(object, type);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
