package io.lightningasr.asr;

import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Sixteen concurrent clients, a fifth of which disconnect in the middle of their body and a fifth send corrupt
 * audio. Every request whose headers reach /v1/listen counts once in asr_requests_total, and
 * asr_active_requests returns to exactly 0.
 */
class ServerConcurrencyTest {

    private static final int CLIENTS = 16;

    private enum Kind { VALID, DISCONNECT, CORRUPT }

    @Test
    void countersStayExactWithDisconnectsAndCorruptAudio() throws Exception {
        ServerProcess server = SharedServer.get();
        byte[] valid = TestAudio.toneWav(3);
        PrometheusText before = server.scrape();
        assertEquals(0, before.value("asr_active_requests"), "asr_active_requests before the run");

        AtomicReference<Double> maxActive = new AtomicReference<>(0.0);
        CountDownLatch twoActiveSeen = new CountDownLatch(1);
        AtomicBoolean running = new AtomicBoolean(true);
        List<Kind> kinds = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            Kind kind = Kind.VALID;
            if (i % 5 == 1) {
                kind = Kind.DISCONNECT;
            } else if (i % 5 == 3) {
                kind = Kind.CORRUPT;
            }
            kinds.add(kind);
        }

        // 503s that a client read; the rest of the 503s went to disconnecting clients, which read nothing.
        int rejectedWithResponse = 0;
        try (ExecutorService executor = Executors.newFixedThreadPool(CLIENTS + 1)) {
            Future<?> scraper = executor.submit(() -> {
                while (running.get()) {
                    double active = server.scrape().value("asr_active_requests");
                    maxActive.accumulateAndGet(active, Math::max);
                    if (active >= 2) {
                        twoActiveSeen.countDown();
                    }
                    Thread.sleep(20);
                }
                return null;
            });
            CountDownLatch startGate = new CountDownLatch(1);
            List<Future<Integer>> statuses = new ArrayList<>();
            for (int i = 0; i < CLIENTS; i++) {
                Kind kind = kinds.get(i);
                int client = i;
                statuses.add(executor.submit(() -> {
                    startGate.await();
                    return switch (kind) {
                        case VALID -> server.post("/v1/listen", "audio/wav", valid).statusCode();
                        case CORRUPT -> server.post("/v1/listen", "audio/wav", corrupt(valid, client)).statusCode();
                        case DISCONNECT -> disconnectMidBody(server, valid, twoActiveSeen);
                    };
                }));
            }
            startGate.countDown();

            for (int i = 0; i < CLIENTS; i++) {
                int status = statuses.get(i).get(120, TimeUnit.SECONDS);
                Set<Integer> allowed = switch (kinds.get(i)) {
                    case VALID -> Set.of(200, 503);
                    case CORRUPT -> Set.of(400, 415, 503);
                    case DISCONNECT -> Set.of(-1);
                };
                assertTrue(allowed.contains(status), "client " + i + " (" + kinds.get(i) + ") got " + status);
                if (status == 503) {
                    rejectedWithResponse++;
                }
            }
            running.set(false);
            scraper.get(30, TimeUnit.SECONDS);
        }

        // The server may still be noticing the closed connections: wait, bounded, for every request to count.
        PrometheusText after = server.scrape();
        double before16 = before.value("asr_requests_total");
        for (int i = 0; i < 100 && after.value("asr_requests_total") - before16 < CLIENTS; i++) {
            Thread.sleep(100);
            after = server.scrape();
        }
        assertTrue(maxActive.get() >= 2, "max asr_active_requests during the run: " + maxActive.get());
        assertEquals(CLIENTS, after.value("asr_requests_total") - before16, "requests counted");
        assertEquals(0, after.value("asr_active_requests"), "asr_active_requests after the run");
        assertEquals(0, after.value("asr_batch_queue_depth"), "asr_batch_queue_depth after the run");
        // With 2 slots and a queue of 8, some of the 16 clients get 503, disconnecting ones included: those
        // count as service_unavailable instead of client_closed_request.
        Map<String, String> closed = Map.of("error_type", "client_closed_request");
        Map<String, String> unavailable = Map.of("error_type", "service_unavailable");
        double disconnectsRejected = after.value("asr_errors_total", unavailable)
                - before.value("asr_errors_total", unavailable) - rejectedWithResponse;
        assertEquals(kinds.stream().filter(k -> k == Kind.DISCONNECT).count() - disconnectsRejected,
                after.value("asr_errors_total", closed) - before.value("asr_errors_total", closed),
                "client_closed_request errors");
        HttpResponse<String> ready = server.get("/health/ready");
        assertEquals(200, ready.statusCode(), ready.body());
    }

    /** Sends headers and half the body, keeps the connection open until two requests are active, then closes it. */
    private static int disconnectMidBody(ServerProcess server, byte[] audio, CountDownLatch twoActiveSeen)
            throws Exception {
        try (RawHttpRequest request = RawHttpRequest.begin(server.port(), "/v1/listen", "audio/wav", audio,
                audio.length / 2)) {
            twoActiveSeen.await(10, TimeUnit.SECONDS);
        }
        return -1;
    }

    /** Returns a truncated WAV header or bytes of no known format, alternating by client. */
    private static byte[] corrupt(byte[] valid, int client) {
        if (client % 2 == 0) {
            return TestAudio.truncate(valid, 30);
        }
        byte[] noise = new byte[4096];
        new java.util.Random(client).nextBytes(noise);
        noise[0] = 'X';
        return noise;
    }
}
