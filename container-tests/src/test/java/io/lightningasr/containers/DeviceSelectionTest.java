package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.lightningasr.containers.AsrServerProcess.Ports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts asr-server with the CPU build of ONNX Runtime, as on a machine without CUDA, and checks that the
 * device it runs on is visible: {@code ASR_DEVICE=gpu} must fail start-up and say why, and
 * {@code ASR_DEVICE=auto} must report the CPU in {@code asr_model_info}.
 */
class DeviceSelectionTest {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);
    private static final Pattern MODEL_INFO_CPU =
            Pattern.compile("(?m)^asr_model_info\\{[^}]*device=\"cpu\"[^}]*} 1(\\.0)?$");

    @TempDir
    Path temp;

    @BeforeAll
    static void modelIsBundled() {
        Path model = AsrServerProcess.modelDir().resolve("model.onnx");
        assertTrue(Files.isRegularFile(model), "the bundled model is missing: " + model);
    }

    @Test
    void gpuDeviceWithoutCudaFailsStartup() throws Exception {
        try (AsrServerProcess server = AsrServerProcess.start(Map.of("ASR_DEVICE", "gpu"), temp.resolve("gpu.log"))) {
            Optional<Integer> exit = server.awaitExit(START_TIMEOUT);
            String output = server.output();

            assertTrue(exit.isPresent(), "ASR_DEVICE=gpu kept running without CUDA:\n" + output);
            assertNotEquals(0, exit.get(), "ASR_DEVICE=gpu exited 0 without CUDA:\n" + output);
            assertFalse(output.contains("asr-server listening"), "ASR_DEVICE=gpu served without CUDA:\n" + output);
            assertTrue(output.contains("CUDA"), "the start-up error does not name CUDA:\n" + output);
            assertTrue(output.contains("ASR_DEVICE"), "the start-up error does not name ASR_DEVICE:\n" + output);
        }
    }

    @Test
    void autoDeviceWithoutCudaReportsCpu() throws Exception {
        try (AsrServerProcess server = AsrServerProcess.start(Map.of("ASR_DEVICE", "auto"), temp.resolve("auto.log"))) {
            Optional<Ports> ports = server.awaitReady(START_TIMEOUT);
            assertTrue(ports.isPresent(), "asr-server did not become ready:\n" + server.output());

            String metrics = get("http://127.0.0.1:" + ports.get().metrics() + "/metrics");
            assertTrue(MODEL_INFO_CPU.matcher(metrics).find(),
                    "asr_model_info does not report device=\"cpu\":\n" + grep(metrics, "asr_model_info"));
            String detailed = get("http://127.0.0.1:" + ports.get().api() + "/health/ready?detailed=true");
            assertTrue(detailed.toLowerCase(Locale.ROOT).contains("\"cpu\""),
                    "detailed readiness does not report the CPU: " + detailed);

            server.terminate();
            assertEquals(Optional.of(0), server.awaitExit(Duration.ofSeconds(45)), "exit after SIGTERM:\n" + server.output());
        }
    }

    private static String get(String url) throws IOException, InterruptedException {
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), url + " returned " + response.body());
            return response.body();
        }
    }

    private static String grep(String text, String needle) {
        return text.lines().filter(line -> line.contains(needle)).reduce("", (a, b) -> a + b + "\n");
    }
}
