package io.lightningasr.charttests;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real asr-server (io.lightningasr.asr.Main) started as a child JVM with this module's test class
 * path, listening on 127.0.0.1 with ports it picks itself.
 */
final class AsrServerProcess implements AutoCloseable {

    /** Model directory: ../models/demo-en unless the asr.model.dir system property names another. */
    static final Path MODEL_DIR = Path.of(System.getProperty("asr.model.dir",
            System.getProperty("models.dir", "../models") + "/demo-en")).toAbsolutePath().normalize();

    private static final Pattern READY = Pattern.compile("asr-server listening port=(\\d+) metrics_port=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Process process;
    private final Path log;
    private final int port;
    private final int metricsPort;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AsrServerProcess(String name, Process process, Path log, int port, int metricsPort) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    /** Starts the server and waits for its ready line. */
    static AsrServerProcess start(String name, Path workDir, Map<String, String> extraEnv) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        Path log = workDir.resolve(name + ".log");
        ProcessBuilder builder = new ProcessBuilder(java, "-Xmx1g", "-cp", System.getProperty("java.class.path"),
                "io.lightningasr.asr.Main")
                .redirectError(log.toFile());
        Map<String, String> env = builder.environment();
        env.put("ASR_HOST", "127.0.0.1");
        env.put("ASR_PORT", "0");
        env.put("ASR_METRICS_PORT", "0");
        env.put("ASR_MODEL_DIR", MODEL_DIR.toString());
        env.putAll(extraEnv);
        Process process = builder.start();

        CompletableFuture<Matcher> ready = CompletableFuture.supplyAsync(() -> awaitReadyLine(process));
        Matcher matcher;
        try {
            matcher = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("asr-server " + name + " printed no ready line within " + START_TIMEOUT
                    + " (model " + MODEL_DIR + "); log:\n" + Files.readString(log), e);
        }
        if (matcher == null) {
            throw new IllegalStateException("asr-server " + name + " exited before it was ready (model " + MODEL_DIR
                    + "); log:\n" + Files.readString(log));
        }
        return new AsrServerProcess(name, process, log, Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
    }

    private static Matcher awaitReadyLine(Process process) {
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        try {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                Matcher matcher = READY.matcher(line.trim());
                if (matcher.matches()) {
                    // Keep draining stdout so the child never blocks on a full pipe.
                    Thread.ofVirtual().start(() -> drain(reader));
                    return matcher;
                }
            }
            return null;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(BufferedReader reader) {
        try {
            while (reader.readLine() != null) {
                // Discard: the log that matters goes to stderr.
            }
        } catch (IOException e) {
            // The process ended.
        }
    }

    String name() {
        return name;
    }

    URI listenUri() {
        return URI.create("http://127.0.0.1:" + port + "/v1/listen");
    }

    int metricsPort() {
        return metricsPort;
    }

    /** Current asr_active_requests as the server exposes it, read from its own /metrics. */
    double activeRequests() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        for (String line : response.body().split("\n")) {
            if (line.startsWith("asr_active_requests ") || line.startsWith("asr_active_requests{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        throw new IllegalStateException("asr_active_requests missing from /metrics of " + name);
    }

    String log() throws IOException {
        return Files.readString(log);
    }

    /** Kills the process at once, as a node failure or OOM kill would. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
