package io.lightningasr.loadtest.http;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.Executors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Response framing of the keep-alive client against the JDK HTTP server. */
class HttpConnectionTest {

    private static final byte[] NO_BODY = new byte[0];

    private HttpServer server;

    @BeforeEach
    void start() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.setExecutor(Executors.newFixedThreadPool(2));
        server.createContext("/chunked", exchange -> {
            // Length 0 makes the JDK server send Transfer-Encoding: chunked.
            exchange.sendResponseHeaders(200, 0);
            try (var body = exchange.getResponseBody()) {
                body.write("{\"duration\":".getBytes(StandardCharsets.UTF_8));
                body.flush();
                body.write("1.5}".getBytes(StandardCharsets.UTF_8));
            }
        });
        server.createContext("/close", exchange -> {
            byte[] body = "bye".getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Connection", "close");
            exchange.sendResponseHeaders(503, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    @Test
    void chunkedBodyIsReadAndConnectionReused() throws Exception {
        Endpoint endpoint = Endpoint.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/chunked");
        try (HttpConnection connection = HttpConnection.open(endpoint, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            for (int i = 0; i < 3; i++) {
                HttpResponse response = connection.exchange(get(endpoint), NO_BODY, true);

                assertEquals(200, response.status());
                assertEquals("{\"duration\":1.5}", new String(response.body(), StandardCharsets.UTF_8));
                assertTrue(connection.isOpen(), "kept alive after response " + i);
            }
        }
    }

    @Test
    void connectionCloseHeaderClosesConnection() throws Exception {
        Endpoint endpoint = Endpoint.parse("http://127.0.0.1:" + server.getAddress().getPort() + "/close");
        try (HttpConnection connection = HttpConnection.open(endpoint, Duration.ofSeconds(2), Duration.ofSeconds(5))) {
            HttpResponse response = connection.exchange(get(endpoint), NO_BODY, false);

            assertEquals(503, response.status());
            assertEquals(0, response.body().length, "body dropped when not kept");
            assertFalse(connection.isOpen());
        }
    }

    @Test
    void endpointParsesDefaultsAndQuery() {
        Endpoint endpoint = Endpoint.parse("https://asr.example.org/v1/listen?language=en");

        assertTrue(endpoint.tls());
        assertEquals(443, endpoint.port());
        assertEquals("/v1/listen?language=en", endpoint.requestTarget());
        assertEquals("asr.example.org", endpoint.hostHeader());
    }

    private static byte[] get(Endpoint endpoint) {
        return ("GET " + endpoint.requestTarget() + " HTTP/1.1\r\nHost: " + endpoint.hostHeader() + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
    }
}
