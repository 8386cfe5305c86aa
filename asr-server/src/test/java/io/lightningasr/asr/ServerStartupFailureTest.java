package io.lightningasr.asr;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Start-up stops with a clear message and a non-zero exit code instead of serving without a model. */
class ServerStartupFailureTest {

    @Test
    void missingModelDirectoryStopsStartup() throws Exception {
        ServerProcess.Exit exit = ServerProcess.runToExit("missing-model",
                Map.of("ASR_MODEL_DIR", "/nonexistent/asr-model"));

        assertEquals(1, exit.code(), exit.stderr());
        assertTrue(exit.stderr().contains("asr-server: start-up failed"), exit.stderr());
        assertTrue(exit.stderr().contains("/nonexistent/asr-model"), exit.stderr());
        assertTrue(exit.stdout().isEmpty(), "no ready line: " + exit.stdout());
    }

    @Test
    void corruptModelFileStopsStartup() throws Exception {
        Path dir = Files.createTempDirectory("asr-broken-model");
        Files.writeString(dir.resolve("model.onnx"), "not an ONNX model");
        Files.copy(ServerProcess.MODEL_DIR.resolve("tokens.txt"), dir.resolve("tokens.txt"));

        ServerProcess.Exit exit;
        try {
            exit = ServerProcess.runToExit("corrupt-model", Map.of("ASR_MODEL_DIR", dir.toString()));
        } finally {
            Files.delete(dir.resolve("model.onnx"));
            Files.delete(dir.resolve("tokens.txt"));
            Files.delete(dir);
        }

        assertEquals(1, exit.code(), exit.stderr());
        assertTrue(exit.stderr().contains("model.onnx"), exit.stderr());
        assertTrue(exit.stdout().isEmpty(), "no ready line: " + exit.stdout());
    }

    @Test
    void gpuDeviceWithoutCudaStopsStartup() throws Exception {
        ServerProcess.Exit exit = ServerProcess.runToExit("gpu-without-cuda", Map.of("ASR_DEVICE", "gpu"));

        // The test class path carries the CPU build of ONNX Runtime, which has no CUDA execution provider.
        assertEquals(1, exit.code(), exit.stderr());
        assertTrue(exit.stderr().contains("CUDA"), exit.stderr());
        assertTrue(exit.stdout().isEmpty(), "no ready line: " + exit.stdout());
    }

    @Test
    void invalidSettingStopsStartupNamingTheKey() throws Exception {
        ServerProcess.Exit exit = ServerProcess.runToExit("invalid-setting", Map.of("ASR_SLOTS", "many"));

        assertNotEquals(0, exit.code());
        assertTrue(exit.stderr().contains("invalid ASR_SLOTS: expected an integer from 1 to 1024, got 'many'"),
                exit.stderr());
    }
}
