package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * asr-server's dependency class path as Maven resolves it for a profile, from {@code dependency:build-classpath}
 * run in a child process on the project. Results are cached for the test JVM.
 */
final class MavenClasspath {

    private static final long MAVEN_TIMEOUT_SECONDS = 120;
    private static final List<List<String>> PROFILES = List.of(List.of(), List.of("-Pgpu"));
    private static final Map<List<String>, CompletableFuture<List<Path>>> CACHE = new ConcurrentHashMap<>();

    private MavenClasspath() {
    }

    /**
     * Returns asr-server's dependencies (compile, runtime and test scope) for the given profile arguments,
     * for example {@code -Pgpu}, or none for the default profile. The first call starts Maven for both
     * profiles at once, because each run spends most of its time starting up.
     */
    static List<Path> asrServer(List<String> profileArguments) throws IOException, InterruptedException {
        for (List<String> profile : PROFILES) {
            CACHE.computeIfAbsent(profile, key -> CompletableFuture.supplyAsync(() -> resolveUnchecked(key)));
        }
        CompletableFuture<List<Path>> classpath = CACHE.computeIfAbsent(List.copyOf(profileArguments),
                key -> CompletableFuture.supplyAsync(() -> resolveUnchecked(key)));
        try {
            return classpath.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof AssertionError assertion) {
                throw assertion;
            }
            throw new IOException("resolving the class path for " + profileArguments + " failed", e.getCause());
        }
    }

    private static List<Path> resolveUnchecked(List<String> profileArguments) {
        try {
            return resolve(profileArguments);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while Maven ran", e);
        }
    }

    private static List<Path> resolve(List<String> profileArguments) throws IOException, InterruptedException {
        Path work = Files.createTempDirectory("maven-classpath");
        Path output = work.resolve("classpath.txt");
        Path log = work.resolve("maven.log");

        Path root = Repo.root();
        List<String> command = new ArrayList<>(List.of(root.resolve("mvnw").toString(), "-B", "-q"));
        // Offline once the ONNX Runtime artifacts are in the local repository, so later runs need no network.
        if (onnxRuntimeArtifactsPresent()) {
            command.add("-o");
        }
        command.add("-Dmaven.repo.local=" + Repo.localMavenRepository());
        command.addAll(profileArguments);
        command.addAll(List.of("-pl", "asr-server", "dependency:build-classpath", "-Dmdep.outputFile=" + output));

        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(root.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        // The test JVM is a JDK 21 or newer, which the build needs, and the wrapper runs the JAVA_HOME java.
        builder.environment().putIfAbsent("JAVA_HOME", System.getProperty("java.home"));

        Process maven = builder.start();
        if (!maven.waitFor(MAVEN_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            maven.destroyForcibly().waitFor();
            throw new AssertionError("Maven timed out after " + MAVEN_TIMEOUT_SECONDS + " s: " + command);
        }
        assertEquals(0, maven.exitValue(), "Maven failed: " + command + "\n" + Files.readString(log));

        String classpath = Files.readString(output).strip();
        Files.delete(output);
        Files.delete(log);
        Files.delete(work);
        assertFalse(classpath.isEmpty(), "Maven wrote an empty class path: " + command);
        return Arrays.stream(classpath.split(File.pathSeparator)).map(Path::of).toList();
    }

    private static boolean onnxRuntimeArtifactsPresent() {
        Path onnxruntime = Repo.localMavenRepository().resolve("com/microsoft/onnxruntime");
        return Files.isRegularFile(onnxruntime.resolve("onnxruntime/1.21.1/onnxruntime-1.21.1.jar"))
                && Files.isRegularFile(onnxruntime.resolve("onnxruntime_gpu/1.21.0/onnxruntime_gpu-1.21.0.jar"));
    }
}
