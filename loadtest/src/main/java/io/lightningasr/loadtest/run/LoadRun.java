package io.lightningasr.loadtest.run;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lightningasr.loadtest.http.HttpConnection;
import io.lightningasr.loadtest.http.HttpResponse;
import io.lightningasr.loadtest.metrics.MetricsPoller;
import io.lightningasr.loadtest.metrics.MetricsSample;
import io.lightningasr.loadtest.profile.LoadProfile;
import io.lightningasr.loadtest.series.SeriesPoint;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs load against one endpoint and records it per second.
 *
 * <p>Closed loop ({@link LoadProfile.Kind#CONCURRENCY}): one thread per client up to the profile's peak; client
 * {@code i} sends back-to-back requests on its own keep-alive connection while {@code i} is below the profile's value
 * for the current second. Latency runs from the send to the end of the response.
 *
 * <p>Open loop ({@link LoadProfile.Kind#RATE}): a scheduler computes the intended send time of every request from
 * the rate ({@code next = previous + 1 s / rate}) and hands each to a virtual thread with a pooled connection.
 * Latency runs from the intended send time, so a stalled server or a full in-flight limit shows up in the
 * percentiles instead of slowing the load (coordinated-omission correction).
 *
 * <p>Each second's point contains the requests that finished in it, their latency percentiles, and the mean of 20
 * samples of the requests in flight. When the duration ends no new request starts; outstanding requests finish or time out and count. Requests
 * without a response count under {@code error:connect}, {@code error:timeout} or {@code error:io}, without a latency.
 */
public final class LoadRun {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final long SECOND = 1_000_000_000L;
    private static final int IN_FLIGHT_SAMPLES = 20;

    private final RunSettings settings;
    private final RequestSource source;
    private final MetricsPoller poller;
    private final PrintWriter progress;
    private final LoadRecorder recorder = new LoadRecorder();
    private final AtomicLong tickets = new AtomicLong();
    private final ConcurrentLinkedDeque<HttpConnection> idle = new ConcurrentLinkedDeque<>();
    private final List<SeriesPoint> points = new ArrayList<>();
    private long start;
    private long deadline;
    private volatile double inFlightMean;

    /**
     * Creates a run.
     *
     * @param poller   metrics poller already started, or {@code null}
     * @param progress where the progress line goes each second, or {@code null} for none
     */
    public LoadRun(RunSettings settings, RequestSource source, MetricsPoller poller, PrintWriter progress) {
        this.settings = settings;
        this.source = source;
        this.poller = poller;
        this.progress = progress;
    }

    /** Runs the load until the duration or the request count is reached and all requests have finished. */
    public RunResult execute() throws InterruptedException {
        tickets.set(settings.maxRequests() > 0 ? settings.maxRequests() : Long.MAX_VALUE);
        start = System.nanoTime();
        deadline = settings.duration() == null ? Long.MAX_VALUE : start + settings.duration().toNanos();
        Thread ticker = Thread.ofPlatform().daemon().name("loadtest-progress").start(this::tick);
        try {
            if (settings.profile().kind() == LoadProfile.Kind.CONCURRENCY) {
                runClosedLoop();
            } else {
                runOpenLoop();
            }
        } finally {
            ticker.interrupt();
            ticker.join();
            idle.forEach(HttpConnection::close);
        }
        long elapsed = System.nanoTime() - start;
        LoadRecorder.IntervalSnapshot last = recorder.closeInterval();
        if (last.completed() > 0) {
            addPoint(points.size(), last, inFlightMean);
        }
        return new RunResult(points, recorder.totalLatency(), recorder.statusTotals(), recorder.audioTotal(),
                elapsed / 1e9, recorder.firstErrors());
    }

    private void runClosedLoop() throws InterruptedException {
        int clients = (int) Math.ceil(settings.profile().peak());
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < clients; i++) {
            int index = i;
            threads.add(Thread.ofPlatform().name("loadtest-client-" + i).start(() -> client(index)));
        }
        for (Thread thread : threads) {
            thread.join();
        }
    }

    private void client(int index) {
        HttpConnection connection = null;
        while (true) {
            long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            long second = (now - start) / SECOND;
            if (index >= settings.profile().valueAt(second)) {
                LockSupport.parkNanos(Math.min(start + (second + 1) * SECOND, deadline) - now);
                continue;
            }
            if (tickets.getAndDecrement() <= 0) {
                break;
            }
            connection = send(connection, now);
        }
        if (connection != null) {
            connection.close();
        }
    }

    private void runOpenLoop() throws InterruptedException {
        Semaphore permits = new Semaphore(settings.maxInFlight());
        try (ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor()) {
            long intended = start;
            while (intended < deadline) {
                long second = (intended - start) / SECOND;
                double rate = settings.profile().valueAt(second);
                if (rate <= 0) {
                    intended = start + (second + 1) * SECOND;
                    continue;
                }
                long wait = intended - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                    continue;
                }
                if (tickets.getAndDecrement() <= 0) {
                    break;
                }
                permits.acquire();
                long sendAt = intended;
                executor.execute(() -> {
                    try {
                        HttpConnection connection = send(idle.pollFirst(), sendAt);
                        if (connection != null) {
                            idle.offerFirst(connection);
                        }
                    } finally {
                        permits.release();
                    }
                });
                intended += (long) (SECOND / rate);
            }
            executor.shutdown();
            executor.awaitTermination(settings.timeout().toSeconds() * 2 + 10, TimeUnit.SECONDS);
        }
    }

    /**
     * Sends one request and records it; returns the connection to reuse, or {@code null} when it was closed.
     *
     * @param intended when the request was meant to start, the start of its latency
     */
    private HttpConnection send(HttpConnection connection, long intended) {
        PreparedRequest request = source.next();
        recorder.started();
        String status;
        long latency = -1;
        double audio = 0;
        HttpConnection active = connection;
        try {
            HttpResponse response;
            try {
                active = usable(active);
                response = active.exchange(request.head(), request.body(), source.transcription());
            } catch (HttpConnection.StaleConnectionException e) {
                // The server closed an idle kept-alive connection; the request never reached it.
                active = usable(null);
                response = active.exchange(request.head(), request.body(), source.transcription());
            }
            latency = System.nanoTime() - intended;
            status = Integer.toString(response.status());
            if (response.status() / 100 == 2) {
                audio = audioSeconds(response, request);
            }
        } catch (SocketTimeoutException e) {
            status = recorder.failed("error:timeout", e);
        } catch (ConnectException e) {
            status = recorder.failed("error:connect", e);
        } catch (IOException | RuntimeException e) {
            status = recorder.failed("error:io", e);
        } finally {
            if (latency < 0 && active != null) {
                active.close();
            }
        }
        recorder.finished(status, latency, audio);
        return active != null && active.isOpen() ? active : null;
    }

    private HttpConnection usable(HttpConnection connection) throws IOException {
        if (connection != null && connection.isOpen()) {
            return connection;
        }
        return HttpConnection.open(settings.endpoint(), settings.timeout(), settings.timeout());
    }

    private double audioSeconds(HttpResponse response, PreparedRequest request) {
        if (response.body().length > 0) {
            try {
                JsonNode duration = JSON.readTree(response.body()).get("duration");
                if (duration != null && duration.isNumber()) {
                    return duration.asDouble();
                }
            } catch (IOException e) {
                // A 2xx body that is not JSON carries no duration; the WAV header value below applies.
                return request.audioSeconds();
            }
        }
        return request.audioSeconds();
    }

    private void tick() {
        long samplePeriod = SECOND / IN_FLIGHT_SAMPLES;
        for (int second = 1; ; second++) {
            long sum = 0;
            int samples = 0;
            long boundary = start + second * SECOND;
            for (long now = System.nanoTime(); now < boundary; now = System.nanoTime()) {
                try {
                    TimeUnit.NANOSECONDS.sleep(Math.min(samplePeriod, boundary - now));
                } catch (InterruptedException e) {
                    inFlightMean = samples == 0 ? recorder.inFlight() : (double) sum / samples;
                    return;
                }
                sum += recorder.inFlight();
                samples++;
                inFlightMean = (double) sum / samples;
            }
            LoadRecorder.IntervalSnapshot snapshot = recorder.closeInterval();
            SeriesPoint point = addPoint(second - 1, snapshot, samples == 0 ? recorder.inFlight() : (double) sum / samples);
            if (progress != null) {
                progress.println(ProgressLine.format(point));
                progress.flush();
            }
        }
    }

    private synchronized SeriesPoint addPoint(int second, LoadRecorder.IntervalSnapshot snapshot, double inFlight) {
        MetricsSample metrics = poller == null ? null : poller.latest();
        boolean any = snapshot.latency().getTotalCount() > 0;
        SeriesPoint point = new SeriesPoint(second, settings.profile().valueAt(second), snapshot.completed(),
                snapshot.completed(), inFlight,
                any ? millis(snapshot.latency().getValueAtPercentile(50)) : null,
                any ? millis(snapshot.latency().getValueAtPercentile(90)) : null,
                any ? millis(snapshot.latency().getValueAtPercentile(99)) : null,
                any ? millis(snapshot.latency().getMaxValue()) : null,
                snapshot.statusCounts(), snapshot.audioSeconds(),
                metrics == null ? null : metrics.activeByPod(), metrics == null ? null : metrics.replicas(),
                null, null);
        points.add(point);
        return point;
    }

    private static double millis(long micros) {
        return micros / 1000.0;
    }
}
