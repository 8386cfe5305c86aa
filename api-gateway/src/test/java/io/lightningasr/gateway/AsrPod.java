package io.lightningasr.gateway;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real asr-server started as a child JVM on 127.0.0.1 with free ports and the bundled model, as a pod runs it.
 * Its log (stderr) goes to target/pod-logs/NAME.log.
 */
final class AsrPod implements AutoCloseable {
    /** The bundled model, relative to the module directory that Maven runs tests in; -Dgateway.test.modelDir overrides. */
    static final Path MODEL_DIR = Path.of(System.getProperty("gateway.test.modelDir", "../models/demo-en"))
            .toAbsolutePath().normalize();

    private static final Pattern READY_LINE = Pattern.compile("asr-server listening port=(\\d+) metrics_port=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final String name;
    private final Path log;
    private final Process process;
    private final int port;
    private final int metricsPort;
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private AsrPod(String name, Path log, Process process, int port, int metricsPort) {
        this.name = name;
        this.log = log;
        this.process = process;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    static boolean modelPresent() {
        return Files.exists(MODEL_DIR.resolve("model.onnx")) && Files.exists(MODEL_DIR.resolve("tokens.txt"));
    }

    /** Starts pods in parallel and waits until every one printed its ready line. */
    static List<AsrPod> startAll(List<String> names, Map<String, String> env) {
        List<CompletableFuture<AsrPod>> starts = names.stream()
                .map(n -> CompletableFuture.supplyAsync(() -> start(n, env)))
                .toList();
        return starts.stream().map(CompletableFuture::join).toList();
    }

    static AsrPod start(String name, Map<String, String> env) {
        try {
            Path log = Files.createDirectories(Path.of("target", "pod-logs")).resolve(name + ".log");
            ProcessBuilder builder = new ProcessBuilder(
                    Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-Xmx768m",
                    "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                    "io.lightningasr.asr.Main")
                    .redirectError(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
            builder.environment().keySet().removeIf(key -> key.startsWith("ASR_"));
            builder.environment().put("ASR_HOST", "127.0.0.1");
            builder.environment().put("ASR_PORT", "0");
            builder.environment().put("ASR_METRICS_PORT", "0");
            builder.environment().put("ASR_MODEL_DIR", MODEL_DIR.toString());
            builder.environment().put("ASR_DEVICE", "cpu");
            builder.environment().put("ASR_INTRA_OP_THREADS", "1");
            builder.environment().putAll(env);
            Process process = builder.start();
            CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readLine(process));
            String line;
            try {
                line = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            } catch (Exception e) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " did not start within " + START_TIMEOUT + "; log:\n"
                        + Files.readString(log), e);
            }
            Matcher matcher = line == null ? null : READY_LINE.matcher(line);
            if (matcher == null || !matcher.matches()) {
                process.destroyForcibly();
                throw new IllegalStateException(name + " printed no ready line; log:\n" + Files.readString(log));
            }
            return new AsrPod(name, log, process, Integer.parseInt(matcher.group(1)), Integer.parseInt(matcher.group(2)));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name, e);
        }
    }

    private static String readLine(Process process) {
        try {
            return new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))
                    .readLine();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the pod's stdout", e);
        }
    }

    /** Returns the pod's log (stderr) so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    URI baseUri() {
        return URI.create("http://127.0.0.1:" + port);
    }

    String name() {
        return name;
    }

    /** Sum of {@code asr_requests_total} over all status labels. */
    double requestsTotal() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        return TestGateway.sumMetric(response.body(), "asr_requests_total", "");
    }

    /** POSTs raw audio straight to the pod, bypassing the gateway. */
    HttpResponse<String> transcribe(byte[] audio, String query) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(baseUri().resolve("/v1/listen" + query))
                        .header("Content-Type", "application/octet-stream")
                        .timeout(Duration.ofSeconds(60))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** SIGKILL: the pod dies at once with requests in flight. */
    void kill() {
        process.destroyForcibly();
    }

    /** SIGTERM: the pod drains, finishing in-flight requests, then exits. */
    void terminate() {
        process.destroy();
    }

    boolean waitForExit(Duration timeout) throws InterruptedException {
        return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
