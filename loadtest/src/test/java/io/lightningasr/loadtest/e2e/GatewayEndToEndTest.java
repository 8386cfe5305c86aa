package io.lightningasr.loadtest.e2e;

import io.lightningasr.loadtest.CliRun;
import io.lightningasr.loadtest.Wav;
import io.lightningasr.loadtest.metrics.PrometheusText;
import io.lightningasr.loadtest.profile.Scenario;
import io.lightningasr.loadtest.series.Series;
import io.lightningasr.loadtest.series.SeriesFiles;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * {@code loadtest run} against the real gateway and one real ASR pod on loopback, started as child processes with
 * the test class path. Skipped when the bundled model has not been built.
 */
class GatewayEndToEndTest {

    private static final String KEY = "loadtest-e2e-key-7f3a9c";
    private static final Path MODEL_DIR = Path.of("..", "models", "demo-en").toAbsolutePath().normalize();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dir;

    private static ChildProcess asr;
    private static ChildProcess gateway;
    private static String gatewayUrl;
    private static String asrMetricsUrl;
    private static Path audio;

    @BeforeAll
    static void startServers() throws Exception {
        assumeTrue(Files.exists(MODEL_DIR.resolve("model.onnx")), "no model at " + MODEL_DIR + "; build it first");
        asr = ChildProcess.start("io.lightningasr.asr.Main", Map.of("ASR_PORT", "0", "ASR_METRICS_PORT", "0",
                "ASR_HOST", "127.0.0.1", "ASR_MODEL_DIR", MODEL_DIR.toString()));
        Matcher asrReady = asr.awaitLine(Pattern.compile("asr-server listening port=(\\d+) metrics_port=(\\d+)"),
                Duration.ofSeconds(180));
        asrMetricsUrl = "http://127.0.0.1:" + asrReady.group(2) + "/metrics";
        gateway = ChildProcess.start("io.lightningasr.gateway.Main", Map.of("API_PORT", "0", "API_HOST", "127.0.0.1",
                "LICENSE_KEY", KEY, "LIGHTNING_ASR_BASE_URL", "http://127.0.0.1:" + asrReady.group(1)));
        Matcher gatewayReady = gateway.awaitLine(Pattern.compile("api-gateway listening port=(\\d+)"),
                Duration.ofSeconds(60));
        gatewayUrl = "http://127.0.0.1:" + gatewayReady.group(1);
        audio = sampleAudio();
        awaitTranscription();
    }

    @AfterAll
    static void stopServers() throws InterruptedException {
        if (gateway != null) {
            gateway.close();
        }
        if (asr != null) {
            asr.close();
        }
    }

    /*
     * The run's request count must equal the growth of the gateway's api_requests_total. Each client percentile
     * must fall in the bucket of api_request_duration_seconds that contains the same percentile of the server's
     * own measurements (buckets 50, 100, 250, 500, 1000, 2500 ms ...). The client measures a little more
     * than the server (loopback transfer and parsing), so it may sit at most 10 % above the bucket's upper bound.
     */
    @Test
    void closedLoopRunMatchesGatewayMetrics() throws Exception {
        Map<String, Double> before = gatewayMetrics();

        CliRun run = CliRun.of("run", "-c", "8", "-z", "20s", "--quiet", "--token", KEY, "--file", audio.toString(),
                gatewayUrl + "/v1/listen");
        Map<String, Double> after = settledGatewayMetrics();

        assertEquals(0, run.exitCode(), run.stderr());
        double requests = run.summaryValue("requests");
        assertTrue(requests > 0, run.stdout());
        assertEquals(after.get("requests") - before.get("requests"), requests, "stdout:\n" + run.stdout());
        TreeMap<Double, Double> buckets = new TreeMap<>();
        after.forEach((key, value) -> {
            if (key.startsWith("le=")) {
                buckets.put(Double.parseDouble(key.substring(3)), value - before.getOrDefault(key, 0.0));
            }
        });
        for (double percentile : new double[] {50, 90, 99}) {
            double[] bounds = bucketOf(buckets, percentile / 100);
            double client = run.summaryValue("p" + (int) percentile) / 1000;
            String message = "p" + percentile + " " + client + " s, server bucket (" + bounds[0] + ", " + bounds[1]
                    + "]\n" + run.stdout();
            assertTrue(client >= bounds[0], message);
            assertTrue(client <= bounds[1] * 1.1, message);
        }
    }

    /** Runs each built-in scenario for a few seconds and renders its chart with the pod's metrics beside it. */
    @Test
    void scenariosProduceChartsWithPodMetrics() throws Exception {
        Path charts = Path.of("target", "scenario-charts");
        Files.createDirectories(charts);
        for (Scenario scenario : Scenario.values()) {
            Path series = dir.resolve(scenario.cliName() + ".json");
            Path png = charts.resolve(scenario.cliName() + ".png");

            CliRun run = CliRun.of("run", "--scenario", scenario.cliName(), "-c", "6", "-z", "6s", "--quiet",
                    "--token", KEY, "--file", audio.toString(), "--metrics-url", asrMetricsUrl,
                    "--target-active-requests", "5", "--out", series.toString(), gatewayUrl + "/v1/listen");
            CliRun report = CliRun.of("report", series.toString(), "--png", png.toString());

            assertEquals(0, run.exitCode(), run.stderr());
            assertEquals(0, report.exitCode(), report.stderr());
            Series read = SeriesFiles.read(series);
            assertTrue(read.points().size() >= 6, scenario + " has a point per second");
            assertTrue(read.points().stream().anyMatch(p -> p.activeTotal() != null && p.activeTotal() > 0),
                    scenario + " recorded asr_active_requests above 0");
            assertNotNull(ImageIO.read(png.toFile()), scenario + " chart");
        }
    }

    private static double[] bucketOf(TreeMap<Double, Double> cumulative, double quantile) {
        double total = cumulative.lastEntry().getValue();
        double lower = 0;
        for (Map.Entry<Double, Double> bucket : cumulative.entrySet()) {
            if (bucket.getValue() >= quantile * total) {
                return new double[] {lower, bucket.getKey()};
            }
            lower = bucket.getKey();
        }
        return new double[] {lower, Double.POSITIVE_INFINITY};
    }

    /** Reads the metrics until two reads 300 ms apart agree, because a counter may move after its response. */
    private static Map<String, Double> settledGatewayMetrics() throws Exception {
        Map<String, Double> previous = gatewayMetrics();
        for (int attempt = 0; attempt < 10; attempt++) {
            Thread.sleep(300);
            Map<String, Double> current = gatewayMetrics();
            if (current.equals(previous)) {
                return current;
            }
            previous = current;
        }
        return previous;
    }

    /** Returns {@code requests} (api_requests_total over all codes) and {@code le=<bound>} cumulative buckets. */
    private static Map<String, Double> gatewayMetrics() throws Exception {
        HttpResponse<String> response = HTTP.send(HttpRequest.newBuilder(URI.create(gatewayUrl + "/metrics")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode());
        Map<String, Double> values = new TreeMap<>();
        values.put("requests", 0.0);
        for (PrometheusText.Sample sample : PrometheusText.parse(response.body())) {
            if (sample.name().equals("api_requests_total")) {
                values.merge("requests", sample.value(), Double::sum);
            } else if (sample.name().equals("api_request_duration_seconds_bucket")) {
                String bound = sample.labels().get("le");
                double le = bound.equals("+Inf") ? Double.POSITIVE_INFINITY : Double.parseDouble(bound);
                values.merge("le=" + le, sample.value(), Double::sum);
            }
        }
        return values;
    }

    private static Path sampleAudio() throws Exception {
        Path samples = Path.of("..", "samples");
        if (Files.isDirectory(samples)) {
            try (Stream<Path> files = Files.list(samples)) {
                var wav = files.filter(f -> f.toString().endsWith(".wav")).sorted().findFirst();
                if (wav.isPresent()) {
                    return wav.get().toAbsolutePath();
                }
            }
        }
        return Wav.tone(dir.resolve("tone.wav"), 3.0, 16000);
    }

    /** Sends transcriptions until one succeeds, so the gateway has seen the pod as ready. */
    private static void awaitTranscription() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(gatewayUrl + "/v1/listen"))
                .header("Authorization", "Token " + KEY).header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofFile(audio)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        int status = 0;
        String body = "";
        while (System.nanoTime() < deadline) {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            status = response.statusCode();
            body = response.body();
            if (status == 200) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no transcription through the gateway: " + status + " " + body + "\n"
                + gateway.log() + "\n" + asr.log());
    }
}
