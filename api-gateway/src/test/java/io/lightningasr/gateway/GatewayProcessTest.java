package io.lightningasr.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The gateway as a process: start-up line, fail-fast configuration, Service discovery and promtool-valid metrics. */
class GatewayProcessTest {
    private static final Pattern READY = Pattern.compile("api-gateway listening port=(\\d+)");

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static Process launch(Map<String, String> env) throws IOException {
        ProcessBuilder builder = new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-cp", System.getProperty("surefire.test.class.path", System.getProperty("java.class.path")),
                "io.lightningasr.gateway.Main")
                .redirectErrorStream(true);
        builder.environment().keySet().removeIf(k -> k.startsWith("API_") || k.startsWith("LICENSE_")
                || k.startsWith("LIGHTNING_ASR_"));
        builder.environment().put("API_HOST", "127.0.0.1");
        builder.environment().put("API_PORT", "0");
        builder.environment().putAll(env);
        return builder.start();
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void missingKeyFailsFast() throws Exception {
        Process process = launch(Map.of("LIGHTNING_ASR_BASE_URL", "http://127.0.0.1:2269"));

        assertTrue(process.waitFor(60, TimeUnit.SECONDS), "the gateway did not exit");
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(2, process.exitValue());
        assertTrue(output.contains("LICENSE_KEY: expected at least one license key"), output);
    }

    @Test
    void serviceDiscoveryAndMetrics() throws Exception {
        int podPort = closedPort();
        Process process = launch(Map.of("LICENSE_KEY", "process-test-key",
                "LIGHTNING_ASR_SERVICE", "localhost:" + podPort));
        StringBuilder output = new StringBuilder();
        try {
            BufferedReader stdout = new BufferedReader(new InputStreamReader(process.getInputStream(),
                    StandardCharsets.UTF_8));
            CompletableFuture<Integer> port = CompletableFuture.supplyAsync(() -> readPort(stdout, output));
            URI base = URI.create("http://127.0.0.1:" + port.get(60, TimeUnit.SECONDS));

            JsonNode health = new ObjectMapper().readTree(client.send(HttpRequest.newBuilder(
                    base.resolve("/health?detailed=true")).build(), HttpResponse.BodyHandlers.ofString()).body());
            String metrics = client.send(HttpRequest.newBuilder(base.resolve("/metrics")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();

            assertEquals("healthy", health.path("status").asText());
            assertEquals("http://127.0.0.1:" + podPort, health.path("endpoints").get(0).path("url").asText());
            for (String name : new String[] {"api_inflight_requests", "api_queued_requests",
                    "api_asr_endpoints{state=\"ready\"}", "api_retries_total", "process_uptime_seconds"}) {
                assertTrue(metrics.contains(name), name + " missing from /metrics");
            }
            assertPromtoolAccepts(metrics);
        } finally {
            process.destroy();
            assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the gateway did not stop on SIGTERM");
        }
        String printed;
        synchronized (output) {
            printed = output.toString();
        }
        assertTrue(printed.contains("api-gateway started"), printed);
        assertFalse(printed.contains("process-test-key"), "the license key appeared in the output");
    }

    /** Returns the listening port, then keeps copying the process output into {@code output} until it exits. */
    private static int readPort(BufferedReader stdout, StringBuilder output) {
        try {
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                output.append(line).append('\n');
                Matcher m = READY.matcher(line);
                if (m.find()) {
                    Thread.ofVirtual().start(() -> copyRest(stdout, output));
                    return Integer.parseInt(m.group(1));
                }
            }
            throw new IllegalStateException("the gateway exited without its listening line");
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the gateway's output", e);
        }
    }

    private static void copyRest(BufferedReader stdout, StringBuilder output) {
        try {
            for (String line = stdout.readLine(); line != null; line = stdout.readLine()) {
                synchronized (output) {
                    output.append(line).append('\n');
                }
            }
        } catch (IOException e) {
            synchronized (output) {
                output.append("output read failed: ").append(e);
            }
        }
    }

    private static void assertPromtoolAccepts(String metrics) throws Exception {
        Path promtool = Path.of("/usr/bin/promtool");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isExecutable(promtool), "promtool is not installed");
        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics").redirectErrorStream(true).start();
        check.getOutputStream().write(metrics.getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS));
        // Micrometer's JVM binders trip two naming lints (process_cpu_time_ns_total, system_cpu_count);
        // parse errors and any lint on the gateway's own api_* metrics fail the test.
        for (String line : output.lines().toList()) {
            assertFalse(line.contains("error"), output);
            assertFalse(line.startsWith("api_"), output);
        }
    }
}
