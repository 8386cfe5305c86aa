package io.lightningasr.loadtest.simulate;

import io.lightningasr.loadtest.profile.LoadProfile;

import java.time.Duration;

/**
 * Inputs of one simulation.
 *
 * @param hpa               the HPA settings
 * @param profile           offered load per second
 * @param latency           time one request occupies an inference slot
 * @param slotsPerPod       inference slots per pod ({@code ASR_SLOTS})
 * @param podStartup        time from pod creation until it serves and reports metrics
 * @param syncPeriodSeconds seconds between HPA syncs (the controller's default is 15)
 * @param initialReplicas   replicas at second 0, all ready; clamped to the HPA bounds
 */
public record SimulationConfig(HpaSettings hpa, LoadProfile profile, Duration latency, int slotsPerPod,
                               Duration podStartup, int syncPeriodSeconds, int initialReplicas) {

    /** Validates the values. */
    public SimulationConfig {
        if (latency.isNegative() || latency.isZero()) {
            throw new IllegalArgumentException("invalid latency " + latency + ": expected a positive duration");
        }
        if (slotsPerPod < 1) {
            throw new IllegalArgumentException("invalid slots per pod " + slotsPerPod + ": expected at least 1");
        }
        if (podStartup.isNegative()) {
            throw new IllegalArgumentException("invalid pod start-up " + podStartup + ": expected 0 or more");
        }
        if (syncPeriodSeconds < 1) {
            throw new IllegalArgumentException("invalid sync period " + syncPeriodSeconds + " s: expected at least 1 s");
        }
        initialReplicas = Math.clamp(initialReplicas, hpa.minReplicas(), hpa.maxReplicas());
    }
}
