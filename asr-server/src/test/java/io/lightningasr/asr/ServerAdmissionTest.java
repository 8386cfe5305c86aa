package io.lightningasr.asr;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Admission on a server with 2 slots and a queue of 8: ten requests fit, the eleventh gets 503 at once. */
class ServerAdmissionTest {

    private static final int CAPACITY = SharedServer.SLOTS + SharedServer.QUEUE_SIZE;

    @Test
    void tenConcurrentRequestsAreAllActive() throws Exception {
        ServerProcess server = SharedServer.get();
        byte[] audio = TestAudio.toneWav(20);
        double requestsBefore = server.scrape().value("asr_requests_total");

        // Each request sends its headers and all but the last KiB of its body, so all ten are admitted and
        // none can finish before the scrape.
        List<RawHttpRequest> held = new ArrayList<>();
        try {
            for (int i = 0; i < CAPACITY; i++) {
                held.add(RawHttpRequest.begin(server.port(), "/v1/listen", "audio/wav", audio, audio.length - 1024));
            }
            assertEquals(CAPACITY, awaitActive(server, CAPACITY), "asr_active_requests with 10 held requests");

            HttpResponse<String> rejected = server.post("/v1/listen", "audio/wav", audio);
            assertEquals(503, rejected.statusCode(), rejected.body());
            assertTrue(rejected.body().contains("\"code\":\"SERVICE_UNAVAILABLE\""), rejected.body());
            assertEquals("1", rejected.headers().firstValue("Retry-After").orElse(""));
            assertEquals(Integer.toString(CAPACITY),
                    rejected.headers().firstValue("X-Asr-Active-Requests").orElse(""));

            List<RawHttpRequest.Response> responses = finishAll(held);
            for (RawHttpRequest.Response response : responses) {
                assertEquals(200, response.status(), response.body());
                int activeAfter = Integer.parseInt(response.headers().get("x-asr-active-requests"));
                assertTrue(activeAfter >= 0, "X-Asr-Active-Requests " + activeAfter);
                assertTrue(activeAfter < CAPACITY, "X-Asr-Active-Requests excludes the request: " + activeAfter);
            }
        } finally {
            for (RawHttpRequest request : held) {
                request.close();
            }
        }

        PrometheusText after = server.scrape();
        assertEquals(0, after.value("asr_active_requests"), "asr_active_requests after the run");
        assertEquals(0, after.value("asr_batch_queue_depth"), "asr_batch_queue_depth after the run");
        assertEquals(CAPACITY + 1, after.value("asr_requests_total") - requestsBefore, "requests counted");
    }

    /** Polls the gauge for up to 20 s until it reaches {@code expected}; returns the last value seen. */
    static double awaitActive(ServerProcess server, int expected) throws Exception {
        double active = -1;
        for (int i = 0; i < 200; i++) {
            active = server.scrape().value("asr_active_requests");
            if (active == expected) {
                return active;
            }
            Thread.sleep(100);
        }
        return active;
    }

    private static List<RawHttpRequest.Response> finishAll(List<RawHttpRequest> held) throws Exception {
        try (ExecutorService executor = Executors.newFixedThreadPool(held.size())) {
            List<Future<RawHttpRequest.Response>> futures = new ArrayList<>();
            for (RawHttpRequest request : held) {
                futures.add(executor.submit(request::finish));
            }
            List<RawHttpRequest.Response> responses = new ArrayList<>();
            for (Future<RawHttpRequest.Response> future : futures) {
                responses.add(future.get());
            }
            return responses;
        }
    }
}
