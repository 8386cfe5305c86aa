package io.lightningasr.asr;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Invalid requests get their documented status and code, and the server keeps serving. */
class ServerBadInputTest {

    private static final byte[] PNG = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n',
            0, 0, 0, 13, 'I', 'H', 'D', 'R', 0, 0, 0, 1, 0, 0, 0, 1, 8, 6, 0, 0, 0};

    private static ServerProcess server;
    private static byte[] validWav;

    @BeforeAll
    static void startServer() throws Exception {
        server = SharedServer.get();
        validWav = TestAudio.toneWav(1);
    }

    static Stream<Arguments> invalidRequests() {
        byte[] tooLarge = new byte[(SharedServer.MAX_BODY_MB + 1) * 1024 * 1024];
        System.arraycopy(validWav, 0, tooLarge, 0, validWav.length);
        return Stream.of(
                Arguments.of("empty body", "/v1/listen", "audio/wav", new byte[0], 400, "MISSING_PARAMETER"),
                Arguments.of("truncated WAV", "/v1/listen", "audio/wav", TestAudio.truncate(validWav, 30),
                        400, "INVALID_AUDIO"),
                Arguments.of("WAV fmt chunk of 2 GiB", "/v1/listen", "audio/wav",
                        TestAudio.wavWithDeclaredSizes(1, 0x7FFF_FFF0L, 3200, 3200), 400, "INVALID_AUDIO"),
                Arguments.of("WAV with 0 channels", "/v1/listen", "audio/wav",
                        TestAudio.wavWithDeclaredSizes(0, 16, 3200, 3200), 400, "INVALID_AUDIO"),
                Arguments.of("PNG labelled audio/wav", "/v1/listen", "audio/wav", PNG, 415, "UNSUPPORTED_FORMAT"),
                Arguments.of("unknown language", "/v1/listen?language=fr", "audio/wav", validWav,
                        400, "INVALID_PARAMETER"),
                Arguments.of("invalid boolean", "/v1/listen?timestamps=yes", "audio/wav", validWav,
                        400, "INVALID_PARAMETER"),
                Arguments.of("body over the limit", "/v1/listen", "audio/wav", tooLarge, 422, "FILE_TOO_LARGE"),
                Arguments.of("multipart without audio part", "/v1/listen", "multipart/form-data; boundary=xyz",
                        ("--xyz\r\nContent-Disposition: form-data; name=\"language\"\r\n\r\nen\r\n--xyz--\r\n")
                                .getBytes(StandardCharsets.US_ASCII), 400, "MISSING_PARAMETER"),
                Arguments.of("multipart without boundary", "/v1/listen", "multipart/form-data", validWav,
                        400, "INVALID_PARAMETER"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidRequests")
    void invalidRequestGetsItsErrorCode(String name, String path, String contentType, byte[] body,
                                        int status, String code) throws Exception {
        HttpResponse<String> response = server.post(path, contentType, body);

        assertError(response, status, code);
        assertServing();
    }

    @Test
    void chunkedBodyOverTheLimitGets422() throws Exception {
        byte[] tooLarge = new byte[(SharedServer.MAX_BODY_MB + 1) * 1024 * 1024];
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/listen"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(tooLarge)))
                .build();
        HttpResponse<String> response = HttpClient.newHttpClient().send(request,
                HttpResponse.BodyHandlers.ofString());

        assertError(response, 422, "FILE_TOO_LARGE");
        assertTrue(response.body().contains("\"max_size_mb\":" + SharedServer.MAX_BODY_MB), response.body());
        assertServing();
    }

    private static void assertError(HttpResponse<String> response, int status, String code) {
        String body = response.body();
        assertEquals(status, response.statusCode(), body);
        assertTrue(body.startsWith("{\"error\":\""), body);
        assertTrue(body.contains("\"code\":\"" + code + "\""), body);
        assertFalse(body.contains("Exception"), "exception name in body: " + body);
        assertFalse(body.contains("\tat ") || body.contains(".java:"), "stack trace in body: " + body);
        assertTrue(response.headers().firstValue("X-Asr-Active-Requests").isPresent(), "X-Asr-Active-Requests");
        assertTrue(response.headers().firstValue("X-Request-Id").isPresent(), "X-Request-Id");
        if (code.equals("UNSUPPORTED_FORMAT")) {
            assertTrue(body.contains("\"supported_formats\":[\"wav\""), body);
        }
        if (code.equals("FILE_TOO_LARGE")) {
            assertTrue(body.contains("\"max_size_mb\":" + SharedServer.MAX_BODY_MB), body);
        }
    }

    private static void assertServing() throws Exception {
        HttpResponse<String> ok = server.post("/v1/listen", "audio/wav", validWav);
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals(200, server.get("/health/ready").statusCode());
    }
}
