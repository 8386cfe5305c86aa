package io.lightningasr.loadtest.metrics;

import java.util.Map;

/**
 * One poll of the cluster's metrics.
 *
 * @param activeByPod {@code asr_active_requests} by pod name (Prometheus {@code pod} label, else
 *                    {@code instance}; for raw endpoints the endpoint's host:port)
 * @param replicas    replica count from the replica query, or the number of raw endpoints that responded;
 *                    {@code null} when unknown
 */
public record MetricsSample(Map<String, Double> activeByPod, Integer replicas) {

    /** Copies the map. */
    public MetricsSample {
        activeByPod = Map.copyOf(activeByPod);
    }
}
