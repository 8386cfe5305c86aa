package io.lightningasr.asr;

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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * asr-server started as a child JVM on loopback with the test class path, as a pod would run it. Its stderr
 * (the log) goes to a file under target/ that failures print.
 */
final class ServerProcess implements AutoCloseable {

    /** The bundled model, relative to the module directory that Maven runs tests in. */
    static final Path MODEL_DIR = Path.of(System.getProperty("asr.test.model-dir", "../models/demo-en"));

    private static final Pattern READY_LINE =
            Pattern.compile("asr-server listening port=(\\d+) metrics_port=(\\d+)");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(90);

    private final Process process;
    private final Path log;
    private final int port;
    private final int metricsPort;
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    private ServerProcess(Process process, Path log, int port, int metricsPort) {
        this.process = process;
        this.log = log;
        this.port = port;
        this.metricsPort = metricsPort;
    }

    /** Starts the server with the bundled model, free ports, 127.0.0.1 and {@code env} on top. */
    static ServerProcess start(String name, Map<String, String> env) throws IOException, InterruptedException {
        Process process = launch(name, env);
        Path log = logFile(name);
        CompletableFuture<String> ready = CompletableFuture.supplyAsync(() -> readReadyLine(process));
        String line;
        try {
            line = ready.get(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (Exception e) {
            process.destroyForcibly();
            throw new IllegalStateException("asr-server did not print its ready line within " + START_TIMEOUT
                    + "; log:\n" + Files.readString(log), e);
        }
        if (line == null) {
            process.waitFor(10, TimeUnit.SECONDS);
            throw new IllegalStateException("asr-server exited before it was ready; log:\n" + Files.readString(log));
        }
        Matcher matcher = READY_LINE.matcher(line);
        if (!matcher.matches()) {
            process.destroyForcibly();
            throw new IllegalStateException("unexpected first stdout line: " + line);
        }
        return new ServerProcess(process, log, Integer.parseInt(matcher.group(1)),
                Integer.parseInt(matcher.group(2)));
    }

    /**
     * Runs the server expecting it to fail at start-up, and returns its exit code and log.
     *
     * @throws IllegalStateException when it does not exit within 90 s
     */
    static Exit runToExit(String name, Map<String, String> env) throws IOException, InterruptedException {
        Process process = launch(name, env);
        String stdout = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!process.waitFor(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new IllegalStateException("asr-server did not exit");
        }
        return new Exit(process.exitValue(), stdout, Files.readString(logFile(name)));
    }

    /** The outcome of a server run that ended by itself. */
    record Exit(int code, String stdout, String stderr) {
    }

    private static Process launch(String name, Map<String, String> env) throws IOException {
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",
                "-Xmx1g",
                "-XX:ErrorFile=target/server-logs/hs_err_pid%p.log",
                "-cp", classPath,
                "io.lightningasr.asr.Main"));
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(logFile(name).toFile())
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        builder.environment().keySet().removeIf(key -> key.startsWith("ASR_"));
        builder.environment().put("ASR_HOST", "127.0.0.1");
        builder.environment().put("ASR_PORT", "0");
        builder.environment().put("ASR_METRICS_PORT", "0");
        builder.environment().put("ASR_MODEL_DIR", MODEL_DIR.toAbsolutePath().toString());
        builder.environment().put("ASR_DEVICE", "cpu");
        builder.environment().putAll(env);
        return builder.start();
    }

    private static Path logFile(String name) throws IOException {
        Path dir = Files.createDirectories(Path.of("target", "server-logs"));
        return dir.resolve(name + ".log");
    }

    private static String readReadyLine(Process process) {
        try {
            BufferedReader reader = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            return reader.readLine();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the server's stdout", e);
        }
    }

    int port() {
        return port;
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + port + pathAndQuery);
    }

    Process process() {
        return process;
    }

    /** Returns the server's log so far. */
    String log() throws IOException {
        return Files.readString(log);
    }

    HttpResponse<String> get(String pathAndQuery) throws IOException, InterruptedException {
        return client.send(HttpRequest.newBuilder(uri(pathAndQuery)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String pathAndQuery, String contentType, byte[] body)
            throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri(pathAndQuery))
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Returns a scrape of {@code /metrics}, failing on any status but 200. */
    PrometheusText scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + metricsPort + "/metrics")).timeout(Duration.ofSeconds(30))
                .build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException("/metrics answered " + response.statusCode());
        }
        return new PrometheusText(response.body(), response.headers().firstValue("Content-Type").orElse(""));
    }

    /** Sends SIGTERM and waits up to 60 s for the exit; a server that does not exit is killed. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
        }
    }
}
