package io.lightningasr.loadtest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lightningasr.loadtest.CliRun;
import io.lightningasr.loadtest.LoopbackServer;
import io.lightningasr.loadtest.Wav;
import io.lightningasr.loadtest.series.Series;
import io.lightningasr.loadtest.series.SeriesFiles;
import io.lightningasr.loadtest.series.SeriesPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code loadtest run} against JDK HTTP servers on loopback. */
class RunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final LoopbackServer.Reply HEALTHY = new LoopbackServer.Reply(200, "{\"status\":\"healthy\"}");

    @Test
    void countLimitSendsExactlyThatMany() throws Exception {
        try (LoopbackServer server = new LoopbackServer(4, (index, request) -> HEALTHY)) {
            CliRun run = CliRun.of("run", "-c", "4", "-n", "150", "--quiet", server.url("/health"));

            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(150, run.summaryValue("requests"));
            assertEquals(150, server.requests());
            assertTrue(run.stdout().contains("[200] 150"), run.stdout());
            assertEquals("GET", server.kept().getFirst().method());
        }
    }

    @Test
    void durationRunCountsEveryRequestTheServerSaw() throws Exception {
        try (LoopbackServer server = new LoopbackServer(8, (index, request) -> {
            Thread.sleep(2);
            return HEALTHY;
        })) {
            CliRun run = CliRun.of("run", "-c", "6", "-z", "2s", server.url("/health"));

            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(server.requests(), (long) run.summaryValue("requests"));
            assertTrue(server.requests() > 50, "2 s at 6 clients sends more than 50 requests");
            assertTrue(server.maxConcurrent() <= 6, "never more than -c requests at once");
            assertTrue(run.stderr().contains("[    1s]"), "progress line each second:\n" + run.stderr());
        }
    }

    @Test
    void statusHistogramCountsErrorsByCode() throws Exception {
        try (LoopbackServer server = new LoopbackServer(2, (index, request) -> index % 3 == 2
                ? new LoopbackServer.Reply(503, "{\"error\":\"busy\",\"code\":\"SERVICE_UNAVAILABLE\"}") : HEALTHY)) {
            CliRun run = CliRun.of("run", "-c", "1", "-n", "30", "--quiet", server.url("/v1/listen"));

            assertTrue(run.stdout().contains("[200] 20"), run.stdout());
            assertTrue(run.stdout().contains("[503] 10"), run.stdout());
            assertTrue(run.stdout().contains("(10 without a 2xx response)"), run.stdout());
        }
    }

    @Test
    void tokenIsSentButNeverPrinted() throws Exception {
        String key = "lk_secret_0123456789";
        try (LoopbackServer server = new LoopbackServer(2, (index, request) -> HEALTHY)) {
            CliRun run = CliRun.of("run", "-c", "1", "-n", "3", "--token", key, server.url("/health"));

            assertEquals("Token " + key, server.kept().getFirst().authorization());
            assertFalse(run.stdout().contains(key));
            assertFalse(run.stderr().contains(key));
        }
    }

    @Test
    void rawAudioFilesGoRoundRobinWithWavDuration(@TempDir Path dir) throws Exception {
        Path first = Wav.tone(dir.resolve("a.wav"), 1.5, 16000);
        Path second = Wav.tone(dir.resolve("b.wav"), 0.5, 8000);
        try (LoopbackServer server = new LoopbackServer(2, (index, request) ->
                new LoopbackServer.Reply(200, "{\"text\":\"\"}"))) {
            CliRun run = CliRun.of("run", "-c", "1", "-n", "4", "--file", first.toString(), "--file",
                    second.toString(), server.url("/v1/listen?language=en"));

            assertEquals(0, run.exitCode(), run.stderr());
            var seen = server.kept();
            assertEquals("POST", seen.getFirst().method());
            assertEquals("/v1/listen?language=en", seen.getFirst().path());
            assertEquals("audio/wav", seen.getFirst().contentType());
            assertEquals(Files.size(first), seen.get(0).body().length);
            assertEquals(Files.size(second), seen.get(1).body().length);
            assertTrue(run.stdout().contains("4.0 s transcribed"), "2 x 1.5 s + 2 x 0.5 s:\n" + run.stdout());
        }
    }

    @Test
    void responseDurationWinsOverWavHeader(@TempDir Path dir) throws Exception {
        Path audio = Wav.tone(dir.resolve("a.wav"), 1.0, 16000);
        try (LoopbackServer server = new LoopbackServer(2, (index, request) ->
                new LoopbackServer.Reply(200, "{\"text\":\"hi\",\"duration\":2.25}"))) {
            CliRun run = CliRun.of("run", "-c", "1", "-n", "2", "--multipart", "--file", audio.toString(),
                    server.url("/v1/listen"));

            assertTrue(run.stdout().contains("4.5 s transcribed"), run.stdout());
            LoopbackServer.Seen seen = server.kept().getFirst();
            assertTrue(seen.contentType().startsWith("multipart/form-data; boundary="), seen.contentType());
            String body = new String(seen.body(), StandardCharsets.ISO_8859_1);
            assertTrue(body.contains("Content-Disposition: form-data; name=\"audio\"; filename=\"a.wav\""), body.substring(0, 200));
        }
    }

    @Test
    void urlModeSendsJsonBodies() throws Exception {
        try (LoopbackServer server = new LoopbackServer(2, (index, request) -> HEALTHY)) {
            CliRun run = CliRun.of("run", "-c", "1", "-n", "2", "--audio-url", "https://example.org/a \"b\".wav",
                    server.url("/v1/listen"));

            assertEquals(0, run.exitCode(), run.stderr());
            LoopbackServer.Seen seen = server.kept().getFirst();
            assertEquals("application/json", seen.contentType());
            JsonNode body = JSON.readTree(seen.body());
            assertEquals("https://example.org/a \"b\".wav", body.get("url").asText());
        }
    }

    /*
     * One handler thread taking 100 ms per request serves 10 requests/s. Offering 40 requests/s for 1 s queues them:
     * the last one is meant to start at ~1 s but finishes at ~4 s. Counted from the intended send time, p99 is
     * about 3 s. Counted from the actual send, as a closed loop does, every request would look like ~100 ms.
     */
    @Test
    void openLoopCountsLatencyFromIntendedSendTime() throws Exception {
        try (LoopbackServer server = new LoopbackServer(1, (index, request) -> {
            Thread.sleep(100);
            return HEALTHY;
        })) {
            CliRun run = CliRun.of("run", "-q", "40", "-z", "1s", "--quiet", server.url("/health"));

            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(40, run.summaryValue("requests"), 2);
            assertTrue(run.summaryValue("p99") > 2000, "queueing shows in p99:\n" + run.stdout());
            assertTrue(run.stdout().contains("from the intended send time"), run.stdout());
        }
    }

    @Test
    void rampScenarioRaisesConcurrencyEachSecond(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("ramp.json");
        try (LoopbackServer server = new LoopbackServer(8, (index, request) -> {
            Thread.sleep(5);
            return HEALTHY;
        })) {
            CliRun run = CliRun.of("run", "--scenario", "ramp", "-c", "4", "-z", "4s", "--quiet", "--out",
                    out.toString(), server.url("/health"));

            assertEquals(0, run.exitCode(), run.stderr());
            Series series = SeriesFiles.read(out);
            assertEquals(1.0, series.points().get(0).offered());
            assertEquals(2.0, series.points().get(1).offered());
            assertEquals(4.0, series.points().get(3).offered());
            assertTrue(series.points().get(0).p50Ms() > 4, "latency includes the 5 ms handler");
            long total = series.points().stream().mapToLong(SeriesPoint::completed).sum();
            assertEquals(server.requests(), total, "the per-second counts add up to all requests");
        }
    }

    @Test
    void unreachableServerCountsConnectErrors() {
        CliRun run = CliRun.of("run", "-c", "1", "-n", "3", "--quiet", "-t", "2s", "http://127.0.0.1:1/health");

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("[error:connect] 3"), run.stdout());
        assertTrue(run.stdout().contains("error:connect: ConnectException"), run.stdout());
    }

    @Test
    void scenarioWithoutDurationIsRejected() {
        CliRun run = CliRun.of("run", "--scenario", "spike", "-c", "4", "http://127.0.0.1:1/health");

        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("--scenario needs a duration"), run.stderr());
    }
}
