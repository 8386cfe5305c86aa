package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Checks asr-server's class path for the default and the {@code gpu} profile. Exactly one ONNX Runtime build
 * may be on it: both jars contain the same classes and native library names, and with only the CPU build
 * DJL runs every model on the CPU.
 */
class MavenProfileClasspathTest {

    private static final String CPU_JAR = "onnxruntime-1.21.1.jar";
    private static final String GPU_JAR_PREFIX = "onnxruntime_gpu-";

    @Test
    void defaultProfileHasOnlyCpuOnnxRuntime() throws Exception {
        List<String> jars = fileNames(MavenClasspath.asrServer(List.of()));

        assertTrue(jars.contains(CPU_JAR), "default class path lacks " + CPU_JAR + ": " + onnxJars(jars));
        assertTrue(jars.stream().noneMatch(jar -> jar.startsWith(GPU_JAR_PREFIX)),
                "default class path contains the GPU build: " + onnxJars(jars));
    }

    @Test
    void gpuProfileHasOnlyGpuOnnxRuntime() throws Exception {
        List<String> jars = fileNames(MavenClasspath.asrServer(List.of("-Pgpu")));

        assertEquals(1, jars.stream().filter(jar -> jar.startsWith(GPU_JAR_PREFIX)).count(),
                "gpu class path must contain one onnxruntime_gpu jar: " + onnxJars(jars));
        assertFalse(jars.contains(CPU_JAR), "gpu class path still contains " + CPU_JAR + ": " + onnxJars(jars));
        assertTrue(jars.contains("onnxruntime-engine-0.38.0.jar"), "gpu class path lost DJL's engine: " + onnxJars(jars));
    }

    private static List<String> fileNames(List<Path> classpath) {
        return classpath.stream().map(entry -> entry.getFileName().toString()).toList();
    }

    private static List<String> onnxJars(List<String> jars) {
        return jars.stream().filter(jar -> jar.startsWith("onnxruntime")).toList();
    }
}
