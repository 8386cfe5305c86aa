package io.lightningasr.charttests;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps a fixed number of transcription requests in flight: each worker sends a long recording,
 * waits for the response and sends the next one at once, until {@link #close()} or its deadline.
 */
final class InFlightLoad implements AutoCloseable {

    private static final int MAX_REQUESTS_PER_WORKER = 500;

    private final AtomicBoolean stop = new AtomicBoolean();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicInteger completed = new AtomicInteger();
    private final ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();

    /**
     * Starts one worker per target URI (a URI listed twice gets two workers).
     *
     * @param maxDuration the workers stop by themselves after this long
     */
    InFlightLoad(List<URI> targets, byte[] wav, Duration maxDuration) {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        Instant deadline = Instant.now().plus(maxDuration);
        for (URI target : targets) {
            Thread worker = Thread.ofPlatform().daemon().name("load-" + workers.size()).start(() -> {
                for (int i = 0; i < MAX_REQUESTS_PER_WORKER && !stop.get() && Instant.now().isBefore(deadline); i++) {
                    send(client, target, wav);
                }
            });
            workers.add(worker);
        }
    }

    private void send(HttpClient client, URI target, byte[] wav) {
        HttpRequest request = HttpRequest.newBuilder(target)
                .timeout(Duration.ofSeconds(120))
                .header("Content-Type", "audio/wav")
                .POST(HttpRequest.BodyPublishers.ofByteArray(wav))
                .build();
        try {
            HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 200) {
                completed.incrementAndGet();
            } else {
                failures.add(response.statusCode() + " " + response.body());
            }
        } catch (IOException e) {
            failures.add(e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            failures.add("interrupted");
        }
    }

    int completed() {
        return completed.get();
    }

    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Stops sending and waits until every request in flight has its response. */
    @Override
    public void close() throws InterruptedException {
        stop.set(true);
        for (Thread worker : workers) {
            worker.join(Duration.ofSeconds(150));
        }
    }

    /** Builds a 16 kHz mono 16-bit WAV of the given length: a gliding tone with a little noise. */
    static byte[] wav(double seconds) {
        int rate = 16_000;
        int samples = (int) (seconds * rate);
        ByteBuffer pcm = ByteBuffer.allocate(samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        java.util.Random random = new java.util.Random(7);
        double phase = 0;
        for (int i = 0; i < samples; i++) {
            double frequency = 200 + 600 * ((i / (double) rate) % 1.0);
            phase += 2 * Math.PI * frequency / rate;
            double value = 0.3 * Math.sin(phase) + 0.02 * random.nextGaussian();
            pcm.putShort((short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, value * Short.MAX_VALUE)));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes())
                .put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(rate).putInt(rate * 2).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes()).putInt(samples * 2);
        out.writeBytes(header.array());
        out.writeBytes(pcm.array());
        return out.toByteArray();
    }
}
