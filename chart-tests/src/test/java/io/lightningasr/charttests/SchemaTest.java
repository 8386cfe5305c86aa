package io.lightningasr.charttests;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** values.schema.json and the template checks reject bad values with a message naming the key. */
class SchemaTest {

    static Stream<Arguments> invalidValues() {
        return Stream.of(
                Arguments.of("unknown key under scaling.auto.lightningAsr.hpa", """
                        scaling:
                          auto:
                            lightningAsr:
                              hpa:
                                targetActiveRequest: 5
                        """, List.of("targetActiveRequest", "Additional property")),
                Arguments.of("misspelt top-level key", """
                        lightningASR:
                          slots: 4
                        """, List.of("lightningASR", "Additional property")),
                Arguments.of("unknown key under scaling", """
                        scaling:
                          manual: true
                        """, List.of("manual", "Additional property")),
                Arguments.of("zero target", """
                        scaling:
                          auto:
                            lightningAsr:
                              hpa:
                                targetActiveRequests: 0
                        """, List.of("targetActiveRequests", "greater than 0")),
                Arguments.of("negative ratio", """
                        scaling:
                          auto:
                            apiServer:
                              hpa:
                                lightningAsrToApiServerRatio: -1
                        """, List.of("lightningAsrToApiServerRatio", "greater than 0")),
                Arguments.of("zero minReplicas", """
                        scaling:
                          auto:
                            lightningAsr:
                              hpa:
                                minReplicas: 0
                        """, List.of("minReplicas", "greater than or equal to 1")),
                Arguments.of("ASR min above max", """
                        scaling:
                          auto:
                            lightningAsr:
                              hpa:
                                minReplicas: 5
                                maxReplicas: 3
                        """, List.of("scaling.auto.lightningAsr.hpa.minReplicas (5) must not be greater than maxReplicas (3)")),
                Arguments.of("API min above max", """
                        scaling:
                          auto:
                            apiServer:
                              hpa:
                                minReplicas: 4
                                maxReplicas: 2
                        """, List.of("scaling.auto.apiServer.hpa.minReplicas (4) must not be greater than maxReplicas (2)")),
                Arguments.of("unknown policy type", """
                        scaling:
                          auto:
                            lightningAsr:
                              hpa:
                                behavior:
                                  scaleUp:
                                    policies:
                                      - type: Replicas
                                        value: 2
                                        periodSeconds: 15
                        """, List.of("type", "Pods", "Percent")),
                Arguments.of("unknown selectPolicy", """
                        scaling:
                          auto:
                            lightningAsr:
                              hpa:
                                behavior:
                                  scaleDown:
                                    selectPolicy: Lowest
                        """, List.of("selectPolicy", "Max")),
                Arguments.of("negative window", """
                        scaling:
                          auto:
                            lightningAsr:
                              hpa:
                                scaleDownStabilizationWindowSeconds: -5
                        """, List.of("scaleDownStabilizationWindowSeconds")),
                Arguments.of("target as text", """
                        scaling:
                          auto:
                            lightningAsr:
                              hpa:
                                targetActiveRequests: five
                        """, List.of("targetActiveRequests", "number")),
                Arguments.of("KEDA fallback above max", """
                        scaling:
                          auto:
                            lightningAsr:
                              keda:
                                enabled: true
                                fallback:
                                  replicas: 50
                        """, List.of("keda.fallback.replicas (50) must not be greater than scaling.auto.lightningAsr.hpa.maxReplicas (10)")),
                Arguments.of("Prometheus stack name too long", """
                        kube-prometheus-stack:
                          fullnameOverride: lightning-asr-prometheus-stack
                        """, List.of("fullnameOverride", "26")),
                Arguments.of("unknown model source", """
                        models:
                          source: s3
                        """, List.of("source", "bundled")),
                Arguments.of("model URL missing", """
                        models:
                          source: url
                        """, List.of("models.asrModelUrl is empty but models.source is url")),
                Arguments.of("model claim missing", """
                        models:
                          source: pvc
                        """, List.of("models.pvc.claimName is empty")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidValues")
    void badValuesAreRejected(String description, String yaml, List<String> expectedFragments) {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> Chart.render(List.of(Chart.valuesFile(yaml)), Map.of()), description);

        for (String fragment : expectedFragments) {
            assertTrue(error.getMessage().contains(fragment),
                    "message lacks \"" + fragment + "\": " + error.getMessage());
        }
    }
}
