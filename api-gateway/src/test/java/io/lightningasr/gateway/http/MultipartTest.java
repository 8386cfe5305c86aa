package io.lightningasr.gateway.http;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class MultipartTest {

    @Test
    void parsesFileAndFields() {
        String body = "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"language\"\r\n\r\n"
                + "en\r\n"
                + "--XyZ\r\n"
                + "Content-Disposition: form-data; name=\"audio\"; filename=\"a.wav\"\r\n"
                + "Content-Type: audio/wav\r\n\r\n"
                + "RIFF\r\n--notboundary\r\nWAVE\r\n"
                + "--XyZ--\r\n";
        byte[] bytes = body.getBytes(StandardCharsets.ISO_8859_1);

        List<Multipart.Part> parts = Multipart.parse(bytes, bytes.length, "XyZ");

        assertEquals(2, parts.size());
        assertEquals("language", parts.get(0).name());
        assertEquals("en", parts.get(0).text(bytes));
        assertEquals("audio", parts.get(1).name());
        assertEquals("a.wav", parts.get(1).filename().orElseThrow());
        assertEquals("RIFF\r\n--notboundary\r\nWAVE", parts.get(1).text(bytes));
    }

    @Test
    void boundaryFromContentType() {
        assertEquals("abc", Multipart.boundary("multipart/form-data; boundary=abc").orElseThrow());
        assertEquals("a b", Multipart.boundary("multipart/form-data; charset=x; boundary=\"a b\"").orElseThrow());
        assertEquals(true, Multipart.boundary("multipart/form-data").isEmpty());
    }

    @Test
    void truncatedBodyRejected() {
        byte[] bytes = "--XyZ\r\nContent-Disposition: form-data; name=\"audio\"\r\n\r\nRIFF"
                .getBytes(StandardCharsets.ISO_8859_1);

        assertThrows(IllegalArgumentException.class, () -> Multipart.parse(bytes, bytes.length, "XyZ"));
    }
}
