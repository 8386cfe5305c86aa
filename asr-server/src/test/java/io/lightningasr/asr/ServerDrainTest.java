package io.lightningasr.asr;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** SIGTERM with requests in flight: readiness fails at once, new work is refused, in-flight work finishes. */
class ServerDrainTest {

    private static final int IN_FLIGHT = 4;
    private static final int GRACE_SECONDS = 30;

    @Test
    void sigtermDrainsInFlightRequestsAndExitsZero() throws Exception {
        byte[] audio = TestAudio.toneWav(10);
        try (ServerProcess server = ServerProcess.start("drain",
                Map.of("ASR_DRAIN_GRACE_SECONDS", Integer.toString(GRACE_SECONDS)))) {
            assertEquals(200, server.get("/health/ready").statusCode());

            List<RawHttpRequest> held = new ArrayList<>();
            try (ExecutorService executor = Executors.newFixedThreadPool(IN_FLIGHT)) {
                for (int i = 0; i < IN_FLIGHT; i++) {
                    held.add(RawHttpRequest.begin(server.port(), "/v1/listen", "audio/wav", audio,
                            audio.length / 2));
                }
                assertEquals(IN_FLIGHT, ServerAdmissionTest.awaitActive(server, IN_FLIGHT), "admitted requests");

                long signalledAt = System.nanoTime();
                server.process().destroy();

                // The signal is delivered asynchronously: poll readiness for at most 2 s.
                HttpResponse<String> ready = server.get("/health/ready");
                for (int i = 0; i < 40 && ready.statusCode() == 200; i++) {
                    Thread.sleep(50);
                    ready = server.get("/health/ready");
                }
                assertEquals(503, ready.statusCode(), ready.body());
                assertTrue(ready.body().contains("\"reason\":\"draining\""), ready.body());
                HttpResponse<String> refused = server.post("/v1/listen", "audio/wav", audio);
                assertEquals(503, refused.statusCode(), refused.body());
                assertTrue(refused.body().contains("SERVICE_UNAVAILABLE"), refused.body());
                assertTrue(refused.headers().firstValue("Retry-After").isPresent(), "Retry-After on 503");

                List<Future<RawHttpRequest.Response>> responses = new ArrayList<>();
                for (RawHttpRequest request : held) {
                    responses.add(executor.submit(request::finish));
                }
                for (Future<RawHttpRequest.Response> response : responses) {
                    RawHttpRequest.Response finished = response.get(GRACE_SECONDS, TimeUnit.SECONDS);
                    assertEquals(200, finished.status(), finished.body());
                    assertTrue(finished.body().contains("\"text\""), finished.body());
                }

                assertTrue(server.process().waitFor(GRACE_SECONDS, TimeUnit.SECONDS), "exit within the grace");
                long exitedAfterMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - signalledAt);
                assertEquals(0, server.process().exitValue(), "exit code; log:\n" + server.log());
                assertTrue(exitedAfterMillis < GRACE_SECONDS * 1000L, "exited after " + exitedAfterMillis + " ms");
                String log = server.log();
                assertTrue(log.contains("drain started"), log);
                assertTrue(log.contains("drain finished"), log);
                assertTrue(log.contains("server stopped"), log);
            } finally {
                for (RawHttpRequest request : held) {
                    request.close();
                }
            }
        }
    }
}
