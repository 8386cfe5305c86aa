package io.lightningasr.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.SimpleFileServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
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
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * The gateway in front of three real asr-server processes on loopback: the documented request forms, even
 * spreading of load, and no failed request when a pod is killed or drained during a run.
 *
 * <p>The kill and drain runs last {@value #SHORT_RUN_SECONDS} s each; {@code -Dgateway.longRun=true} makes them
 * 60 s.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PodRoutingTest {
    private static final String KEY = "pod-routing-test-key";
    private static final int SHORT_RUN_SECONDS = 12;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private List<AsrPod> pods = List.of();
    private TestGateway gateway;
    private LogCapture logs;
    private HttpServer samples;
    private Path shortSample;
    private byte[] shortAudio;

    @BeforeAll
    void start() throws IOException {
        assumeTrue(AsrPod.modelPresent(), "the bundled model is missing from " + AsrPod.MODEL_DIR);
        shortSample = TestAudio.shortestWav().orElse(null);
        assumeTrue(shortSample != null, "no WAV sample in " + TestAudio.samplesDir());
        shortAudio = Files.readAllBytes(shortSample);
        logs = new LogCapture();
        pods = AsrPod.startAll(List.of("pod-a", "pod-b", "pod-c"), Map.of());
        samples = SimpleFileServer.createFileServer(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0),
                TestAudio.samplesDir(), SimpleFileServer.OutputLevel.NONE);
        samples.start();
        gateway = TestGateway.start(Map.of(
                "LICENSE_KEY", KEY,
                "LIGHTNING_ASR_BASE_URL", pods.stream().map(p -> p.baseUri().toString())
                        .collect(Collectors.joining(",")),
                "API_URL_ALLOWLIST", "127.0.0.1/32",
                "API_HEALTH_INTERVAL_MS", "500",
                "API_BACKOFF_MS", "2000",
                "API_QUEUE_TIMEOUT_MS", "3000"));
    }

    @AfterAll
    void stop() throws IOException {
        if (gateway != null) {
            gateway.close();
        }
        if (samples != null) {
            samples.stop(0);
        }
        pods.forEach(AsrPod::close);
        if (logs != null) {
            logs.close();
            logs.assertNotContains(KEY);
        }
        for (AsrPod pod : pods) {
            assertFalse(pod.log().contains(KEY), pod.name() + " logged the license key");
        }
    }

    private HttpRequest rawRequest(byte[] audio, String query) {
        return HttpRequest.newBuilder(gateway.listen(query))
                .header("Authorization", "Token " + KEY)
                .header("Content-Type", "audio/wav")
                .timeout(Duration.ofSeconds(120))
                .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build();
    }

    private JsonNode send(HttpRequest request) throws Exception {
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        return json.readTree(response.body());
    }

    @Test
    @Order(1)
    void documentedRequestFormsMatchDirectPod() throws Exception {
        Map<String, Path> onePerFormat = new java.util.TreeMap<>();
        for (Path listed : TestAudio.listedSamples()) {
            String name = listed.getFileName().toString();
            onePerFormat.putIfAbsent(name.substring(name.lastIndexOf('.') + 1), listed);
        }
        List<Path> files = new ArrayList<>(onePerFormat.values());
        if (files.isEmpty()) {
            files.add(shortSample);
        }
        for (Path file : files) {
            byte[] audio = Files.readAllBytes(file);
            JsonNode direct = json.readTree(pods.get(0).transcribe(audio, "").body());
            String expected = direct.path("text").asText();

            String fileUrl = "http://127.0.0.1:" + samples.getAddress().getPort() + "/" + file.getFileName();
            JsonNode viaUrl = send(HttpRequest.newBuilder(gateway.listen(""))
                    .header("Authorization", "Token " + KEY)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"url\": \"" + fileUrl + "\"}")).build());
            JsonNode viaRaw = send(rawRequest(audio, "language=en&timestamps=true&punctuate=false"));
            JsonNode viaMultipart = send(multipart(audio, file.getFileName().toString()));

            assertEquals(expected, viaUrl.path("text").asText(), "JSON url form, " + file);
            assertEquals(expected, viaRaw.path("text").asText(), "raw form, " + file);
            assertEquals(expected, viaMultipart.path("text").asText(), "multipart form, " + file);
            assertEquals(direct.path("duration"), viaUrl.path("duration"), "JSON url form, " + file);
            assertEquals(direct.path("duration"), viaMultipart.path("duration"), "multipart form, " + file);
            assertTrue(viaRaw.path("words").isArray(), "timestamps=true returns words");
            assertTrue(viaUrl.hasNonNull("request_id"));
            System.out.println(file.getFileName() + ": \"" + expected + "\"");
        }
    }

    private HttpRequest multipart(byte[] audio, String filename) {
        String boundary = "----gateway-test-boundary";
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"" + filename
                + "\"\r\nContent-Type: audio/wav\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        body.writeBytes(audio);
        body.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        return HttpRequest.newBuilder(gateway.listen(""))
                .header("Authorization", "Token " + KEY)
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build();
    }

    @Test
    @Order(2)
    void concurrentRequestsSpreadEvenly() throws Exception {
        double[] before = requestCounts();

        LoadRun.Result result = LoadRun.run(client, 12, 300, Duration.ofSeconds(150),
                () -> rawRequest(shortAudio, ""));

        assertEquals(List.of(), result.failures());
        assertEquals(300, result.succeeded());
        assertShares(before, requestCounts(), 300);
    }

    @Test
    @Order(3)
    void oneKeepAliveConnectionIsNotPinned() throws Exception {
        int requests = 300;
        double[] before = requestCounts();

        try (Socket socket = new Socket("127.0.0.1", gateway.server.port())) {
            socket.setSoTimeout(60_000);
            OutputStream out = socket.getOutputStream();
            InputStream in = new BufferedInputStream(socket.getInputStream());
            for (int i = 0; i < requests; i++) {
                String head = "POST /v1/listen HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + KEY
                        + "\r\nContent-Type: audio/wav\r\nContent-Length: " + shortAudio.length + "\r\n\r\n";
                out.write(head.getBytes(StandardCharsets.ISO_8859_1));
                out.write(shortAudio);
                out.flush();
                assertEquals(200, RawHttp.readStatusAndSkipBody(in), "request " + i);
            }
        }

        assertShares(before, requestCounts(), requests);
    }

    private double[] requestCounts() throws Exception {
        double[] counts = new double[pods.size()];
        for (int i = 0; i < pods.size(); i++) {
            counts[i] = pods.get(i).requestsTotal();
        }
        return counts;
    }

    private void assertShares(double[] before, double[] after, int total) {
        for (int i = 0; i < before.length; i++) {
            double received = after[i] - before[i];
            String message = pods.get(i).name() + " received " + received + " of " + total + " requests";
            assertTrue(received / total > 0.2333, message);
            assertTrue(received / total < 0.4333, message);
        }
    }

    private Duration runLength() {
        return Duration.ofSeconds(Boolean.getBoolean("gateway.longRun") ? 60 : SHORT_RUN_SECONDS);
    }

    @Test
    @Order(4)
    void killedPodLosesNoRequest() throws Exception {
        double retriesBefore = gateway.metric(client, "api_retries_total", "");
        Thread killer = Thread.ofVirtual().start(() -> {
            sleep(runLength().dividedBy(3));
            pods.get(0).kill();
        });

        LoadRun.Result result = LoadRun.run(client, 8, Integer.MAX_VALUE, runLength(),
                () -> rawRequest(shortAudio, ""));

        killer.join();
        report("kill", result);
        assertEquals(List.of(), result.failures());
        assertTrue(result.succeeded() > 0);
        assertTrue(pods.get(0).waitForExit(Duration.ofSeconds(10)));
        assertTrue(gateway.metric(client, "api_retries_total", "") > retriesBefore,
                "requests in flight at the killed pod were retried");
    }

    @Test
    @Order(5)
    void drainingPodLosesNoRequest() throws Exception {
        Thread terminator = Thread.ofVirtual().start(() -> {
            sleep(runLength().dividedBy(3));
            pods.get(1).terminate();
        });

        LoadRun.Result result = LoadRun.run(client, 8, Integer.MAX_VALUE, runLength(),
                () -> rawRequest(shortAudio, ""));

        terminator.join();
        report("drain", result);
        assertEquals(List.of(), result.failures());
        assertTrue(result.succeeded() > 0);
        assertTrue(pods.get(1).waitForExit(Duration.ofSeconds(40)), "the drained pod exits");
    }

    @Test
    @Order(6)
    void countersReturnToZeroAfterRuns() throws Exception {
        assertEquals(0, gateway.metric(client, "api_inflight_requests", ""));
        assertEquals(0, gateway.metric(client, "api_queued_requests", ""));
        assertEquals(0, gateway.metric(client, "api_buffered_bytes", ""));
        for (var endpoint : gateway.context.pool.endpoints()) {
            assertEquals(0, endpoint.inFlight(), endpoint.toString());
        }
    }

    @Test
    @Order(7)
    void allPodsDownAnswers503WithRetryAfter() throws Exception {
        pods.get(2).kill();
        assertTrue(pods.get(2).waitForExit(Duration.ofSeconds(10)));
        long start = System.nanoTime();

        HttpResponse<String> response = client.send(rawRequest(shortAudio, ""), HttpResponse.BodyHandlers.ofString());

        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, response.statusCode(), response.body());
        assertEquals("SERVICE_UNAVAILABLE", json.readTree(response.body()).path("code").asText());
        assertTrue(response.headers().firstValue("Retry-After").isPresent());
        assertTrue(elapsedMs < 3000 + 5000, "answered after " + elapsedMs + " ms");
    }

    /** Prints the run's figures and the gateway's upstream outcomes to the test report. */
    private void report(String run, LoadRun.Result result) throws Exception {
        StringBuilder line = new StringBuilder(run + " run: succeeded=" + result.succeeded()
                + " failed=" + result.failures().size());
        for (String outcome : List.of("ok", "busy", "connect_failed", "reset", "timeout")) {
            line.append(' ').append(outcome).append('=')
                    .append(gateway.metric(client, "api_upstream_requests_total", "outcome=\"" + outcome + "\""));
        }
        line.append(" retries=").append(gateway.metric(client, "api_retries_total", ""));
        System.out.println(line);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
