package io.lightningasr.loadtest.simulate;

import java.util.List;

/**
 * The HPA settings of the chart ({@code scaling.auto.lightningAsr.hpa}) that the simulator replays.
 *
 * @param minReplicas          lower replica bound, at least 1
 * @param maxReplicas          upper replica bound, at least {@code minReplicas}
 * @param targetActiveRequests target average of {@code asr_active_requests} per pod, greater than 0
 * @param scaleUp              scale-up behavior
 * @param scaleDown            scale-down behavior
 */
public record HpaSettings(int minReplicas, int maxReplicas, double targetActiveRequests,
                          ScalingRules scaleUp, ScalingRules scaleDown) {

    /** Validates the bounds. */
    public HpaSettings {
        if (minReplicas < 1) {
            throw new IllegalArgumentException("invalid minReplicas " + minReplicas + ": expected at least 1");
        }
        if (maxReplicas < minReplicas) {
            throw new IllegalArgumentException("invalid maxReplicas " + maxReplicas
                    + ": expected at least minReplicas " + minReplicas);
        }
        if (!(targetActiveRequests > 0)) {
            throw new IllegalArgumentException("invalid targetActiveRequests " + targetActiveRequests
                    + ": expected a value > 0");
        }
    }

    /**
     * Returns the vendor defaults: 1 to 10 replicas, target 5 active requests per pod, scale-up window 0 s with
     * max(100 %, 2 pods) per 15 s, scale-down window 300 s with min(50 %, 1 pod) per 60 s.
     */
    public static HpaSettings vendorDefaults() {
        ScalingRules up = new ScalingRules(0, ScalingRules.SelectPolicy.MAX, List.of(
                new ScalingPolicy(ScalingPolicy.Type.PERCENT, 100, 15),
                new ScalingPolicy(ScalingPolicy.Type.PODS, 2, 15)));
        ScalingRules down = new ScalingRules(300, ScalingRules.SelectPolicy.MIN, List.of(
                new ScalingPolicy(ScalingPolicy.Type.PERCENT, 50, 60),
                new ScalingPolicy(ScalingPolicy.Type.PODS, 1, 60)));
        return new HpaSettings(1, 10, 5, up, down);
    }

    /** Returns the target in milli-units, the unit the controller compares metric values in. */
    public long targetMilli() {
        return Math.round(targetActiveRequests * 1000);
    }
}
