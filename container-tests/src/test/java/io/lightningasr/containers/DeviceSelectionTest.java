package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

import io.lightningasr.containers.AsrServerProcess.Ports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts asr-server with the CPU build of ONNX Runtime (this module's test class path), as the CPU image runs
 * it, and checks that the device is visible: {@code ASR_DEVICE=gpu} must fail start-up and say why, and
 * {@code ASR_DEVICE=auto} must report the CPU in {@code asr_model_info}.
 */
class DeviceSelectionTest {

    static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    @TempDir
    Path temp;

    @BeforeAll
    static void modelIsBundled() {
        Path model = AsrServerProcess.modelDir().resolve("model.onnx");
        assertTrue(Files.isRegularFile(model), "the bundled model is missing: " + model);
    }

    @Test
    void gpuDeviceOnCpuBuildFailsStartup() throws Exception {
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
    void autoDeviceOnCpuBuildReportsCpu() throws Exception {
        try (AsrServerProcess server = AsrServerProcess.start(Map.of("ASR_DEVICE", "auto"), temp.resolve("auto.log"))) {
            Optional<Ports> ports = server.awaitReady(START_TIMEOUT);
            assertTrue(ports.isPresent(), "asr-server did not become ready:\n" + server.output());

            List<String> modelInfo = AsrServerProcess.modelInfo(AsrServerProcess.get(ports.get().metrics(), "/metrics"));
            assertEquals(1, modelInfo.size(), "asr_model_info series: " + modelInfo);
            assertTrue(modelInfo.getFirst().contains("device=\"cpu\""), "asr_model_info: " + modelInfo);
            String detailed = AsrServerProcess.get(ports.get().api(), "/health/ready?detailed=true");
            assertTrue(detailed.toLowerCase(Locale.ROOT).contains("\"cpu\""),
                    "detailed readiness does not report the CPU: " + detailed);

            server.terminate();
            assertEquals(Optional.of(0), server.awaitExit(Duration.ofSeconds(45)), "exit after SIGTERM:\n" + server.output());
        }
    }
}
