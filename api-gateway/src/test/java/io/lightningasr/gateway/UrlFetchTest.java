package io.lightningasr.gateway;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * URL fetching through a running gateway: SSRF forms are rejected before any connection, and fetch failures map
 * to their error codes. Every server here listens on loopback; the forbidden non-loopback addresses in the table
 * are never contacted, which {@code api_url_fetch_connections_total} proves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UrlFetchTest {
    private static final String KEY = "fetch-test-key";

    private final ObjectMapper json = new ObjectMapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicInteger canaryConnections = new AtomicInteger();
    private final List<ServerSocket> canaries = new ArrayList<>();
    private int canaryPort;
    private int canaryV6Port;
    private HttpServer files;
    private String filesBase;
    private TestGateway gateway;
    private LogCapture logs;

    @BeforeAll
    void start() throws IOException {
        logs = new LogCapture();
        canaryPort = canary(InetAddress.getByName("127.0.0.1"));
        try {
            canaryV6Port = canary(InetAddress.getByName("::1"));
        } catch (java.net.SocketException e) {
            // Without IPv6 loopback the [::1] rows still check the rejection, with the IPv4 canary's port.
            canaryV6Port = canaryPort;
        }

        files = HttpServer.create(new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 16);
        filesBase = "http://127.0.0.2:" + files.getAddress().getPort();
        files.createContext("/to-loopback", redirect("http://127.0.0.1:" + canaryPort + "/a.wav"));
        files.createContext("/to-localhost", redirect("http://localhost:" + canaryPort + "/a.wav"));
        files.createContext("/to-ipv6-loopback", redirect("http://[::1]:" + canaryV6Port + "/a.wav"));
        files.createContext("/to-decimal", redirect("http://2130706433:" + canaryPort + "/a.wav"));
        files.createContext("/loop", redirect("/loop"));

        files.createContext("/missing", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        files.createContext("/slow", exchange -> {
            try {
                Thread.sleep(3000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.sendResponseHeaders(200, -1);
            exchange.close();
        });
        files.createContext("/big.wav", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(TestAudio.silentWav(3 * 1024 * 1024));
            } catch (IOException e) {
                // The gateway closes the connection once the limit is passed.
            }
        });
        files.createContext("/page.html", exchange -> {
            byte[] page = "<html><body>not audio</body></html>".getBytes();
            exchange.sendResponseHeaders(200, page.length);
            exchange.getResponseBody().write(page);
            exchange.close();
        });
        files.setExecutor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor());
        files.start();

        gateway = TestGateway.start(Map.of(
                "LICENSE_KEY", KEY,
                "LIGHTNING_ASR_BASE_URL", "http://127.0.0.1:" + closedPort(),
                "API_URL_ALLOWLIST", "127.0.0.2/32",
                "API_QUEUE_TIMEOUT_MS", "300",
                "API_MAX_BODY_MB", "2",
                "API_FETCH_READ_TIMEOUT_MS", "500"));
    }

    @AfterAll
    void stop() throws IOException {
        gateway.close();
        files.stop(0);
        for (ServerSocket canary : canaries) {
            canary.close();
        }
        logs.close();
        logs.assertNotContains(KEY);
    }

    private int canary(InetAddress address) throws IOException {
        ServerSocket socket = new ServerSocket(0, 50, address);
        canaries.add(socket);
        Thread.ofVirtual().start(() -> {
            while (!socket.isClosed()) {
                try (Socket accepted = socket.accept()) {
                    canaryConnections.incrementAndGet();
                } catch (IOException e) {
                    return;
                }
            }
        });
        return socket.getLocalPort();
    }

    private static com.sun.net.httpserver.HttpHandler redirect(String location) {
        return exchange -> {
            exchange.getResponseHeaders().add("Location", location);
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        };
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private JsonNode fetch(String url) throws Exception {
        String body = json.writeValueAsString(Map.of("url", url));
        HttpResponse<String> response = client.send(HttpRequest.newBuilder(gateway.listen(""))
                .header("Authorization", "Token " + KEY)
                .header("Content-Type", "application/json")
                .timeout(Duration.ofSeconds(30))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode node = json.readTree(response.body());
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).put("status", response.statusCode());
        return node;
    }

    @Test
    void ssrfFormsRejectedBeforeConnecting() throws Exception {
        int p = canaryPort;
        Map<String, String> cases = new LinkedHashMap<>();
        cases.put("http://127.0.0.1:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://localhost:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://LOCALHOST.:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://127.1:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://2130706433:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://0177.0.0.1:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://0x7f.0.0.1:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://0x7f000001:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://0.0.0.0:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://0:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://[::1]:" + canaryV6Port + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://[::ffff:127.0.0.1]:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://[::ffff:7f00:1]:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://[::127.0.0.1]:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://[64:ff9b::7f00:1]:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("https://127.0.0.1:" + p + "/a.wav", "FORBIDDEN_URL");
        cases.put("http://169.254.169.254/latest/meta-data/", "FORBIDDEN_URL");
        cases.put("http://[fd00:ec2::254]/latest/meta-data/", "FORBIDDEN_URL");
        cases.put("http://metadata.google.internal/computeMetadata/v1/", "FORBIDDEN_URL");
        cases.put("http://10.0.0.1/a.wav", "FORBIDDEN_URL");
        cases.put("http://172.16.0.1/a.wav", "FORBIDDEN_URL");
        cases.put("http://192.168.1.1/a.wav", "FORBIDDEN_URL");
        cases.put("http://100.64.0.1/a.wav", "FORBIDDEN_URL");
        cases.put("http://[fc00::1]/a.wav", "FORBIDDEN_URL");
        cases.put("http://[fe80::1]/a.wav", "FORBIDDEN_URL");
        cases.put("http://[::]/a.wav", "FORBIDDEN_URL");
        cases.put("http://255.255.255.255/a.wav", "FORBIDDEN_URL");
        cases.put("http://224.0.0.1/a.wav", "FORBIDDEN_URL");
        cases.put(filesBase + "/to-loopback", "FORBIDDEN_URL");
        cases.put(filesBase + "/to-localhost", "FORBIDDEN_URL");
        cases.put(filesBase + "/to-ipv6-loopback", "FORBIDDEN_URL");
        cases.put(filesBase + "/to-decimal", "FORBIDDEN_URL");
        cases.put("file:///etc/passwd", "INVALID_URL");
        cases.put("ftp://127.0.0.1:" + p + "/a.wav", "INVALID_URL");
        cases.put("gopher://127.0.0.1:" + p + "/_GET", "INVALID_URL");
        cases.put("data:audio/wav;base64,UklGRiQAAABXQVZF", "INVALID_URL");
        cases.put("http://user:pass@127.0.0.2:" + p + "/a.wav", "INVALID_URL");
        double before = gateway.metric(client, "api_url_fetch_connections_total", "");

        for (Map.Entry<String, String> c : cases.entrySet()) {
            JsonNode response = fetch(c.getKey());

            assertEquals(400, response.path("status").asInt(), c.getKey() + " -> " + response);
            assertEquals(c.getValue(), response.path("code").asText(), c.getKey() + " -> " + response);
        }

        double connections = gateway.metric(client, "api_url_fetch_connections_total", "") - before;
        assertEquals(4, connections, "only the four redirecting requests to the allow-listed 127.0.0.2 connect");
        assertEquals(0, canaryConnections.get(), "a forbidden URL reached the loopback listener");
    }

    @Test
    void tooManyRedirectsFail() throws Exception {
        JsonNode response = fetch(filesBase + "/loop");

        assertEquals(400, response.path("status").asInt());
        assertEquals("FETCH_FAILED", response.path("code").asText());
    }

    @Test
    void upstreamErrorReportsStatus() throws Exception {
        JsonNode response = fetch(filesBase + "/missing");

        assertEquals(400, response.path("status").asInt());
        assertEquals("FETCH_FAILED", response.path("code").asText());
        assertEquals(404, response.path("upstream_status").asInt());
    }

    @Test
    void silentServerTimesOut() throws Exception {
        JsonNode response = fetch(filesBase + "/slow");

        assertEquals(400, response.path("status").asInt());
        assertEquals("FETCH_TIMEOUT", response.path("code").asText());
    }

    @Test
    void oversizedDownloadRejectedWith422() throws Exception {
        JsonNode response = fetch(filesBase + "/big.wav");

        assertEquals(422, response.path("status").asInt(), response.toString());
        assertEquals("FILE_TOO_LARGE", response.path("code").asText());
        assertEquals(2, response.path("max_size_mb").asInt());
        assertEquals(0, gateway.context.budget.reservedBytes());
    }

    @Test
    void fetchedNonAudioRejectedWith415() throws Exception {
        JsonNode response = fetch(filesBase + "/page.html");

        assertEquals(415, response.path("status").asInt());
        assertEquals("UNSUPPORTED_FORMAT", response.path("code").asText());
    }

    @Test
    void untrustedCertificateRejected(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        java.nio.file.Path keystore = dir.resolve("self-signed.p12");
        Process keytool = new ProcessBuilder(java.nio.file.Path.of(System.getProperty("java.home"), "bin", "keytool")
                .toString(), "-genkeypair", "-alias", "files", "-keyalg", "EC", "-keystore", keystore.toString(),
                "-storepass", "changeit", "-dname", "CN=127.0.0.2", "-ext", "san=ip:127.0.0.2", "-validity", "2")
                .redirectErrorStream(true).start();
        keytool.getInputStream().readAllBytes();
        assertTrue(keytool.waitFor(60, java.util.concurrent.TimeUnit.SECONDS));
        java.security.KeyStore store = java.security.KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(keystore)) {
            store.load(in, "changeit".toCharArray());
        }
        var keys = javax.net.ssl.KeyManagerFactory.getInstance(javax.net.ssl.KeyManagerFactory.getDefaultAlgorithm());
        keys.init(store, "changeit".toCharArray());
        javax.net.ssl.SSLContext tls = javax.net.ssl.SSLContext.getInstance("TLS");
        tls.init(keys.getKeyManagers(), null, null);
        com.sun.net.httpserver.HttpsServer https = com.sun.net.httpserver.HttpsServer.create(
                new InetSocketAddress(InetAddress.getByName("127.0.0.2"), 0), 4);
        https.setHttpsConfigurator(new com.sun.net.httpserver.HttpsConfigurator(tls));
        AtomicInteger served = new AtomicInteger();
        https.createContext("/a.wav", exchange -> {
            served.incrementAndGet();
            byte[] wav = TestAudio.silentWav(320);
            exchange.sendResponseHeaders(200, wav.length);
            exchange.getResponseBody().write(wav);
            exchange.close();
        });
        https.start();
        try {
            double before = gateway.metric(client, "api_url_fetch_connections_total", "");

            JsonNode response = fetch("https://127.0.0.2:" + https.getAddress().getPort() + "/a.wav");

            assertEquals(400, response.path("status").asInt(), response.toString());
            assertEquals("FETCH_FAILED", response.path("code").asText());
            assertEquals(1, gateway.metric(client, "api_url_fetch_connections_total", "") - before);
            assertEquals(0, served.get(), "no request is sent over an unverified TLS connection");
        } finally {
            https.stop(0);
        }
    }

    @Test
    void unresolvableHostFails() throws Exception {
        JsonNode response = fetch("http://no-such-host.invalid/a.wav");

        assertTrue(response.path("status").asInt() == 400);
        assertEquals("FETCH_FAILED", response.path("code").asText());
    }
}
