package io.lightningasr.asr;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The /metrics endpoint of a running server: format, names and labels. */
class ServerMetricsTest {

    @Test
    void metricsPassPromtoolCheck() throws Exception {
        Path promtool = findPromtool();
        Assumptions.assumeTrue(promtool != null,
                "promtool not found on PATH: install the Debian package prometheus to run this check");
        ServerProcess server = SharedServer.get();
        // One success and one error, so labelled counters and histograms have samples.
        assertEquals(200, server.post("/v1/listen", "audio/wav", TestAudio.toneWav(1)).statusCode());
        assertEquals(400, server.post("/v1/listen", "audio/wav", new byte[0]).statusCode());
        PrometheusText scrape = server.scrape();

        Process check = new ProcessBuilder(promtool.toString(), "check", "metrics")
                .redirectErrorStream(true)
                .start();
        check.getOutputStream().write(scrape.text().getBytes(StandardCharsets.UTF_8));
        check.getOutputStream().close();
        String output = new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(check.waitFor(30, TimeUnit.SECONDS), "promtool did not finish");
        assertEquals(0, check.exitValue(), "promtool check metrics:\n" + output);
    }

    @Test
    void metricsContainTheContractNames() throws Exception {
        ServerProcess server = SharedServer.get();
        assertEquals(200, server.post("/v1/listen", "audio/wav", TestAudio.toneWav(1)).statusCode());
        PrometheusText scrape = server.scrape();

        assertEquals("text/plain; version=0.0.4; charset=utf-8", scrape.contentType());
        for (String name : List.of("asr_active_requests", "asr_batch_queue_depth", "asr_requests_total",
                "asr_errors_total", "asr_request_duration_seconds_bucket", "asr_processing_duration_seconds_bucket",
                "asr_queue_wait_seconds_bucket", "asr_real_time_factor_bucket", "asr_audio_seconds_total",
                "asr_model_load_time_seconds", "asr_model_info", "jvm_memory_used_bytes", "jvm_threads_live_threads",
                "process_cpu_usage", "process_uptime_seconds", "process_files_open_files")) {
            assertTrue(scrape.has(name), "missing metric " + name);
        }
        assertTrue(scrape.value("asr_requests_total", Map.of("status", "200")) >= 1, "asr_requests_total 200");
        assertEquals(1, scrape.value("asr_model_info", Map.of("device", "cpu")), "asr_model_info{device=cpu}");
        assertTrue(scrape.value("asr_model_load_time_seconds") > 0, "asr_model_load_time_seconds");
        assertTrue(scrape.value("asr_audio_seconds_total") >= 1, "asr_audio_seconds_total");
        assertTrue(scrape.text().contains("asr_real_time_factor_bucket{le=\"0.1\"}"), "RTF bucket 0.1");
        assertTrue(scrape.text().contains("asr_request_duration_seconds_bucket{le=\"1.0\"}"), "latency bucket 1 s");
    }

    private static Path findPromtool() throws IOException {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(":")) {
            Path candidate = Path.of(dir, "promtool");
            if (Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }
}
