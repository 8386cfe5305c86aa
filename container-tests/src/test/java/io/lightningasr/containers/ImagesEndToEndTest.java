package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.model.ExposedPort;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.images.builder.ImageFromDockerfile;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Builds the CPU images from Dockerfile.cpu and Dockerfile.gateway, starts a pod and the gateway, and
 * transcribes a sample through both. Runs only where a Docker engine is reachable; JUnit reports it as
 * skipped elsewhere.
 *
 * <p>Requirements: the base images named in the Dockerfiles' {@code ARG} lines must be pullable or already
 * loaded, the image builds need Maven Central, and the containers use host networking (Linux engines).
 * Set {@code TESTCONTAINERS_RYUK_DISABLED=true} where the Ryuk image cannot be pulled; this class then
 * stops its containers itself. Building both images takes minutes, so the class is tagged {@code docker}:
 * {@code -DexcludedGroups=docker} leaves it out. {@code -Ddocker.build.network=host} runs the image builds on
 * the host network, for engines started without a default bridge. Where the test JVM itself runs in a
 * container, {@code TESTCONTAINERS_HOST_OVERRIDE=localhost} keeps Testcontainers from starting a helper
 * container (alpine:3.17) to find the engine's address.
 */
@Tag("docker")
@Testcontainers(disabledWithoutDocker = true)
class ImagesEndToEndTest {

    private static final Path ROOT = Repo.root();
    private static final Duration START_TIMEOUT = Duration.ofMinutes(3);
    private static final Pattern ASR_READY = Pattern.compile("asr-server listening port=(\\d+) metrics_port=(\\d+)");
    private static final Pattern GATEWAY_READY = Pattern.compile("api-gateway listening port=(\\d+)");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String LICENSE_KEY = UUID.randomUUID().toString();

    private static String asrImage;
    private static String gatewayImage;
    private static GenericContainer<?> asrServer;
    private static GenericContainer<?> gateway;
    private static int asrPort;
    private static int metricsPort;
    private static int gatewayPort;

    @BeforeAll
    static void startPodAndGateway() throws IOException {
        asrImage = build("Dockerfile.cpu");
        gatewayImage = build("Dockerfile.gateway");

        // Host networking with port 0: each server binds a free loopback port and prints it.
        asrServer = new GenericContainer<>(asrImage)
                .withNetworkMode("host")
                .withEnv(Map.of("ASR_HOST", "127.0.0.1", "ASR_PORT", "0", "ASR_METRICS_PORT", "0"))
                .waitingFor(Wait.forLogMessage(".*asr-server listening port=.*", 1).withStartupTimeout(START_TIMEOUT));
        asrServer.start();
        Matcher asrReady = ASR_READY.matcher(asrServer.getLogs());
        assertTrue(asrReady.find(), "no ready line in the asr-server log");
        asrPort = Integer.parseInt(asrReady.group(1));
        metricsPort = Integer.parseInt(asrReady.group(2));

        gateway = new GenericContainer<>(gatewayImage)
                .withNetworkMode("host")
                .withEnv(Map.of("API_HOST", "127.0.0.1", "API_PORT", "0", "LICENSE_KEY", LICENSE_KEY,
                        "LIGHTNING_ASR_BASE_URL", "http://127.0.0.1:" + asrPort))
                .waitingFor(Wait.forLogMessage(".*api-gateway listening port=.*", 1).withStartupTimeout(START_TIMEOUT));
        gateway.start();
        Matcher gatewayReady = GATEWAY_READY.matcher(gateway.getLogs());
        assertTrue(gatewayReady.find(), "no ready line in the api-gateway log");
        gatewayPort = Integer.parseInt(gatewayReady.group(1));
    }

    @AfterAll
    static void stopContainers() {
        // Stopped here rather than by Ryuk, which may be disabled.
        if (gateway != null) {
            gateway.stop();
        }
        if (asrServer != null) {
            asrServer.stop();
        }
    }

    private static String build(String dockerfile) throws IOException {
        Dockerfile parsed = Dockerfile.parse(ROOT.resolve(dockerfile));
        // Passing the ARG defaults lets Testcontainers resolve the FROM lines and pre-pull the base images.
        ImageFromDockerfile image = new ImageFromDockerfile(
                "lightning-asr-test/" + dockerfile.toLowerCase(Locale.ROOT).replace('.', '-'), true)
                .withDockerfile(ROOT.resolve(dockerfile))
                .withBuildArgs(parsed.globalArgDefaults());
        // Engines without a default bridge network (dockerd --bridge=none) need "host" for Maven's downloads.
        String buildNetwork = System.getProperty("docker.build.network");
        if (buildNetwork != null && !buildNetwork.isBlank()) {
            image.withBuildImageCmdModifier(command -> command.withNetworkMode(buildNetwork));
        }
        return image.get();
    }

    @Test
    void cpuImageUserAndPorts() {
        InspectImageResponse image = DockerClientFactory.instance().client().inspectImageCmd(asrImage).exec();

        assertEquals("10001:10001", image.getConfig().getUser());
        List<String> ports = Arrays.stream(image.getConfig().getExposedPorts()).map(ExposedPort::toString).sorted().toList();
        assertEquals(List.of("2269/tcp", "9090/tcp"), ports);
        List<String> env = List.of(image.getConfig().getEnv());
        assertTrue(env.contains("ASR_DEVICE=cpu"), "image environment: " + env);
        assertTrue(env.contains("ASR_MODEL_DIR=/app/models/demo-en"), "image environment: " + env);
    }

    @Test
    void podReportsCpuDevice() throws Exception {
        HttpResponse<String> metrics = send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).GET());

        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().lines().anyMatch(line -> line.startsWith("asr_model_info{")
                && line.contains("device=\"cpu\"")), "asr_model_info does not report the CPU");
    }

    @Test
    void sampleTranscribesThroughGateway() throws Exception {
        Path sample = firstWavSample();
        byte[] audio = Files.readAllBytes(sample);

        HttpResponse<String> direct = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + asrPort + "/v1/listen"))
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(audio)));
        HttpResponse<String> viaGateway = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatewayPort + "/v1/listen"))
                .header("Content-Type", "audio/wav")
                .header("Authorization", "Token " + LICENSE_KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(audio)));

        assertEquals(200, direct.statusCode(), "pod: " + direct.body());
        assertEquals(200, viaGateway.statusCode(), "gateway: " + viaGateway.body());
        JsonNode podResult = JSON.readTree(direct.body());
        JsonNode gatewayResult = JSON.readTree(viaGateway.body());
        assertFalse(gatewayResult.path("text").asText().isBlank(), sample + " transcribed to nothing");
        assertEquals(podResult.path("text").asText(), gatewayResult.path("text").asText(),
                "the gateway changed the pod's transcript");
        // The gateway reads this header to correct its count of the pod's load, so the pod must send it.
        assertTrue(direct.headers().firstValue("X-Asr-Active-Requests").isPresent(),
                "the pod response lacks X-Asr-Active-Requests");
    }

    @Test
    void gatewayRejectsMissingKey() throws Exception {
        HttpResponse<String> response = send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + gatewayPort + "/v1/listen"))
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(Files.readAllBytes(firstWavSample()))));

        assertEquals(401, response.statusCode(), response.body());
        assertFalse(JSON.readTree(response.body()).path("code").asText().isBlank(), "error body lacks a code");
    }

    /** Returns the first .wav file that samples/transcripts.tsv lists, or the {@code samples.dir} directory's. */
    private static Path firstWavSample() throws IOException {
        String configured = System.getProperty("samples.dir");
        Path samples = configured != null ? Path.of(configured) : ROOT.resolve("samples");
        Path transcripts = samples.resolve("transcripts.tsv");
        String file = Files.readAllLines(transcripts).stream()
                .map(line -> line.split("\t", 2)[0])
                .filter(name -> name.endsWith(".wav"))
                .findFirst()
                .orElseThrow(() -> new AssertionError(transcripts + " lists no .wav sample"));
        return samples.resolve(file);
    }

    private static HttpResponse<String> send(HttpRequest.Builder request) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            return client.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        }
    }
}
