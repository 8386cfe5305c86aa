package io.lightningasr.loadtest.run;

import io.lightningasr.loadtest.series.SeriesPoint;
import org.HdrHistogram.Histogram;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a run.
 *
 * @param points         one entry per second (the last one may cover a partial second)
 * @param latency        latencies in microseconds of all requests that got a response
 * @param statusCounts   finished requests by status code or {@code error:<kind>}
 * @param audioSeconds   seconds of audio transcribed by successful requests
 * @param elapsedSeconds time from the first send to the end of the last response
 * @param firstErrors    the first exception message of each {@code error:<kind>}
 */
public record RunResult(List<SeriesPoint> points, Histogram latency, Map<String, Long> statusCounts,
                        double audioSeconds, double elapsedSeconds, Map<String, String> firstErrors) {

    private static final double[] PERCENTILES = {50, 90, 95, 99, 99.9};

    /** Copies the collections. */
    public RunResult {
        points = List.copyOf(points);
        statusCounts = Map.copyOf(statusCounts);
        firstErrors = Map.copyOf(firstErrors);
    }

    /** Returns the number of finished requests, with and without a response. */
    public long requests() {
        return statusCounts.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Returns the requests that got no 2xx response. */
    public long errors() {
        return statusCounts.entrySet().stream().filter(e -> !e.getKey().startsWith("2"))
                .mapToLong(Map.Entry::getValue).sum();
    }

    /** Returns the latency at a percentile in milliseconds, or NaN without responses. */
    public double percentileMillis(double percentile) {
        return latency.getTotalCount() == 0 ? Double.NaN : latency.getValueAtPercentile(percentile) / 1000.0;
    }

    /** Returns finished requests per second of elapsed time. */
    public double requestsPerSecond() {
        return elapsedSeconds > 0 ? requests() / elapsedSeconds : 0;
    }

    /** Returns the figures for the series file's summary. */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("requests", requests());
        summary.put("errors", errors());
        summary.put("elapsed_seconds", round(elapsedSeconds));
        summary.put("requests_per_second", round(requestsPerSecond()));
        summary.put("audio_seconds", round(audioSeconds));
        summary.put("audio_seconds_per_second", round(elapsedSeconds > 0 ? audioSeconds / elapsedSeconds : 0));
        for (double percentile : PERCENTILES) {
            summary.put("p" + label(percentile) + "_ms", round(percentileMillis(percentile)));
        }
        summary.put("max_ms", round(latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0));
        statusCounts.forEach((status, count) -> summary.put("status_" + status, count));
        return summary;
    }

    /** Returns the final summary for the terminal. */
    public String describe(String latencyBasis) {
        StringBuilder text = new StringBuilder();
        text.append("Summary:\n");
        text.append(String.format(Locale.ROOT, "  requests      %d (%d without a 2xx response)%n", requests(), errors()));
        text.append(String.format(Locale.ROOT, "  elapsed       %.2f s%n", elapsedSeconds));
        text.append(String.format(Locale.ROOT, "  throughput    %.2f requests/s%n", requestsPerSecond()));
        if (audioSeconds > 0) {
            text.append(String.format(Locale.ROOT, "  audio         %.1f s transcribed, %.2f audio seconds/s%n",
                    audioSeconds, audioSeconds / elapsedSeconds));
        }
        text.append("Latency (").append(latencyBasis).append("), ms:\n");
        for (double percentile : PERCENTILES) {
            text.append(String.format(Locale.ROOT, "  p%-6s %10.2f%n", label(percentile), percentileMillis(percentile)));
        }
        text.append(String.format(Locale.ROOT, "  max     %10.2f%n",
                latency.getTotalCount() == 0 ? Double.NaN : latency.getMaxValue() / 1000.0));
        text.append("Status codes:\n");
        new java.util.TreeMap<>(statusCounts).forEach((status, count) ->
                text.append(String.format(Locale.ROOT, "  [%s] %d%n", status, count)));
        if (!firstErrors.isEmpty()) {
            text.append("First error of each kind:\n");
            new java.util.TreeMap<>(firstErrors).forEach((kind, message) ->
                    text.append("  ").append(kind).append(": ").append(message).append('\n'));
        }
        return text.toString();
    }

    private static String label(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile) : Double.toString(percentile);
    }

    private static Object round(double value) {
        return Double.isNaN(value) ? "NaN" : Math.round(value * 1000) / 1000.0;
    }
}
