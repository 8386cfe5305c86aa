package io.lightningasr.loadtest.simulate;

import io.lightningasr.loadtest.series.Series;
import io.lightningasr.loadtest.series.SeriesPoint;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The outcome of a simulation: the per-second series and the replica changes.
 *
 * @param config  the inputs
 * @param points  one entry per second
 * @param changes every change of {@code spec.replicas}, in order
 */
public record SimulationResult(SimulationConfig config, List<SeriesPoint> points, List<ScaleChange> changes) {

    /** Copies the lists. */
    public SimulationResult {
        points = List.copyOf(points);
        changes = List.copyOf(changes);
    }

    /**
     * One change of the replica count at an HPA sync.
     *
     * @param second         simulation second of the sync
     * @param from           replicas before
     * @param to             replicas after
     * @param perPodActive   per-pod average of active requests the sync saw
     * @param metricProposal replicas the metric alone asked for
     * @param reason         what limited the change, in words
     */
    public record ScaleChange(int second, int from, int to, double perPodActive, int metricProposal, String reason) {
    }

    /** Returns the replica count at each second. */
    public int[] replicaTimeline() {
        return points.stream().mapToInt(SeriesPoint::replicas).toArray();
    }

    /** Returns the seconds in which the per-pod average of active requests was above the HPA target. */
    public long secondsOverTarget() {
        double target = config.hpa().targetActiveRequests();
        return points.stream().filter(p -> p.activeByPod().get("average") > target).count();
    }

    /** Returns the seconds in which requests waited for an inference slot. */
    public long secondsQueued() {
        return points.stream().filter(p -> p.queued() > 1e-9).count();
    }

    /** Returns the largest number of requests waiting for a slot. */
    public double maxQueued() {
        return points.stream().mapToDouble(SeriesPoint::queued).max().orElse(0);
    }

    /** Returns the sum of replicas over the seconds, a measure of cost. */
    public long replicaSeconds() {
        return points.stream().mapToLong(SeriesPoint::replicas).sum();
    }

    /** Returns the figures of the summary by name. */
    public Map<String, Object> summary() {
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("duration_seconds", points.size());
        summary.put("max_replicas", points.stream().mapToInt(SeriesPoint::replicas).max().orElse(0));
        summary.put("final_replicas", points.isEmpty() ? 0 : points.getLast().replicas());
        summary.put("replica_seconds", replicaSeconds());
        summary.put("seconds_over_target", secondsOverTarget());
        summary.put("seconds_queued", secondsQueued());
        summary.put("max_queued_requests", round(maxQueued()));
        summary.put("scale_changes", changes.size());
        return summary;
    }

    /** Returns the series for files and charts. */
    public Series toSeries() {
        String title = String.format(Locale.ROOT, "HPA simulation: %s, latency %.2f s, %d slots/pod, start-up %d s",
                config.profile().description(), config.latency().toNanos() / 1e9, config.slotsPerPod(),
                config.podStartup().toSeconds());
        return new Series("simulate", title, config.profile().kind().columnName(),
                config.hpa().targetActiveRequests(), points, summary());
    }

    /** Returns the replica timeline and the summary as text for the terminal. */
    public String describe() {
        StringBuilder text = new StringBuilder();
        HpaSettings hpa = config.hpa();
        text.append(String.format(Locale.ROOT,
                "HPA: %d-%d replicas, target %.2f active requests/pod, windows up %d s / down %d s%n",
                hpa.minReplicas(), hpa.maxReplicas(), hpa.targetActiveRequests(),
                hpa.scaleUp().stabilizationWindowSeconds(), hpa.scaleDown().stabilizationWindowSeconds()));
        text.append("load: ").append(config.profile().description()).append(", ")
                .append(points.size()).append(" s\n");
        text.append("replica timeline:\n");
        text.append(String.format(Locale.ROOT, "  t=%5ds  replicas %d (start)%n", 0, config.initialReplicas()));
        for (ScaleChange change : changes) {
            text.append(String.format(Locale.ROOT,
                    "  t=%5ds  replicas %d -> %d  (per-pod active %.2f, metric asks %d, %s)%n",
                    change.second(), change.from(), change.to(), change.perPodActive(), change.metricProposal(),
                    change.reason()));
        }
        summary().forEach((name, value) -> text.append(String.format(Locale.ROOT, "%-22s %s%n", name, value)));
        return text.toString();
    }

    private static double round(double value) {
        return Math.round(value * 100) / 100.0;
    }
}
