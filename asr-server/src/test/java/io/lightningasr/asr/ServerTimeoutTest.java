package io.lightningasr.asr;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A request whose processing exceeds ASR_REQUEST_TIMEOUT_SECONDS gets 503 and leaves the gauge at once. Its
 * native inference keeps the slot until it returns, so a drain waits for it up to the grace.
 */
class ServerTimeoutTest {

    /** Thirty minutes of audio, which no CPU transcribes within the 1 s timeout. */
    private static final double AUDIO_SECONDS = 1800;

    @Test
    void slowRequestTimesOutWith503() throws Exception {
        byte[] audio = TestAudio.toneWav(AUDIO_SECONDS);
        try (ServerProcess server = ServerProcess.start("timeout", Map.of(
                "ASR_SLOTS", "1",
                "ASR_REQUEST_TIMEOUT_SECONDS", "1",
                "ASR_DRAIN_GRACE_SECONDS", "1"))) {
            HttpResponse<String> response = server.post("/v1/listen", "audio/wav", audio);

            assertEquals(503, response.statusCode(), response.body());
            assertTrue(response.body().contains("\"code\":\"SERVICE_UNAVAILABLE\""), response.body());
            assertTrue(response.body().contains("timed out after 1 s"), response.body());
            assertEquals("0", response.headers().firstValue("X-Asr-Active-Requests").orElse(""));
            assertEquals(0, server.scrape().value("asr_active_requests"), "asr_active_requests after timeout");

            // The inference still runs, so the drain waits the 1 s grace, then halts with exit code 0.
            server.process().destroy();
            assertTrue(server.process().waitFor(30, TimeUnit.SECONDS), "exit after the grace");
            assertEquals(0, server.process().exitValue(), server.log());
            assertTrue(server.log().contains("drain grace of 1 s elapsed with 0 requests and 1 inference tasks"),
                    server.log());
        }
    }
}
