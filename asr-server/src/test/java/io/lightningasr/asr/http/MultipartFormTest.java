package io.lightningasr.asr.http;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MultipartFormTest {

    private static final byte[] AUDIO = {'R', 'I', 'F', 'F', 0, 1, 2, '\r', '\n', '-', '-', 3, (byte) 0xFF};

    @ParameterizedTest
    @ValueSource(strings = {
            "multipart/form-data; boundary=abc123",
            "multipart/form-data; boundary=\"abc123\"",
            "multipart/form-data;charset=utf-8;BOUNDARY=abc123"})
    void boundaryIsReadQuotedOrNot(String contentType) throws ApiException {
        assertEquals("abc123", MultipartForm.boundary(contentType));
    }

    @Test
    void missingBoundaryIsInvalid() {
        ApiException e = assertThrows(ApiException.class, () -> MultipartForm.boundary("multipart/form-data"));

        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
    }

    @Test
    void audioPartAndFieldsAreParsed() throws Exception {
        byte[] body = form("\r\n", "preamble\r\n");

        MultipartForm form = MultipartForm.parse(body, "abc123");

        assertArrayEquals(AUDIO, form.audio().orElseThrow());
        assertEquals("en-US", form.fields().get("language"));
        assertEquals("true", form.fields().get("timestamps"));
    }

    @Test
    void bareLineFeedsAreAccepted() throws Exception {
        MultipartForm form = MultipartForm.parse(form("\n", ""), "abc123");

        assertArrayEquals(AUDIO, form.audio().orElseThrow());
        assertEquals("en-US", form.fields().get("language"));
    }

    @Test
    void formWithoutAudioHasEmptyAudio() throws Exception {
        byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"punctuate\"\r\n\r\nfalse\r\n--b--\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        MultipartForm form = MultipartForm.parse(body, "b");

        assertTrue(form.audio().isEmpty());
        assertEquals("false", form.fields().get("punctuate"));
    }

    @Test
    void missingClosingBoundaryIsInvalid() {
        byte[] body = ("--b\r\nContent-Disposition: form-data; name=\"audio\"\r\n\r\nRIFF")
                .getBytes(StandardCharsets.US_ASCII);

        ApiException e = assertThrows(ApiException.class, () -> MultipartForm.parse(body, "b"));

        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
    }

    @Test
    void repeatedAudioPartIsInvalid() {
        String part = "--b\r\nContent-Disposition: form-data; name=\"audio\"\r\n\r\nRIFF\r\n";
        byte[] body = (part + part + "--b--\r\n").getBytes(StandardCharsets.US_ASCII);

        ApiException e = assertThrows(ApiException.class, () -> MultipartForm.parse(body, "b"));

        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
    }

    @Test
    void bodyWithoutBoundaryIsInvalid() {
        ApiException e = assertThrows(ApiException.class,
                () -> MultipartForm.parse("just bytes".getBytes(StandardCharsets.US_ASCII), "b"));

        assertEquals(ErrorCode.INVALID_PARAMETER, e.code());
    }

    private static byte[] form(String newline, String preamble) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(preamble.getBytes(StandardCharsets.US_ASCII));
        out.write(("--abc123" + newline + "Content-Disposition: form-data; name=\"language\"" + newline + newline
                + "en-US" + newline).getBytes(StandardCharsets.US_ASCII));
        out.write(("--abc123" + newline + "Content-Disposition: form-data; name=\"audio\"; filename=\"a.wav\""
                + newline + "Content-Type: audio/wav" + newline + newline).getBytes(StandardCharsets.US_ASCII));
        out.write(AUDIO);
        out.write((newline + "--abc123" + newline + "Content-Disposition: form-data; name=timestamps" + newline
                + newline + "true" + newline + "--abc123--" + newline).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }
}
