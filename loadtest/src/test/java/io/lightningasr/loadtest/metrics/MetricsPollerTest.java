package io.lightningasr.loadtest.metrics;

import io.lightningasr.loadtest.CliRun;
import io.lightningasr.loadtest.LoopbackServer;
import io.lightningasr.loadtest.series.Series;
import io.lightningasr.loadtest.series.SeriesFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The metrics poller against raw /metrics endpoints and a real Prometheus server. */
class MetricsPollerTest {

    private static LoopbackServer pod(int active) throws Exception {
        return new LoopbackServer(1, (index, request) -> new LoopbackServer.Reply(200, """
                # HELP asr_active_requests Requests queued or running.
                # TYPE asr_active_requests gauge
                asr_active_requests %d.0
                asr_requests_total{status="200"} 12.0
                """.formatted(active)));
    }

    @Test
    void rawEndpointsGiveActiveRequestsPerPod() throws Exception {
        List<String> errors = new ArrayList<>();
        try (LoopbackServer first = pod(3); LoopbackServer second = pod(1)) {
            URI a = URI.create(first.url("/metrics"));
            URI b = URI.create(second.url("/metrics"));
            URI down = URI.create("http://127.0.0.1:1/metrics");
            try (MetricsPoller poller = new MetricsPoller(List.of(a, b, down), "asr_active_requests", "unused",
                    errors::add)) {
                MetricsSample sample = poller.pollOnce();

                assertEquals(Map.of(a.getHost() + ":" + a.getPort(), 3.0, b.getHost() + ":" + b.getPort(), 1.0),
                        sample.activeByPod());
                assertEquals(2, sample.replicas(), "two of three endpoints answered");
                assertEquals(1, poller.failures());
                poller.pollOnce();
                assertEquals(1, errors.size(), "a failing URL is reported once: " + errors);
            }
        }
    }

    @Test
    void runRecordsPolledMetricsBesideLoad(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("series.csv");
        try (LoopbackServer server = pod(4)) {
            CliRun run = CliRun.of("run", "-c", "1", "-z", "2s", "--quiet", "--metrics-url", server.url("/metrics"),
                    "--out", out.toString(), server.url("/health"));

            assertEquals(0, run.exitCode(), run.stderr());
            Series series = SeriesFiles.read(out);
            assertEquals(4.0, series.points().getFirst().activeTotal());
            assertEquals(1, series.points().getFirst().replicas());
        }
    }

    @Test
    void prometheusQueriesGiveActiveRequestsAndReplicas(@TempDir Path dir) throws Exception {
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/prometheus")), "the prometheus package is not installed");
        try (LoopbackServer first = pod(3); LoopbackServer second = pod(1)) {
            int port;
            try (ServerSocket socket = new ServerSocket(0)) {
                port = socket.getLocalPort();
            }
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(config, """
                    global:
                      scrape_interval: 1s
                    scrape_configs:
                      - job_name: asr
                        static_configs:
                          - targets: ['%s']
                            labels: {pod: asr-0}
                          - targets: ['%s']
                            labels: {pod: asr-1}
                    """.formatted(hostPort(first), hostPort(second)));
            Process prometheus = new ProcessBuilder("/usr/bin/prometheus", "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
                    .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
            try (MetricsPoller poller = new MetricsPoller(List.of(URI.create("http://127.0.0.1:" + port)),
                    "asr_active_requests", "count(asr_active_requests)", message -> { })) {
                MetricsSample sample = null;
                long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
                while (System.nanoTime() < deadline) {
                    sample = poller.pollOnce();
                    if (sample.activeByPod().size() == 2) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertNotNull(sample);
                assertEquals(Map.of("asr-0", 3.0, "asr-1", 1.0), sample.activeByPod(),
                        "log: " + Files.readString(dir.resolve("prometheus.log")));
                assertEquals(2, sample.replicas());
            } finally {
                prometheus.destroy();
                if (!prometheus.waitFor(10, TimeUnit.SECONDS)) {
                    prometheus.destroyForcibly();
                }
            }
        }
    }

    @Test
    void textParserReadsLabelsAndSpecialValues() {
        List<PrometheusText.Sample> samples = PrometheusText.parse("""
                # TYPE api_request_duration_seconds histogram
                api_request_duration_seconds_bucket{le="0.05",path="/v1/listen"} 7
                api_request_duration_seconds_bucket{le="+Inf",path="/v1/listen"} 9
                weird{a="x\\"y",b="1,2"} NaN 1700000000000
                """);

        assertEquals(3, samples.size());
        assertEquals("0.05", samples.getFirst().labels().get("le"));
        assertEquals(9.0, samples.get(1).value());
        assertEquals("x\"y", samples.get(2).labels().get("a"));
        assertEquals("1,2", samples.get(2).labels().get("b"));
        assertTrue(Double.isNaN(samples.get(2).value()));
    }

    private static String hostPort(LoopbackServer server) {
        URI uri = URI.create(server.url("/"));
        return uri.getHost() + ":" + uri.getPort();
    }
}
