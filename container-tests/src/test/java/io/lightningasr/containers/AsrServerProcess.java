package io.lightningasr.containers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * asr-server started as a child process with the test JVM's class path, configured only by environment
 * variables, with stdout and stderr going to one log file.
 */
final class AsrServerProcess implements AutoCloseable {

    private static final Pattern READY = Pattern.compile("asr-server listening port=(\\d+) metrics_port=(\\d+)");

    private final Process process;
    private final Path log;

    private AsrServerProcess(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    /** Ports the server printed when it became ready. */
    record Ports(int api, int metrics) {
    }

    /**
     * Starts {@code io.lightningasr.asr.Main} on loopback with free ports and the bundled model, plus
     * {@code extraEnv}.
     */
    static AsrServerProcess start(Map<String, String> extraEnv, Path log) throws IOException {
        return start(System.getProperty("java.class.path"), extraEnv, log);
    }

    /** Starts the server as {@link #start(Map, Path)} does, on another class path. */
    static AsrServerProcess start(String classpath, Map<String, String> extraEnv, Path log) throws IOException {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        ProcessBuilder builder = new ProcessBuilder(List.of(java.toString(), "-cp", classpath,
                "io.lightningasr.asr.Main"))
                .directory(Repo.root().toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(key -> key.startsWith("ASR_"));
        env.put("ASR_HOST", "127.0.0.1");
        env.put("ASR_PORT", "0");
        env.put("ASR_METRICS_PORT", "0");
        env.put("ASR_MODEL_DIR", modelDir().toString());
        env.putAll(extraEnv);
        return new AsrServerProcess(builder.start(), log);
    }

    /** Returns the bundled model directory, or the one the {@code asr.model.dir} system property names. */
    static Path modelDir() {
        String configured = System.getProperty("asr.model.dir");
        Path dir = configured != null ? Path.of(configured) : Repo.root().resolve("models/demo-en");
        return dir.toAbsolutePath().normalize();
    }

    /** Returns the exit code once the process ends within {@code timeout}, or empty if it still runs. */
    Optional<Integer> awaitExit(Duration timeout) throws InterruptedException {
        if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            return Optional.of(process.exitValue());
        }
        return Optional.empty();
    }

    /**
     * Waits for the ready line and returns the ports, or empty if the process exits or {@code timeout}
     * passes first.
     */
    Optional<Ports> awaitReady(Duration timeout) throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            Matcher ready = READY.matcher(output());
            if (ready.find()) {
                return Optional.of(new Ports(Integer.parseInt(ready.group(1)), Integer.parseInt(ready.group(2))));
            }
            if (!process.isAlive()) {
                return Optional.empty();
            }
            Thread.sleep(100);
        }
        return Optional.empty();
    }

    /** Sends SIGTERM, the signal Kubernetes stops a pod with. */
    void terminate() {
        process.destroy();
    }

    String output() throws IOException {
        return Files.readString(log);
    }

    /** Sends a GET to the server on loopback, asserts 200 and returns the body. */
    static String get(int port, String path) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + port + path);
        try (HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).GET().build();
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(200, response.statusCode(), uri + " returned " + response.body());
            return response.body();
        }
    }

    /** Returns the {@code asr_model_info} lines of a Prometheus text exposition. */
    static List<String> modelInfo(String metrics) {
        return metrics.lines().filter(line -> line.startsWith("asr_model_info{")).toList();
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor();
            }
        }
    }
}
