package io.lightningasr.asr.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lightningasr.asr.Main;
import io.lightningasr.asr.config.AsrConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Health endpoints of a server started in the test JVM through {@link Main#start} with the bundled model. */
class HealthEndpointTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static AsrServer server;

    @BeforeAll
    static void start() throws Exception {
        Path modelDir = Path.of(System.getProperty("asr.test.model-dir", "../models/demo-en"));
        server = Main.start(AsrConfig.fromEnvironment(Map.of(
                "ASR_HOST", "127.0.0.1",
                "ASR_PORT", "0",
                "ASR_METRICS_PORT", "0",
                "ASR_DEVICE", "cpu",
                "ASR_SLOTS", "3",
                "ASR_QUEUE_SIZE", "5",
                "ASR_MODEL_DIR", modelDir.toAbsolutePath().toString()), null));
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.drainAndStop(Duration.ofSeconds(5));
        }
    }

    @Test
    void livenessIsHealthy() throws Exception {
        HttpResponse<String> response = get(server.port(), "/health");

        assertEquals(200, response.statusCode());
        assertEquals("{\"status\":\"healthy\"}", response.body());
        assertEquals("application/json", response.headers().firstValue("Content-Type").orElse(""));
    }

    @Test
    void detailedReadinessDescribesModelAndQueue() throws Exception {
        HttpResponse<String> response = get(server.port(), "/health/ready?detailed=true");

        assertEquals(200, response.statusCode(), response.body());
        JsonNode body = JSON.readTree(response.body());
        assertEquals("healthy", body.get("status").asText());
        assertEquals("cpu", body.get("device").asText());
        assertEquals("CPUExecutionProvider", body.get("execution_provider").asText());
        assertEquals("en", body.get("language").asText());
        assertFalse(body.get("model").asText().isEmpty());
        assertEquals(3, body.get("slots").asInt());
        assertEquals(5, body.get("queue_size").asInt());
        assertEquals(0, body.get("active").asInt());
        assertEquals(0, body.get("queued").asInt());
        assertFalse(body.get("draining").asBoolean());
        assertTrue(body.get("model_load_seconds").asDouble() > 0);
    }

    @Test
    void metricsListenerServesOnlyMetrics() throws Exception {
        HttpResponse<String> metrics = get(server.metricsPort(), "/metrics");
        assertEquals(200, metrics.statusCode());
        assertTrue(metrics.body().contains("\nasr_active_requests 0.0\n"), "asr_active_requests is 0 at start");
        assertEquals(404, get(server.metricsPort(), "/v1/listen").statusCode());
        assertEquals(404, get(server.port(), "/metrics").statusCode());
    }

    private static HttpResponse<String> get(int port, String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
