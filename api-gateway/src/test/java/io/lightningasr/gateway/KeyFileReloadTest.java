package io.lightningasr.gateway;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A running gateway picks up a rotated Kubernetes Secret without a restart. */
class KeyFileReloadTest {
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private int status(TestGateway gateway, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(gateway.listen(""))
                        .header("Authorization", "Token " + key)
                        .POST(HttpRequest.BodyPublishers.ofByteArray(TestAudio.silentWav(320))).build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    @Test
    void rotatedSecretAcceptedWithoutRestart(@TempDir Path dir) throws Exception {
        Path v1 = Files.createDirectory(dir.resolve("..v1"));
        Files.writeString(v1.resolve("keys"), "first-secret-key\n");
        Files.createSymbolicLink(dir.resolve("..data"), v1.getFileName());
        Path mounted = Files.createSymbolicLink(dir.resolve("keys"), Path.of("..data/keys"));

        try (LogCapture logs = new LogCapture();
             TestGateway gateway = TestGateway.start(Map.of(
                     "LICENSE_KEY_FILE", mounted.toString(),
                     "API_LICENSE_RELOAD_MS", "100",
                     "API_QUEUE_TIMEOUT_MS", "100",
                     "LIGHTNING_ASR_BASE_URL", "http://127.0.0.1:" + closedPort()))) {
            assertEquals(503, status(gateway, "first-secret-key"), "the first key passes authentication");
            assertEquals(401, status(gateway, "second-secret-key"));

            Path v2 = Files.createDirectory(dir.resolve("..v2"));
            Files.writeString(v2.resolve("keys"), "second-secret-key\n");
            Path next = Files.createSymbolicLink(dir.resolve("..data_tmp"), v2.getFileName());
            Files.move(next, dir.resolve("..data"), StandardCopyOption.ATOMIC_MOVE,
                    StandardCopyOption.REPLACE_EXISTING);

            int status = 401;
            for (int i = 0; i < 50 && status == 401; i++) {
                Thread.sleep(100);
                status = status(gateway, "second-secret-key");
            }
            assertEquals(503, status, "the rotated key passes authentication within 5 s");
            assertEquals(401, status(gateway, "first-secret-key"), "the removed key is rejected");
            logs.assertNotContains("secret-key");
        }
    }
}
