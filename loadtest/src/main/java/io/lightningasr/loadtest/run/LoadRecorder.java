package io.lightningasr.loadtest.run;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.DoubleAdder;
import java.util.concurrent.atomic.LongAdder;

/**
 * Thread-safe counters and latency histograms of a run. Latencies are recorded in microseconds with 3 significant
 * digits. Totals are exact; a result that lands while a second is being closed may count in the next second of the
 * per-second series.
 */
final class LoadRecorder {

    private final Recorder latency = new Recorder(3);
    private final Histogram total = new Histogram(3);
    private final Map<String, LongAdder> statusTotals = new ConcurrentHashMap<>();
    private final AtomicReference<Interval> current = new AtomicReference<>(new Interval());
    private final AtomicInteger inFlight = new AtomicInteger();
    private final DoubleAdder audioTotal = new DoubleAdder();
    private final Map<String, String> firstErrors = new ConcurrentHashMap<>();
    private Histogram recycled;

    /** Snapshot of one closed interval. */
    record IntervalSnapshot(Histogram latency, Map<String, Long> statusCounts, double audioSeconds, int inFlight) {
        long completed() {
            return statusCounts.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    void started() {
        inFlight.incrementAndGet();
    }

    /**
     * Records one finished request.
     *
     * @param statusKey    HTTP status code, or {@code error:<kind>} without a response
     * @param latencyNanos latency, or a negative value when there was no response
     * @param audioSeconds audio transcribed by this request
     */
    void finished(String statusKey, long latencyNanos, double audioSeconds) {
        try {
            if (latencyNanos >= 0) {
                latency.recordValue(Math.max(1, latencyNanos / 1000));
            }
            statusTotals.computeIfAbsent(statusKey, key -> new LongAdder()).increment();
            Interval interval = current.get();
            interval.statuses.computeIfAbsent(statusKey, key -> new LongAdder()).increment();
            if (audioSeconds > 0) {
                audioTotal.add(audioSeconds);
                interval.audio.add(audioSeconds);
            }
        } finally {
            inFlight.decrementAndGet();
        }
    }

    /** Keeps the message of the first exception of each error kind for the summary and returns the kind. */
    String failed(String kind, Exception error) {
        firstErrors.putIfAbsent(kind, error.getClass().getSimpleName() + ": " + error.getMessage());
        return kind;
    }

    Map<String, String> firstErrors() {
        return new TreeMap<>(firstErrors);
    }

    int inFlight() {
        return inFlight.get();
    }

    /** Closes the current interval, adds its latencies to the total and returns it; one caller at a time. */
    synchronized IntervalSnapshot closeInterval() {
        Interval closed = current.getAndSet(new Interval());
        Histogram interval = latency.getIntervalHistogram(recycled);
        total.add(interval);
        Histogram copy = interval.copy();
        recycled = interval;
        Map<String, Long> statuses = new TreeMap<>();
        closed.statuses.forEach((key, count) -> statuses.put(key, count.sum()));
        return new IntervalSnapshot(copy, statuses, closed.audio.sum(), inFlight.get());
    }

    /** Returns a copy of the latencies of all closed intervals. */
    synchronized Histogram totalLatency() {
        return total.copy();
    }

    Map<String, Long> statusTotals() {
        Map<String, Long> totals = new TreeMap<>();
        statusTotals.forEach((key, count) -> totals.put(key, count.sum()));
        return totals;
    }

    double audioTotal() {
        return audioTotal.sum();
    }

    private static final class Interval {
        final Map<String, LongAdder> statuses = new ConcurrentHashMap<>();
        final DoubleAdder audio = new DoubleAdder();
    }
}
