package io.lightningasr.charttests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server (the Debian package's /usr/bin/prometheus) on 127.0.0.1 with a temporary
 * TSDB, started from a generated configuration file.
 */
final class PrometheusServer implements AutoCloseable {

    static final Path PROMETHEUS = Path.of("/usr/bin/prometheus");
    static final Path PROMTOOL = Path.of("/usr/bin/promtool");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);

    private final Process process;
    private final Path log;
    private final URI base;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final ObjectMapper json = new ObjectMapper();

    private PrometheusServer(Process process, Path log, URI base) {
        this.process = process;
        this.log = log;
        this.base = base;
    }

    static boolean installed() {
        return Files.isExecutable(PROMETHEUS) && Files.isExecutable(PROMTOOL);
    }

    /** Starts Prometheus with {@code config} and waits until /-/ready returns 200. */
    static PrometheusServer start(Path config, Path workDir) throws IOException, InterruptedException {
        int port = LocalPorts.free();
        Path log = Files.createTempFile(workDir, "prometheus-", ".log");
        Process process = new ProcessBuilder(PROMETHEUS.toString(),
                "--config.file=" + config,
                "--storage.tsdb.path=" + Files.createDirectories(workDir.resolve("tsdb")),
                "--web.listen-address=127.0.0.1:" + port,
                "--storage.tsdb.retention.time=1h",
                "--log.level=warn")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        PrometheusServer server = new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port));
        server.awaitReady();
        return server;
    }

    private void awaitReady() throws IOException, InterruptedException {
        Instant deadline = Instant.now().plus(START_TIMEOUT);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("prometheus exited with " + process.exitValue() + "; log:\n" + log());
            }
            try {
                HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/-/ready")).build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // Not listening yet.
            }
            Thread.sleep(200);
        }
        close();
        throw new IllegalStateException("prometheus was not ready within " + START_TIMEOUT + "; log:\n" + log());
    }

    /** One sample of an instant query's vector result. */
    record Sample(JsonNode labels, double value) {
        String label(String name) {
            return labels.path(name).asText();
        }
    }

    /**
     * Runs an instant query and returns its vector.
     *
     * @throws IllegalStateException when Prometheus rejects the query (for example a syntax error)
     */
    List<Sample> query(String promql) throws IOException, InterruptedException {
        JsonNode data = queryData(promql);
        if (!"vector".equals(data.path("resultType").asText())) {
            throw new IllegalStateException("expected a vector from " + promql + ", got " + data.path("resultType"));
        }
        return data.path("result").valueStream()
                .map(r -> new Sample(r.path("metric"), Double.parseDouble(r.path("value").get(1).asText())))
                .toList();
    }

    /** Runs an instant query and returns its data element, whatever the result type. */
    JsonNode queryData(String promql) throws IOException, InterruptedException {
        URI uri = base.resolve("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = json.readTree(response.body());
        if (response.statusCode() != 200 || !"success".equals(body.path("status").asText())) {
            throw new IllegalStateException("query rejected (" + response.statusCode() + "): " + promql + "\n" + response.body());
        }
        return body.path("data");
    }

    /** Targets Prometheus scrapes, with their health ("up", "down" or "unknown"). */
    JsonNode activeTargets() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(base.resolve("/api/v1/targets?state=active")).build(),
                HttpResponse.BodyHandlers.ofString());
        return json.readTree(response.body()).at("/data/activeTargets");
    }

    String log() throws IOException {
        return Files.exists(log) ? Files.readString(log) : "";
    }

    /** Kills Prometheus at once (SIGKILL), so it writes no staleness markers on the way down. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(20, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }

    /** Runs promtool with the arguments; returns its exit code and output. */
    static Result promtool(String... args) throws IOException, InterruptedException {
        List<String> command = new java.util.ArrayList<>();
        command.add(PROMTOOL.toString());
        command.addAll(List.of(args));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("promtool " + String.join(" ", args) + " did not finish in 60 s");
        }
        return new Result(process.exitValue(), output);
    }

    record Result(int exitCode, String output) {
    }
}
