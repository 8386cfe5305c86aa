package io.lightningasr.asr;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End to end: every bundled sample, in every format, transcribed over HTTP by the bundled model. */
class ServerTranscriptionTest {

    static final Path SAMPLES_DIR = Path.of(System.getProperty("asr.test.samples-dir", "../samples"));

    /** The WER allowed above the model README's figure, in percentage points. */
    private static final double WER_MARGIN_POINTS = 2.0;
    private static final Pattern README_WER = Pattern.compile("WER[^0-9%\\n]{0,40}?(\\d+(?:\\.\\d+)?)\\s*%");
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void samplesAreTranscribedWithinTheModelWer() throws Exception {
        ServerProcess server = SharedServer.get();
        List<String> lines = Files.readAllLines(SAMPLES_DIR.resolve("transcripts.tsv"), StandardCharsets.UTF_8);
        int errors = 0;
        int referenceWords = 0;
        List<String> report = new ArrayList<>();
        for (String line : lines) {
            if (line.isBlank()) {
                continue;
            }
            String[] fields = line.split("\t", 2);
            byte[] audio = Files.readAllBytes(SAMPLES_DIR.resolve(fields[0]));
            HttpResponse<String> response = server.post("/v1/listen", contentType(fields[0]), audio);
            assertEquals(200, response.statusCode(), fields[0] + ": " + response.body());

            JsonNode body = JSON.readTree(response.body());
            String[] reference = WordErrors.words(fields[1]);
            String[] hypothesis = WordErrors.words(body.get("text").asText());
            int fileErrors = WordErrors.count(reference, hypothesis);
            errors += fileErrors;
            referenceWords += reference.length;
            report.add(fields[0] + ": " + fileErrors + " errors, \"" + body.get("text").asText() + "\"");
            assertTrue(body.get("duration").asDouble() > 0, fields[0] + " duration");
            assertFalse(body.has("words"), "words only with timestamps=true");
        }
        assertTrue(referenceWords > 0, "transcripts.tsv lists no sample");

        double wer = 100.0 * errors / referenceWords;
        double readmeWer = readmeWer();
        System.out.printf("samples WER %.2f%% over %d words (model README: %.2f%%)%n", wer, referenceWords, readmeWer);
        assertTrue(wer <= readmeWer + WER_MARGIN_POINTS, String.format(
                "WER %.2f%% over %d words exceeds the model README's %.2f%% + %.1f points:%n%s",
                wer, referenceWords, readmeWer, WER_MARGIN_POINTS, String.join("\n", report)));
    }

    @Test
    void multipartFormReturnsTimedWords() throws Exception {
        ServerProcess server = SharedServer.get();
        String[] first = Files.readAllLines(SAMPLES_DIR.resolve("transcripts.tsv")).getFirst().split("\t", 2);
        byte[] audio = Files.readAllBytes(SAMPLES_DIR.resolve(first[0]));
        String boundary = "----asr-test-boundary";
        ByteArrayOutputStream form = new ByteArrayOutputStream();
        form.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"timestamps\"\r\n\r\ntrue\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"punctuate\"\r\n\r\ntrue\r\n"
                + "--" + boundary + "\r\nContent-Disposition: form-data; name=\"audio\"; filename=\"" + first[0]
                + "\"\r\nContent-Type: " + contentType(first[0]) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        form.write(audio);
        form.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        HttpRequest request = HttpRequest.newBuilder(server.uri("/v1/listen?language=en-US"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "multipart/form-data; boundary=\"" + boundary + "\"")
                .header("X-Request-Id", "test-request-42")
                .POST(HttpRequest.BodyPublishers.ofByteArray(form.toByteArray()))
                .build();

        HttpResponse<String> response = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build()
                .send(request, HttpResponse.BodyHandlers.ofString());

        assertEquals(200, response.statusCode(), response.body());
        assertEquals("test-request-42", response.headers().firstValue("X-Request-Id").orElse(""));
        assertEquals("0", response.headers().firstValue("X-Asr-Active-Requests").orElse(""));
        JsonNode body = JSON.readTree(response.body());
        assertEquals("test-request-42", body.get("request_id").asText());
        assertEquals("en", body.get("language").asText());
        JsonNode words = body.get("words");
        assertTrue(words.isArray(), response.body());
        assertFalse(words.isEmpty(), response.body());
        double previousStart = -1;
        for (JsonNode word : words) {
            double start = word.get("start").asDouble();
            assertTrue(start >= previousStart, "words in time order: " + word);
            assertTrue(word.get("end").asDouble() >= start, "end after start: " + word);
            assertTrue(word.get("confidence").asDouble() >= 0, "confidence >= 0: " + word);
            assertTrue(word.get("confidence").asDouble() <= 1, "confidence <= 1: " + word);
            previousStart = start;
        }
        JsonNode metadata = body.get("metadata");
        assertFalse(metadata.get("punctuated").asBoolean());
        assertTrue(metadata.get("punctuate_requested").asBoolean());
        assertTrue(metadata.get("processing_time").asDouble() > 0);
        assertTrue(metadata.get("real_time_factor").asDouble() > 0);
        assertEquals(ServerProcess.MODEL_DIR.toAbsolutePath().normalize().getFileName().toString(),
                metadata.get("model").asText());
    }

    private static String contentType(String file) {
        String extension = file.substring(file.lastIndexOf('.') + 1);
        return switch (extension) {
            case "wav" -> "audio/wav";
            case "mp3" -> "audio/mpeg";
            case "flac" -> "audio/flac";
            case "ogg", "opus" -> "audio/ogg";
            case "m4a" -> "audio/mp4";
            case "webm" -> "audio/webm";
            default -> "application/octet-stream";
        };
    }

    /**
     * Returns the model README's WER in percent: the first data row of the first Markdown table with a WER
     * column, else the first "WER ... N %" in the text.
     */
    static double readmeWer() throws Exception {
        Path readme = ServerProcess.MODEL_DIR.resolve("README.md");
        List<String> lines = Files.readAllLines(readme, StandardCharsets.UTF_8);
        for (int i = 0; i + 2 < lines.size(); i++) {
            List<String> header = cells(lines.get(i));
            int column = header.indexOf("WER");
            if (column >= 0 && lines.get(i + 1).trim().startsWith("|")) {
                List<String> row = cells(lines.get(i + 2));
                Matcher number = Pattern.compile("(\\d+(?:\\.\\d+)?)").matcher(row.get(column));
                assertTrue(number.find(), "no number in the WER cell of " + readme + ": " + lines.get(i + 2));
                return Double.parseDouble(number.group(1));
            }
        }
        Matcher matcher = README_WER.matcher(String.join("\n", lines));
        assertTrue(matcher.find(), "no WER percentage in " + readme);
        return Double.parseDouble(matcher.group(1));
    }

    private static List<String> cells(String line) {
        String trimmed = line.trim();
        if (!trimmed.startsWith("|")) {
            return List.of();
        }
        List<String> cells = new ArrayList<>();
        for (String cell : trimmed.substring(1).split("\\|")) {
            cells.add(cell.trim().replace("*", ""));
        }
        return cells;
    }
}
