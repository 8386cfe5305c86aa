package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Resolves asr-server's class path with Maven, in a child process on the project, for the default and the
 * {@code gpu} profile. Exactly one ONNX Runtime build may be on it: both jars contain the same classes and
 * native library names, and with only the CPU build DJL runs every model on the CPU.
 */
class MavenProfileClasspathTest {

    private static final Path ROOT = Repo.root();
    private static final String CPU_JAR = "onnxruntime-1.21.1.jar";
    private static final String GPU_JAR_PREFIX = "onnxruntime_gpu-";
    private static final long MAVEN_TIMEOUT_SECONDS = 120;

    @TempDir
    Path temp;

    @Test
    void defaultProfileHasOnlyCpuOnnxRuntime() throws Exception {
        List<String> jars = asrServerClasspath(List.of());

        assertTrue(jars.contains(CPU_JAR), "default class path lacks " + CPU_JAR + ": " + onnxJars(jars));
        assertTrue(jars.stream().noneMatch(jar -> jar.startsWith(GPU_JAR_PREFIX)),
                "default class path contains the GPU build: " + onnxJars(jars));
    }

    @Test
    void gpuProfileHasOnlyGpuOnnxRuntime() throws Exception {
        List<String> jars = asrServerClasspath(List.of("-Pgpu"));

        assertEquals(1, jars.stream().filter(jar -> jar.startsWith(GPU_JAR_PREFIX)).count(),
                "gpu class path must contain one onnxruntime_gpu jar: " + onnxJars(jars));
        assertFalse(jars.contains(CPU_JAR), "gpu class path still contains " + CPU_JAR + ": " + onnxJars(jars));
        assertTrue(jars.contains("onnxruntime-engine-0.38.0.jar"), "gpu class path lost DJL's engine: " + onnxJars(jars));
    }

    /** Returns the file names on asr-server's runtime and test class path as Maven resolves it. */
    private List<String> asrServerClasspath(List<String> profileArguments) throws IOException, InterruptedException {
        Path output = temp.resolve("classpath" + String.join("", profileArguments) + ".txt");
        Path log = temp.resolve("maven" + String.join("", profileArguments) + ".log");

        List<String> command = new ArrayList<>(List.of(ROOT.resolve("mvnw").toString(), "-B", "-q"));
        // Offline once every artifact is in the local repository, so the test needs no network after the first build.
        if (allOnnxRuntimeArtifactsPresent()) {
            command.add("-o");
        }
        command.add("-Dmaven.repo.local=" + Repo.localMavenRepository());
        command.addAll(profileArguments);
        command.addAll(List.of("-pl", "asr-server", "dependency:build-classpath", "-Dmdep.outputFile=" + output));

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(ROOT.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        // The test JVM is a JDK 21 or newer, which the build needs; the wrapper picks its java from JAVA_HOME.
        env.putIfAbsent("JAVA_HOME", System.getProperty("java.home"));

        Process maven = builder.start();
        if (!maven.waitFor(MAVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            maven.destroyForcibly().waitFor();
            throw new AssertionError("Maven timed out after " + MAVEN_TIMEOUT_SECONDS + " s: " + command);
        }
        assertEquals(0, maven.exitValue(), "Maven failed: " + command + "\n" + Files.readString(log));

        String classpath = Files.readString(output).strip();
        assertFalse(classpath.isEmpty(), "Maven wrote an empty class path");
        return Arrays.stream(classpath.split(java.io.File.pathSeparator))
                .map(entry -> Path.of(entry).getFileName().toString())
                .toList();
    }

    private static boolean allOnnxRuntimeArtifactsPresent() {
        Path onnxruntime = Repo.localMavenRepository().resolve("com/microsoft/onnxruntime");
        return Files.isRegularFile(onnxruntime.resolve("onnxruntime/1.21.1/" + CPU_JAR))
                && Files.isRegularFile(onnxruntime.resolve("onnxruntime_gpu/1.21.0/onnxruntime_gpu-1.21.0.jar"));
    }

    private static List<String> onnxJars(List<String> jars) {
        return jars.stream().filter(jar -> jar.startsWith("onnxruntime")).toList();
    }
}
