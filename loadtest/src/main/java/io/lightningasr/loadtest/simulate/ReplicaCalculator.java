package io.lightningasr.loadtest.simulate;

/**
 * The metric proposal of the HPA controller for a {@code Pods} metric with an {@code AverageValue} target, as
 * {@code calcPlainMetricReplicas} in {@code pkg/controller/podautoscaler/replica_calculator.go} computes it.
 * Values are in milli-units with integer division for the average, as {@code GetMetricUsageRatio} does.
 */
final class ReplicaCalculator {

    private ReplicaCalculator() {
    }

    /**
     * Returns the replica count the metric asks for.
     *
     * @param currentReplicas the scale target's replicas
     * @param metrics         readings, with at least one ready pod
     * @param targetMilli     target per-pod average in milli-units
     * @param tolerance       the controller's tolerance (0.1 by default)
     */
    static int proposeReplicas(int currentReplicas, PodMetrics metrics, long targetMilli, double tolerance) {
        int ready = metrics.readyPods();
        double usageRatio = (double) (metrics.readyTotalMilli() / ready) / targetMilli;
        boolean scaleUpWithUnready = metrics.unreadyPods() > 0 && usageRatio > 1.0;

        if (!scaleUpWithUnready && metrics.missingPods() == 0) {
            if (Math.abs(1.0 - usageRatio) <= tolerance) {
                return currentReplicas;
            }
            return (int) Math.ceil(usageRatio * ready);
        }

        long total = metrics.readyTotalMilli();
        int counted = ready;
        if (metrics.missingPods() > 0) {
            // Missing pods count as the target on a scale-down and as 0 on a scale-up.
            if (usageRatio < 1.0) {
                total += targetMilli * metrics.missingPods();
            }
            counted += metrics.missingPods();
        }
        if (scaleUpWithUnready) {
            counted += metrics.unreadyPods();
        }
        double newUsageRatio = (double) (total / counted) / targetMilli;
        if (Math.abs(1.0 - newUsageRatio) <= tolerance
                || (usageRatio < 1.0 && newUsageRatio > 1.0)
                || (usageRatio > 1.0 && newUsageRatio < 1.0)) {
            return currentReplicas;
        }
        int newReplicas = (int) Math.ceil(newUsageRatio * counted);
        if ((newUsageRatio < 1.0 && newReplicas > currentReplicas)
                || (newUsageRatio > 1.0 && newReplicas < currentReplicas)) {
            return currentReplicas;
        }
        return newReplicas;
    }
}
