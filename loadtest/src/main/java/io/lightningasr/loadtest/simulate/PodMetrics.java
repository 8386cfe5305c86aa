package io.lightningasr.loadtest.simulate;

/**
 * The {@code asr_active_requests} readings the controller sees at one sync, grouped as the controller's
 * {@code groupPods} does.
 *
 * @param readyTotalMilli sum of the per-pod values of the ready pods, in milli-units (1 request = 1000)
 * @param readyPods       pods that are ready and report the metric
 * @param unreadyPods     pods that are not ready yet (still starting); their values are ignored
 * @param missingPods     ready pods without a reading
 */
public record PodMetrics(long readyTotalMilli, int readyPods, int unreadyPods, int missingPods) {

    /** Validates that counts and the sum are not negative. */
    public PodMetrics {
        if (readyTotalMilli < 0 || readyPods < 0 || unreadyPods < 0 || missingPods < 0) {
            throw new IllegalArgumentException("pod metrics must not be negative");
        }
    }
}
