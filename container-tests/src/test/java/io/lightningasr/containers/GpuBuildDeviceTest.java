package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

import io.lightningasr.containers.AsrServerProcess.Ports;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

/**
 * Starts asr-server on the {@code gpu} profile's class path (onnxruntime_gpu), as the GPU image runs it.
 * Without an NVIDIA driver, {@code ASR_DEVICE=gpu} must fail start-up and {@code ASR_DEVICE=auto} must fall
 * back to the CPU and report it. With a driver, {@code ASR_DEVICE=gpu} must serve and report the GPU; that
 * case also needs the CUDA 12 and cuDNN 9 libraries in the linker path.
 */
class GpuBuildDeviceTest {

    private static String classpath;

    @TempDir
    Path temp;

    @BeforeAll
    static void resolveGpuClasspath() throws Exception {
        Path model = AsrServerProcess.modelDir().resolve("model.onnx");
        assertTrue(Files.isRegularFile(model), "the bundled model is missing: " + model);

        List<Path> entries = new ArrayList<>();
        entries.add(asrServerClasses());
        entries.addAll(MavenClasspath.asrServer(List.of("-Pgpu")));
        classpath = entries.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator));
    }

    /** Returns asr-server's own classes from the test class path: its jar, or target/classes in a reactor build. */
    private static Path asrServerClasses() {
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .map(Path::of)
                .filter(entry -> entry.getFileName().toString().matches("asr-server(-.*)?\\.jar")
                        || entry.endsWith(Path.of("asr-server", "target", "classes")))
                .findFirst()
                .orElseThrow(() -> new AssertionError("asr-server is not on the test class path"));
    }

    static boolean nvidiaDriverPresent() {
        return Files.exists(Path.of("/dev/nvidiactl"));
    }

    @Test
    @DisabledIf("nvidiaDriverPresent")
    void gpuDeviceWithoutDriverFailsStartup() throws Exception {
        try (AsrServerProcess server = AsrServerProcess.start(classpath, Map.of("ASR_DEVICE", "gpu"),
                temp.resolve("gpu.log"))) {
            Optional<Integer> exit = server.awaitExit(DeviceSelectionTest.START_TIMEOUT);
            String output = server.output();

            assertTrue(exit.isPresent(), "ASR_DEVICE=gpu kept running without a GPU:\n" + output);
            assertNotEquals(0, exit.get(), "ASR_DEVICE=gpu exited 0 without a GPU:\n" + output);
            assertFalse(output.contains("asr-server listening"), "ASR_DEVICE=gpu served without a GPU:\n" + output);
            assertTrue(output.contains("CUDA"), "the start-up error does not name CUDA:\n" + output);
            assertTrue(output.contains("ASR_DEVICE"), "the start-up error does not name ASR_DEVICE:\n" + output);
        }
    }

    @Test
    @DisabledIf("nvidiaDriverPresent")
    void autoDeviceWithoutDriverReportsCpu() throws Exception {
        try (AsrServerProcess server = AsrServerProcess.start(classpath, Map.of("ASR_DEVICE", "auto"),
                temp.resolve("auto.log"))) {
            Optional<Ports> ports = server.awaitReady(DeviceSelectionTest.START_TIMEOUT);
            assertTrue(ports.isPresent(), "asr-server did not become ready:\n" + server.output());

            List<String> modelInfo = AsrServerProcess.modelInfo(AsrServerProcess.get(ports.get().metrics(), "/metrics"));
            assertEquals(1, modelInfo.size(), "asr_model_info series: " + modelInfo);
            assertTrue(modelInfo.getFirst().contains("device=\"cpu\""), "asr_model_info: " + modelInfo);
        }
    }

    // NOTE: not run yet, because the project's build machines have no GPU.
    @Test
    @EnabledIf("nvidiaDriverPresent")
    void gpuDeviceWithDriverReportsGpu() throws Exception {
        try (AsrServerProcess server = AsrServerProcess.start(classpath, Map.of("ASR_DEVICE", "gpu"),
                temp.resolve("gpu.log"))) {
            Optional<Ports> ports = server.awaitReady(DeviceSelectionTest.START_TIMEOUT);
            assertTrue(ports.isPresent(), "ASR_DEVICE=gpu did not become ready:\n" + server.output());

            List<String> modelInfo = AsrServerProcess.modelInfo(AsrServerProcess.get(ports.get().metrics(), "/metrics"));
            assertEquals(1, modelInfo.size(), "asr_model_info series: " + modelInfo);
            assertTrue(modelInfo.getFirst().contains("device=\"gpu\""), "asr_model_info: " + modelInfo);
        }
    }
}
