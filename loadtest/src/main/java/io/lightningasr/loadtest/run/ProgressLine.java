package io.lightningasr.loadtest.run;

import io.lightningasr.loadtest.series.SeriesPoint;

import java.util.Locale;
import java.util.Map;

/** Formats the one-line progress report printed each second. */
final class ProgressLine {

    private ProgressLine() {
    }

    /** Returns e.g. {@code [  12s] 61.0 req/s  in flight 8  p50 120.1 ms  p99 250.3 ms  200=61 503=2}. */
    static String format(SeriesPoint point) {
        StringBuilder line = new StringBuilder(128);
        line.append(String.format(Locale.ROOT, "[%5ds] %8.1f req/s  in flight %4.0f", point.second() + 1,
                point.throughput(), point.inFlight()));
        if (point.p50Ms() != null) {
            line.append(String.format(Locale.ROOT, "  p50 %8.1f ms  p99 %8.1f ms", point.p50Ms(), point.p99Ms()));
        } else {
            line.append("  p50        - ms  p99        - ms");
        }
        line.append(' ');
        for (Map.Entry<String, Long> status : point.statusCounts().entrySet()) {
            line.append(' ').append(status.getKey()).append('=').append(status.getValue());
        }
        if (!point.activeByPod().isEmpty()) {
            line.append(String.format(Locale.ROOT, "  asr_active_requests %.0f over %d pods", point.activeTotal(),
                    point.activeByPod().size()));
        }
        if (point.replicas() != null) {
            line.append("  replicas ").append(point.replicas());
        }
        return line.toString();
    }
}
