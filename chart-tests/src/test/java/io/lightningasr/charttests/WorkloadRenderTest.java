package io.lightningasr.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Deployments, Services, Secret and NetworkPolicy rendered for the ASR pods and the API server. */
class WorkloadRenderTest {

    private static final String ASR = "lightning-asr";
    private static final String API = "lightning-asr-api-server";

    @Test
    void defaultsRenderEveryComponent() {
        Rendered rendered = Chart.render();

        for (String[] object : new String[][] {
                {"Deployment", ASR}, {"Deployment", API},
                {"Service", API}, {"Service", "lightning-asr-headless"}, {"Service", "lightning-asr-metrics"},
                {"ServiceAccount", ASR}, {"ServiceAccount", API},
                {"PodDisruptionBudget", ASR}, {"PodDisruptionBudget", API},
                {"NetworkPolicy", ASR},
                {"HorizontalPodAutoscaler", ASR}, {"HorizontalPodAutoscaler", API},
                {"ServiceMonitor", ASR}, {"ServiceMonitor", API},
                {"PrometheusRule", ASR},
                {"ConfigMap", "lightning-asr-dashboard"}, {"ConfigMap", "lightning-asr-adapter-rules"}}) {
            assertTrue(rendered.find(object[0], object[1]).isPresent(), object[0] + "/" + object[1] + " missing: " + rendered.summary());
        }
        assertTrue(rendered.ofKind("Secret").isEmpty(), "no Secret without a license key");
        assertTrue(rendered.ofKind("ScaledObject").isEmpty());
    }

    @Test
    void asrPodRequestsGpuByDefault() {
        JsonNode container = asrContainer(Chart.render());

        assertEquals("lightning-asr/asr-server:0.1.0-gpu", container.path("image").asText());
        assertEquals("1", container.at("/resources/limits/nvidia.com~1gpu").asText());
        assertEquals(Chart.render().env(ASR, "ASR_DEVICE").orElseThrow(), "gpu");
    }

    @Test
    void cpuVariantDropsGpuLimit() {
        Rendered rendered = Chart.renderYaml("""
                lightningAsr:
                  gpu:
                    enabled: false
                """);
        JsonNode container = asrContainer(rendered);

        assertEquals("lightning-asr/asr-server:0.1.0-cpu", container.path("image").asText());
        assertTrue(container.at("/resources/limits/nvidia.com~1gpu").isMissingNode());
        assertEquals("cpu", rendered.env(ASR, "ASR_DEVICE").orElseThrow());
    }

    @Test
    void gpuNodeSelectionScenarioPinsPods() {
        Rendered rendered = Chart.render("gpu-node-selection-values.yaml");
        JsonNode pod = rendered.get("Deployment", ASR).at("/spec/template/spec");

        assertEquals("nvidia", pod.path("runtimeClassName").asText());
        assertEquals("NVIDIA-L4", pod.at("/nodeSelector/nvidia.com~1gpu.product").asText());
        assertEquals(1, pod.path("tolerations").size(), "the scenario's tolerations replace the default");
        assertEquals("dedicated", pod.at("/tolerations/0/key").asText());
        assertEquals("node.kubernetes.io/instance-type", pod.at(
                "/affinity/nodeAffinity/requiredDuringSchedulingIgnoredDuringExecution/nodeSelectorTerms/0/matchExpressions/0/key").asText());
        assertEquals("2", pod.at("/containers/0/resources/limits/nvidia.com~1gpu").asText());
        assertTrue(rendered.get("Deployment", API).at("/spec/template/spec/nodeSelector").isMissingNode(),
                "the API server does not need GPU nodes");
    }

    @Test
    void asrPodProbesAndDrainTiming() {
        Rendered rendered = Chart.render();
        JsonNode pod = rendered.get("Deployment", ASR).at("/spec/template/spec");
        JsonNode container = pod.at("/containers/0");

        assertEquals("/health/ready", container.at("/startupProbe/httpGet/path").asText());
        assertTrue(container.at("/startupProbe/periodSeconds").asInt() * container.at("/startupProbe/failureThreshold").asInt() >= 600,
                "the startup probe allows at least ten minutes for a slow model load");
        assertEquals("/health/ready", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/health", container.at("/livenessProbe/httpGet/path").asText());
        assertEquals("http", container.at("/livenessProbe/httpGet/port").asText());
        assertEquals("[\"sleep\",\"5\"]", container.at("/lifecycle/preStop/exec/command").toString());

        int drain = Integer.parseInt(rendered.env(ASR, "ASR_DRAIN_GRACE_SECONDS").orElseThrow());
        assertEquals(60, drain);
        assertEquals(80, pod.path("terminationGracePeriodSeconds").asInt(), "preStop 5 + drain 60 + margin 15");

        JsonNode strategy = rendered.get("Deployment", ASR).at("/spec/strategy");
        assertEquals("RollingUpdate", strategy.path("type").asText());
        assertEquals(0, strategy.at("/rollingUpdate/maxUnavailable").asInt());
        assertEquals(1, strategy.at("/rollingUpdate/maxSurge").asInt());
    }

    @Test
    void drainGraceDrivesEnvAndGracePeriod() {
        Rendered rendered = Chart.renderYaml("""
                lightningAsr:
                  drainGraceSeconds: 300
                  preStopSleepSeconds: 10
                """);

        assertEquals("300", rendered.env(ASR, "ASR_DRAIN_GRACE_SECONDS").orElseThrow());
        assertEquals(325, rendered.get("Deployment", ASR).at("/spec/template/spec/terminationGracePeriodSeconds").asInt());
    }

    @Test
    void asrEnvironmentFollowsValues() {
        Rendered rendered = Chart.renderYaml("""
                lightningAsr:
                  port: 3000
                  metricsPort: 9200
                  slots: 4
                  queueSize: 32
                  intraOpThreads: 2
                  maxBodyMb: 50
                  maxDurationSeconds: 3600
                  requestTimeoutSeconds: 120
                  extraEnv:
                    - name: JAVA_TOOL_OPTIONS
                      value: -Xmx6g
                """);

        Map<String, String> expected = Map.of(
                "ASR_PORT", "3000", "ASR_METRICS_PORT", "9200", "ASR_SLOTS", "4", "ASR_QUEUE_SIZE", "32",
                "ASR_INTRA_OP_THREADS", "2", "ASR_MAX_BODY_MB", "50", "ASR_MAX_DURATION_SECONDS", "3600",
                "ASR_REQUEST_TIMEOUT_SECONDS", "120", "JAVA_TOOL_OPTIONS", "-Xmx6g", "ASR_HOST", "0.0.0.0");
        expected.forEach((name, value) -> assertEquals(value, rendered.env(ASR, name).orElse(null), name));
        assertEquals(9200, rendered.get("Service", "lightning-asr-metrics").at("/spec/ports/0/port").asInt());
        assertEquals(3000, rendered.get("Service", "lightning-asr-headless").at("/spec/ports/0/port").asInt());
        assertEquals("lightning-asr-headless.asr.svc.cluster.local:3000", rendered.env(API, "LIGHTNING_ASR_SERVICE").orElseThrow());
    }

    @Test
    void servicesExposeChartPorts() {
        Rendered rendered = Chart.render();

        JsonNode api = rendered.get("Service", API).path("spec");
        assertEquals("ClusterIP", api.path("type").asText());
        assertEquals(7100, api.at("/ports/0/port").asInt());
        assertEquals("api-server", api.at("/selector/app.kubernetes.io~1component").asText());

        JsonNode headless = rendered.get("Service", "lightning-asr-headless").path("spec");
        assertEquals("None", headless.path("clusterIP").asText());
        assertFalse(headless.path("publishNotReadyAddresses").asBoolean(), "only ready pods are discovered");
        assertEquals(2269, headless.at("/ports/0/port").asInt());

        JsonNode metrics = rendered.get("Service", "lightning-asr-metrics").path("spec");
        assertEquals("metrics", metrics.at("/ports/0/name").asText());
        assertEquals(9090, metrics.at("/ports/0/port").asInt());
        assertEquals("metrics", metrics.at("/ports/0/targetPort").asText());
    }

    @Test
    void gatewayDiscoversPodsThroughHeadlessService() {
        Rendered rendered = Chart.render();

        assertEquals("lightning-asr-headless.asr.svc.cluster.local:2269", rendered.env(API, "LIGHTNING_ASR_SERVICE").orElseThrow());
        assertTrue(rendered.env(API, "LIGHTNING_ASR_BASE_URL").isEmpty());
        assertEquals("7100", rendered.env(API, "API_PORT").orElseThrow());
        JsonNode container = rendered.get("Deployment", API).at("/spec/template/spec/containers/0");
        assertEquals("lightning-asr/api-gateway:0.1.0", container.path("image").asText());
        assertEquals("/health", container.at("/readinessProbe/httpGet/path").asText());
        assertEquals("/health", container.at("/livenessProbe/httpGet/path").asText());
    }

    @Test
    void gatewayUsesExplicitBaseUrls() {
        Rendered rendered = Chart.renderYaml("""
                apiServer:
                  asrBaseUrl: http://asr-1:2269,http://asr-2:2269
                """);

        assertEquals("http://asr-1:2269,http://asr-2:2269", rendered.env(API, "LIGHTNING_ASR_BASE_URL").orElseThrow());
        assertTrue(rendered.env(API, "LIGHTNING_ASR_SERVICE").isEmpty());
    }

    @Test
    void licenseKeysBecomeMountedSecret() {
        Rendered rendered = Chart.renderYaml("""
                global:
                  licenseKey: key-one,key-two
                """);

        JsonNode secret = rendered.get("Secret", "lightning-asr-license");
        assertEquals("key-one\nkey-two", secret.at("/stringData/license-keys").asText());
        assertEquals("/etc/lightning-asr/license/license-keys", rendered.env(API, "LICENSE_KEY_FILE").orElseThrow());
        JsonNode pod = rendered.get("Deployment", API).at("/spec/template/spec");
        assertEquals("lightning-asr-license", pod.at("/volumes/0/secret/secretName").asText());
        assertEquals("/etc/lightning-asr/license", pod.at("/containers/0/volumeMounts/0/mountPath").asText());
        assertFalse(rendered.manifest().contains("LICENSE_KEY\n"), "the key is not placed in a plain env var");
    }

    @Test
    void existingSecretScenarioMountsIt() {
        Rendered rendered = Chart.render("existing-secret-values.yaml");

        assertTrue(rendered.ofKind("Secret").isEmpty(), rendered.summary());
        assertEquals("/etc/lightning-asr/license/keys.txt", rendered.env(API, "LICENSE_KEY_FILE").orElseThrow());
        assertEquals("asr-license", rendered.get("Deployment", API).at("/spec/template/spec/volumes/0/secret/secretName").asText());
    }

    @Test
    void noLicenseMeansNoLicenseFile() {
        Rendered rendered = Chart.render();

        assertTrue(rendered.env(API, "LICENSE_KEY_FILE").isEmpty());
        assertEquals(List.of("tmp"), volumeNames(rendered.get("Deployment", API)));
    }

    @Test
    void networkPolicyAdmitsOnlyApiServerAndPrometheus() {
        Rendered rendered = Chart.render();
        JsonNode spec = rendered.get("NetworkPolicy", ASR).path("spec");

        assertEquals("[\"Ingress\"]", spec.path("policyTypes").toString());
        assertEquals(2, spec.path("ingress").size());
        JsonNode fromApi = spec.at("/ingress/0");
        assertEquals(2269, fromApi.at("/ports/0/port").asInt());
        assertLabelsMatch(fromApi.at("/from/0/podSelector/matchLabels"),
                rendered.get("Deployment", API).at("/spec/template/metadata/labels"));
        assertLabelsMatch(spec.at("/podSelector/matchLabels"),
                rendered.get("Deployment", ASR).at("/spec/template/metadata/labels"));
        assertFalse(matches(fromApi.at("/from/0/podSelector/matchLabels"),
                rendered.get("Deployment", ASR).at("/spec/template/metadata/labels")), "ASR pods cannot call each other");

        JsonNode fromPrometheus = spec.at("/ingress/1");
        assertEquals(9090, fromPrometheus.at("/ports/0/port").asInt());
        assertEquals("prometheus", fromPrometheus.at("/from/0/podSelector/matchLabels/app.kubernetes.io~1name").asText());
        assertTrue(fromPrometheus.at("/from/0/namespaceSelector").isObject());
    }

    @Test
    void pdbsLimitVoluntaryDisruption() {
        Rendered rendered = Chart.render();

        JsonNode asr = rendered.get("PodDisruptionBudget", ASR).path("spec");
        assertEquals(1, asr.path("maxUnavailable").asInt());
        assertLabelsMatch(asr.at("/selector/matchLabels"), rendered.get("Deployment", ASR).at("/spec/template/metadata/labels"));
        JsonNode api = rendered.get("PodDisruptionBudget", API).path("spec");
        assertLabelsMatch(api.at("/selector/matchLabels"), rendered.get("Deployment", API).at("/spec/template/metadata/labels"));
    }

    @Test
    void bundledModelNeedsNoVolume() {
        Rendered rendered = Chart.render();

        assertTrue(rendered.env(ASR, "ASR_MODEL_DIR").isEmpty(), "the image's default model directory applies");
        assertTrue(rendered.get("Deployment", ASR).at("/spec/template/spec/initContainers").isMissingNode());
        assertEquals(List.of("tmp"), volumeNames(rendered.get("Deployment", ASR)));
    }

    @Test
    void modelUrlAddsDownloadInitContainer() {
        Rendered rendered = Chart.renderYaml("""
                models:
                  source: url
                  asrModelUrl: https://models.example.com/en-large.tar.gz
                """);
        JsonNode pod = rendered.get("Deployment", ASR).at("/spec/template/spec");

        JsonNode init = pod.at("/initContainers/0");
        assertEquals("fetch-model", init.path("name").asText());
        assertEquals("https://models.example.com/en-large.tar.gz", init.at("/env/0/value").asText());
        assertEquals("/models", init.at("/volumeMounts/0/mountPath").asText());
        assertEquals("10Gi", pod.at("/volumes/0/emptyDir/sizeLimit").asText());
        assertEquals("/models/model", rendered.env(ASR, "ASR_MODEL_DIR").orElseThrow());
    }

    @Test
    void modelPvcIsMountedReadOnly() {
        Rendered rendered = Chart.renderYaml("""
                models:
                  source: pvc
                  pvc:
                    claimName: asr-models
                    subPath: en-large
                """);
        JsonNode pod = rendered.get("Deployment", ASR).at("/spec/template/spec");

        assertEquals("asr-models", pod.at("/volumes/0/persistentVolumeClaim/claimName").asText());
        assertTrue(pod.at("/containers/0/volumeMounts/0/readOnly").asBoolean());
        assertEquals("/models/en-large", rendered.env(ASR, "ASR_MODEL_DIR").orElseThrow());
    }

    @Test
    void helmTestPodCallsApiHealth() {
        Rendered rendered = Chart.renderTestHooks();
        JsonNode pod = rendered.get("Pod", "lightning-asr-test-health");

        assertEquals("test", pod.at("/metadata/annotations/" + Chart.RENAMED_HOOK_ANNOTATION.replace("/", "~1")).asText(),
                "the pod is a helm test hook");
        JsonNode container = pod.at("/spec/containers/0");
        assertEquals("busybox:1.37", container.path("image").asText());
        assertEquals("http://lightning-asr-api-server:7100/health", container.at("/args/4").asText());
        assertEquals("Never", pod.at("/spec/restartPolicy").asText());
    }

    @Test
    void rootFilesystemsAreReadOnly() {
        Rendered rendered = Chart.render();

        for (String deployment : List.of(ASR, API)) {
            JsonNode container = rendered.get("Deployment", deployment).at("/spec/template/spec/containers/0");
            assertTrue(container.at("/securityContext/readOnlyRootFilesystem").asBoolean(), deployment);
            assertEquals("/tmp", container.at("/volumeMounts/0/mountPath").asText(), deployment + " gets a writable /tmp");
            assertTrue(container.at("/securityContext/allowPrivilegeEscalation").isBoolean(), deployment);
        }
    }

    private static List<String> volumeNames(JsonNode deployment) {
        List<String> names = new ArrayList<>();
        deployment.at("/spec/template/spec/volumes").forEach(v -> names.add(v.path("name").asText()));
        return names;
    }

    private static JsonNode asrContainer(Rendered rendered) {
        return rendered.get("Deployment", ASR).at("/spec/template/spec/containers/0");
    }

    private static void assertLabelsMatch(JsonNode selector, JsonNode labels) {
        assertTrue(matches(selector, labels), "selector " + selector + " does not match labels " + labels);
    }

    private static boolean matches(JsonNode selector, JsonNode labels) {
        List<String> keys = new ArrayList<>();
        selector.fieldNames().forEachRemaining(keys::add);
        assertFalse(keys.isEmpty(), "empty selector");
        return keys.stream().allMatch(k -> selector.path(k).asText().equals(labels.path(k).asText(null)));
    }
}
