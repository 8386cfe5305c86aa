package io.lightningasr.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Requests that the gateway handles without a pod: authentication, input validation, size and buffer limits, and the 503
 * when every pod is down. The configured pods are closed ports, so nothing reaches a pod.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class GatewayRequestTest {
    private static final String KEY = "lk-7f3a9c2e-test-key-ALPHA";
    private static final String SECOND_KEY = "lk-second-key-BETA-55";
    private static final long QUEUE_TIMEOUT_MS = 800;

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private LogCapture logs;
    private TestGateway gateway;

    @BeforeAll
    void start() throws IOException {
        logs = new LogCapture();
        gateway = TestGateway.start(Map.of(
                "LICENSE_KEY", KEY + "," + SECOND_KEY,
                "LIGHTNING_ASR_BASE_URL", "http://127.0.0.1:" + closedPort() + ",http://127.0.0.1:" + closedPort(),
                "API_QUEUE_TIMEOUT_MS", Long.toString(QUEUE_TIMEOUT_MS),
                "API_HEALTH_INTERVAL_MS", "200",
                "API_MAX_BODY_MB", "2",
                "API_MAX_BUFFERED_MB", "3"));
    }

    @AfterAll
    void stop() {
        gateway.close();
        logs.close();
        String captured = logs.text();
        assertFalse(captured.isEmpty(), "no log output was captured");
        assertFalse(captured.contains(KEY), "a license key appeared in the log output");
        assertFalse(captured.contains(SECOND_KEY), "a license key appeared in the log output");
        assertFalse(captured.contains("lk-"), "part of a license key appeared in the log output");
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private HttpResponse<String> post(String authorization, String contentType, byte[] body, String query)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(gateway.listen(query))
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private JsonNode body(HttpResponse<String> response) throws IOException {
        return json.readTree(response.body());
    }

    @ParameterizedTest(name = "[{index}] \"{0}\"")
    @ValueSource(strings = {
            "", "Token", "Token ", "Basic " + KEY, "Digest " + KEY, KEY, "Token wrong-key", "Token " + KEY + "x",
            "Token  " + KEY, "Token " + KEY + " extra", "Token\t" + KEY, "Bearer  " + SECOND_KEY,
            "Token lk-7f3a9c2e-test-key-ALPH"})
    void invalidAuthorizationRejected(String header) throws Exception {
        HttpResponse<String> response = post(header.isEmpty() ? null : header, "audio/wav",
                TestAudio.silentWav(3200), "");

        assertEquals(401, response.statusCode());
        assertEquals("INVALID_LICENSE", body(response).path("code").asText());
        assertTrue(body(response).hasNonNull("error"));
        assertFalse(response.body().contains(KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"Token " + KEY, "token " + KEY, "Bearer " + SECOND_KEY, "BEARER " + KEY})
    void validAuthorizationPassesToRouting(String header) throws Exception {
        HttpResponse<String> response = post(header, "audio/wav", TestAudio.silentWav(3200), "");

        assertEquals(503, response.statusCode(), response.body());
    }

    @Test
    void healthAndMetricsNeedNoKey() throws Exception {
        HttpResponse<String> health = client.send(HttpRequest.newBuilder(gateway.uri.resolve("/health")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> healthz = client.send(HttpRequest.newBuilder(gateway.uri.resolve("/healthz")).build(),
                HttpResponse.BodyHandlers.ofString());
        HttpResponse<String> metrics = client.send(HttpRequest.newBuilder(gateway.uri.resolve("/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals(200, health.statusCode());
        assertEquals("healthy", body(health).path("status").asText());
        assertEquals(200, healthz.statusCode());
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("api_inflight_requests"));
        assertTrue(metrics.body().contains("jvm_memory_used_bytes"));
    }

    @Test
    void detailedHealthListsEndpoints() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(
                gateway.uri.resolve("/health?detailed=true")).build(), HttpResponse.BodyHandlers.ofString());

        JsonNode endpoints = body(response).path("endpoints");
        assertEquals(2, endpoints.size());
        assertTrue(endpoints.get(0).path("url").asText().startsWith("http://127.0.0.1:"));
        assertTrue(endpoints.get(0).hasNonNull("state"));
    }

    @Test
    void allPodsDownAnswers503WithRetryAfter() throws Exception {
        long start = System.nanoTime();

        HttpResponse<String> response = post("Token " + KEY, "audio/wav", TestAudio.silentWav(3200), "");

        long elapsedMs = (System.nanoTime() - start) / 1_000_000;
        assertEquals(503, response.statusCode());
        assertEquals("SERVICE_UNAVAILABLE", body(response).path("code").asText());
        assertTrue(response.headers().firstValue("Retry-After").isPresent());
        assertEquals(2, body(response).path("retry_after").asInt());
        assertTrue(elapsedMs < QUEUE_TIMEOUT_MS + 5000, "answered after " + elapsedMs + " ms");
    }

    @Test
    void requestIdEchoed() throws Exception {
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.listen(""))
                .header("X-Request-Id", "client-id-42")
                .POST(HttpRequest.BodyPublishers.ofByteArray(TestAudio.silentWav(320))).build(),
                HttpResponse.BodyHandlers.ofString());

        assertEquals("client-id-42", response.headers().firstValue("X-Request-Id").orElseThrow());
        assertEquals("client-id-42", body(response).path("request_id").asText());
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @ValueSource(strings = {"89504e470d0a1a0a0000000d49484452", "7b2275726c223a2022687474703a2f2f78227d",
            "48656c6c6f2c20776f726c6421", "504b030414000000080000000000"})
    void nonAudioRejectedWith415(String hex) throws Exception {
        HttpResponse<String> response = post("Token " + KEY, "application/octet-stream",
                HexFormat.of().parseHex(hex), "");

        assertEquals(415, response.statusCode());
        assertEquals("UNSUPPORTED_FORMAT", body(response).path("code").asText());
        assertTrue(body(response).path("supported_formats").isArray());
    }

    @Test
    void oversizedUploadRejectedWith422() throws Exception {
        HttpResponse<String> response = post("Token " + KEY, "audio/wav", TestAudio.silentWav(2 * 1024 * 1024), "");

        assertEquals(422, response.statusCode());
        assertEquals("FILE_TOO_LARGE", body(response).path("code").asText());
        assertEquals(2, body(response).path("max_size_mb").asInt());
    }

    @Test
    void oversizedChunkedUploadRejectedWhileReading() throws Exception {
        byte[] audio = TestAudio.silentWav(3 * 1024 * 1024);
        HttpRequest request = HttpRequest.newBuilder(gateway.listen(""))
                .header("Authorization", "Token " + KEY)
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(audio)))
                .build();

        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(422, response.statusCode());
        assertEquals("FILE_TOO_LARGE", body(response).path("code").asText());
    }

    @Test
    void bufferBudgetExhaustionAnswers503AndIsReleased() throws Exception {
        byte[] audio = TestAudio.silentWav(1024 * 1024);
        var first = client.sendAsync(HttpRequest.newBuilder(gateway.listen(""))
                .header("Authorization", "Token " + KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build(), HttpResponse.BodyHandlers.ofString());
        var second = client.sendAsync(HttpRequest.newBuilder(gateway.listen(""))
                .header("Authorization", "Token " + KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build(), HttpResponse.BodyHandlers.ofString());
        var third = client.sendAsync(HttpRequest.newBuilder(gateway.listen(""))
                .header("Authorization", "Token " + KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build(), HttpResponse.BodyHandlers.ofString());
        var fourth = client.sendAsync(HttpRequest.newBuilder(gateway.listen(""))
                .header("Authorization", "Token " + KEY)
                .POST(HttpRequest.BodyPublishers.ofByteArray(audio)).build(), HttpResponse.BodyHandlers.ofString());

        java.util.List<String> codes = new java.util.ArrayList<>();
        for (var future : java.util.List.of(first, second, third, fourth)) {
            codes.add(body(future.get()).path("code").asText());
        }

        assertTrue(codes.contains("CAPACITY_EXCEEDED"), codes.toString());
        assertEquals(0, gateway.context.budget.reservedBytes());
    }

    @Test
    void clientDisconnectReleasesCounters() throws Exception {
        byte[] audio = TestAudio.silentWav(512 * 1024);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.server.port())) {
            String head = "POST /v1/listen HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + KEY
                    + "\r\nContent-Type: audio/wav\r\nContent-Length: " + audio.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(audio, 0, audio.length / 2);
            socket.getOutputStream().flush();
            Thread.sleep(200);
        }

        double inFlight = -1;
        for (int i = 0; i < 50 && inFlight != 0; i++) {
            Thread.sleep(100);
            inFlight = gateway.metric(client, "api_inflight_requests", "");
        }
        assertEquals(0, inFlight);
        assertEquals(0, gateway.context.budget.reservedBytes());
        assertEquals(0, gateway.metric(client, "api_queued_requests", ""));
        assertFalse(logs.text().contains("INTERNAL_ERROR"), "a client disconnect is not an internal error");
        assertFalse(logs.text().contains("SEVERE"), "a client disconnect is not logged as an error");
    }

    @Test
    void clientGoneBeforeResponseIsNoError() throws Exception {
        byte[] audio = TestAudio.silentWav(3200);
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", gateway.server.port())) {
            String head = "POST /v1/listen HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Token " + KEY
                    + "\r\nContent-Type: audio/wav\r\nContent-Length: " + audio.length + "\r\n\r\n";
            socket.getOutputStream().write(head.getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().write(audio);
            socket.getOutputStream().flush();
            Thread.sleep(100);
            socket.setSoLinger(true, 0);
        }
        Thread.sleep(QUEUE_TIMEOUT_MS + 1000);

        assertEquals(0, gateway.metric(client, "api_inflight_requests", ""));
        assertEquals(0, gateway.context.budget.reservedBytes());
        assertFalse(logs.text().contains("SEVERE"), "a client that left is not logged as an error");
    }

    @Test
    void urlAndUploadTogetherRejected() throws Exception {
        HttpResponse<String> response = post("Token " + KEY, "audio/wav", TestAudio.silentWav(320),
                "url=http%3A%2F%2Fexample.com%2Fa.wav");

        assertEquals(400, response.statusCode());
        assertEquals("INVALID_PARAMETER", body(response).path("code").asText());
    }

    @Test
    void multipartWithUrlAndAudioRejected() throws Exception {
        String boundary = "b0undary";
        byte[] body = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"url\"\r\n\r\n"
                + "http://example.com/a.wav\r\n--" + boundary + "\r\nContent-Disposition: form-data; name=\"audio\";"
                + " filename=\"a.wav\"\r\n\r\nRIFF0000WAVE\r\n--" + boundary + "--\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);

        HttpResponse<String> response = post("Token " + KEY, "multipart/form-data; boundary=" + boundary, body, "");

        assertEquals(400, response.statusCode());
        assertEquals("INVALID_PARAMETER", body(response).path("code").asText());
    }

    @Test
    void jsonWithoutUrlRejected() throws Exception {
        HttpResponse<String> response = post("Token " + KEY, "application/json",
                "{\"language\": \"en\"}".getBytes(StandardCharsets.UTF_8), "");

        assertEquals(400, response.statusCode());
        assertEquals("MISSING_PARAMETER", body(response).path("code").asText());
    }

    @Test
    void malformedJsonRejected() throws Exception {
        HttpResponse<String> response = post("Token " + KEY, "application/json",
                "{\"url\": ".getBytes(StandardCharsets.UTF_8), "");

        assertEquals(400, response.statusCode());
        assertEquals("INVALID_PARAMETER", body(response).path("code").asText());
    }

    @Test
    void invalidBooleanParameterRejected() throws Exception {
        HttpResponse<String> response = post("Token " + KEY, "audio/wav", TestAudio.silentWav(320),
                "timestamps=maybe");

        assertEquals(400, response.statusCode());
        assertEquals("INVALID_PARAMETER", body(response).path("code").asText());
    }

    @Test
    void emptyBodyWithoutUrlRejected() throws Exception {
        HttpResponse<String> response = post("Token " + KEY, "audio/wav", new byte[0], "");

        assertEquals(400, response.statusCode());
        assertEquals("MISSING_PARAMETER", body(response).path("code").asText());
    }
}
