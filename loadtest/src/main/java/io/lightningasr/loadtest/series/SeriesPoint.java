package io.lightningasr.loadtest.series;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.Map;

/**
 * One second of a load run or a simulation. Fields a source does not measure are {@code null}.
 *
 * @param second        elapsed seconds since the start, 0-based
 * @param offered       offered load in this second: clients (concurrency) or requests per second (rate)
 * @param completed     requests that finished in this second
 * @param throughput    requests finished per second
 * @param inFlight      mean requests outstanding during the second (simulation: active requests in the system)
 * @param p50Ms         median latency of the requests finished in this second, milliseconds
 * @param p90Ms         90th percentile latency, milliseconds
 * @param p99Ms         99th percentile latency, milliseconds
 * @param maxMs         maximum latency, milliseconds
 * @param statusCounts  finished requests by HTTP status, or by {@code error:<kind>} without a response
 * @param audioSeconds  seconds of audio transcribed by the requests finished in this second
 * @param activeByPod   {@code asr_active_requests} by pod; the simulation stores the per-pod average as
 *                      {@code average}
 * @param replicas      replica count of the deployment
 * @param readyReplicas replicas that serve (simulation only)
 * @param queued        requests waiting for an inference slot (simulation only)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record SeriesPoint(int second, double offered, long completed, double throughput, double inFlight,
                          Double p50Ms, Double p90Ms, Double p99Ms, Double maxMs,
                          Map<String, Long> statusCounts, double audioSeconds, Map<String, Double> activeByPod,
                          Integer replicas, Integer readyReplicas, Double queued) {

    /** Copies the maps and replaces absent maps by empty ones. */
    public SeriesPoint {
        statusCounts = statusCounts == null ? Map.of() : Map.copyOf(statusCounts);
        activeByPod = activeByPod == null ? Map.of() : Map.copyOf(activeByPod);
    }

    /** Returns the sum of {@code asr_active_requests} over the pods, or {@code null} without readings. */
    public Double activeTotal() {
        if (activeByPod.isEmpty()) {
            return null;
        }
        return activeByPod.values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
