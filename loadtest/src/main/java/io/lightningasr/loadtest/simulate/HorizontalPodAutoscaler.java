package io.lightningasr.loadtest.simulate;

import java.util.ArrayList;
import java.util.List;

/**
 * A replay of the Kubernetes HPA controller for one HPA with one {@code Pods} metric ({@code asr_active_requests},
 * target type {@code AverageValue}) and an autoscaling/v2 {@code behavior}.
 *
 * <p>It follows the "Algorithm details", "Stabilization window" and "Configurable scaling behavior" sections of
 * https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/ and, where the page leaves details
 * open, the controller source {@code pkg/controller/podautoscaler/horizontal.go} and
 * {@code replica_calculator.go} of kubernetes/kubernetes. Each {@link #reconcile} call is one sync of the controller
 * (every 15 s by default, {@code --horizontal-pod-autoscaler-sync-period}) and applies these rules in order:
 * <ol>
 *   <li>The first sync records the current replica count as a recommendation ({@code recordInitialRecommendation}).
 *   <li>Current replicas above {@code maxReplicas} or below {@code minReplicas} are set to that bound, without
 *       stabilization or policies.
 *   <li>Metric proposal ({@code calcPlainMetricReplicas}): the per-pod average is the sum of the ready pods' values
 *       in milli-units divided by their count with integer division, and {@code ratio = average / target}.
 *       Without unready or missing pods: if {@code |1 − ratio| ≤ 0.1} (the tolerance) the proposal is the current
 *       count, else {@code ceil(ratio × readyPods)}. Otherwise missing pods count as the target on a scale-down
 *       ({@code ratio < 1}) and as 0 on a scale-up, unready pods count as 0 on a scale-up and are ignored otherwise;
 *       the ratio is recomputed over all counted pods, and the proposal is the current count when the new ratio is
 *       within tolerance or points the other way, else {@code ceil(newRatio × countedPods)} unless that reverses
 *       the direction. Without a ready pod there is no proposal and the sync changes nothing.
 *   <li>Stabilization ({@code stabilizeRecommendationWithBehaviors}): over the recommendations of the last
 *       {@code scaleUp.stabilizationWindowSeconds} the minimum (including this proposal) bounds the result from
 *       below, over the last {@code scaleDown.stabilizationWindowSeconds} the maximum bounds it from above:
 *       {@code result = min(max(current, upMin), downMax)}. A recommendation counts when its timestamp is strictly
 *       after {@code now − window}. The unstabilized proposal is stored as a recommendation.
 *   <li>Rate limit ({@code convertDesiredReplicasWithBehaviorRate}): for each policy the replica count at the start
 *       of its period is {@code current − added + removed}, summing the scale events strictly after
 *       {@code now − periodSeconds}. Scale-up proposes {@code start + value} (Pods) or
 *       {@code ceil(start × (1 + value/100))} (Percent); scale-down proposes {@code start − value} (Pods) or
 *       {@code floor(start × (1 − value/100))} (Percent). {@code selectPolicy Max} takes the largest change,
 *       {@code Min} the smallest, {@code Disabled} allows none. The limit never goes past the current count in the
 *       wrong direction, and the result is clamped to {@code [minReplicas, maxReplicas]}.
 *   <li>A change is recorded as a scale-up or scale-down event with its size.
 * </ol>
 * Times are whole seconds of the simulation clock. The class is not thread-safe.
 */
public final class HorizontalPodAutoscaler {

    /** Default {@code --horizontal-pod-autoscaler-tolerance}. */
    public static final double TOLERANCE = 0.1;

    private final HpaSettings settings;
    private final List<Timestamped> recommendations = new ArrayList<>();
    private final List<Timestamped> scaleUpEvents = new ArrayList<>();
    private final List<Timestamped> scaleDownEvents = new ArrayList<>();
    private boolean synced;

    /** Creates a controller without history. */
    public HorizontalPodAutoscaler(HpaSettings settings) {
        this.settings = settings;
    }

    /**
     * Runs one sync.
     *
     * @param nowSeconds      simulation clock in seconds, not decreasing between calls
     * @param currentReplicas the scale target's {@code spec.replicas}
     * @param metrics         the metric readings of this sync
     * @return the decision; {@link Decision#replicas()} is the new {@code spec.replicas}
     */
    public Decision reconcile(long nowSeconds, int currentReplicas, PodMetrics metrics) {
        if (!synced) {
            recommendations.add(new Timestamped(nowSeconds, currentReplicas));
            synced = true;
        }
        if (currentReplicas > settings.maxReplicas()) {
            int max = settings.maxReplicas();
            return apply(nowSeconds, currentReplicas, new Decision(max, max, max, "above maxReplicas"));
        }
        if (currentReplicas < settings.minReplicas()) {
            int min = settings.minReplicas();
            return apply(nowSeconds, currentReplicas, new Decision(min, min, min, "below minReplicas"));
        }
        if (metrics.readyPods() == 0) {
            return new Decision(currentReplicas, currentReplicas, currentReplicas, "no metrics from ready pods");
        }
        int proposal = ReplicaCalculator.proposeReplicas(currentReplicas, metrics, settings.targetMilli(), TOLERANCE);
        int stabilized = stabilize(nowSeconds, currentReplicas, proposal);
        Limited limited = limitRate(nowSeconds, currentReplicas, stabilized);
        return apply(nowSeconds, currentReplicas, new Decision(proposal, stabilized, limited.replicas(), limited.reason()));
    }

    private Decision apply(long now, int current, Decision decision) {
        int replicas = decision.replicas();
        if (replicas > current) {
            scaleUpEvents.add(new Timestamped(now, replicas - current));
        } else if (replicas < current) {
            scaleDownEvents.add(new Timestamped(now, current - replicas));
        }
        prune(now);
        return decision;
    }

    private int stabilize(long now, int current, int proposal) {
        long upCutoff = now - settings.scaleUp().stabilizationWindowSeconds();
        long downCutoff = now - settings.scaleDown().stabilizationWindowSeconds();
        int upRecommendation = proposal;
        int downRecommendation = proposal;
        for (Timestamped rec : recommendations) {
            if (rec.seconds() > upCutoff) {
                upRecommendation = Math.min(upRecommendation, rec.value());
            }
            if (rec.seconds() > downCutoff) {
                downRecommendation = Math.max(downRecommendation, rec.value());
            }
        }
        recommendations.add(new Timestamped(now, proposal));
        int recommendation = Math.max(current, upRecommendation);
        return Math.min(recommendation, downRecommendation);
    }

    private Limited limitRate(long now, int current, int desired) {
        if (desired > current) {
            int limit = Math.max(current, scaleUpLimit(now, current));
            int maximumAllowed = Math.min(settings.maxReplicas(), limit);
            if (desired > maximumAllowed) {
                String reason = limit < settings.maxReplicas() ? "scale-up limited by policy" : "limited by maxReplicas";
                return new Limited(maximumAllowed, reason);
            }
        } else if (desired < current) {
            int limit = Math.min(current, scaleDownLimit(now, current));
            int minimumAllowed = Math.max(settings.minReplicas(), limit);
            if (desired < minimumAllowed) {
                String reason = limit > settings.minReplicas() ? "scale-down limited by policy" : "limited by minReplicas";
                return new Limited(minimumAllowed, reason);
            }
        }
        return new Limited(desired, desired == current ? "no change" : "desired within range");
    }

    private int scaleUpLimit(long now, int current) {
        ScalingRules rules = settings.scaleUp();
        if (rules.selectPolicy() == ScalingRules.SelectPolicy.DISABLED) {
            return current;
        }
        boolean smallestChange = rules.selectPolicy() == ScalingRules.SelectPolicy.MIN;
        int result = smallestChange ? Integer.MAX_VALUE : Integer.MIN_VALUE;
        for (ScalingPolicy policy : rules.policies()) {
            int periodStart = current - changeWithin(scaleUpEvents, now, policy.periodSeconds())
                    + changeWithin(scaleDownEvents, now, policy.periodSeconds());
            int proposed = switch (policy.type()) {
                case PODS -> periodStart + policy.value();
                case PERCENT -> (int) Math.ceil(periodStart * (1 + policy.value() / 100.0));
            };
            result = smallestChange ? Math.min(result, proposed) : Math.max(result, proposed);
        }
        return result;
    }

    private int scaleDownLimit(long now, int current) {
        ScalingRules rules = settings.scaleDown();
        if (rules.selectPolicy() == ScalingRules.SelectPolicy.DISABLED) {
            return current;
        }
        boolean smallestChange = rules.selectPolicy() == ScalingRules.SelectPolicy.MIN;
        int result = smallestChange ? Integer.MIN_VALUE : Integer.MAX_VALUE;
        for (ScalingPolicy policy : rules.policies()) {
            int periodStart = current - changeWithin(scaleUpEvents, now, policy.periodSeconds())
                    + changeWithin(scaleDownEvents, now, policy.periodSeconds());
            int proposed = switch (policy.type()) {
                case PODS -> periodStart - policy.value();
                case PERCENT -> (int) (periodStart * (1 - policy.value() / 100.0));
            };
            result = smallestChange ? Math.max(result, proposed) : Math.min(result, proposed);
        }
        return result;
    }

    private static int changeWithin(List<Timestamped> events, long now, int periodSeconds) {
        long cutoff = now - periodSeconds;
        int sum = 0;
        for (Timestamped event : events) {
            if (event.seconds() > cutoff) {
                sum += event.value();
            }
        }
        return sum;
    }

    /** Drops history no rule can reach again; the controller reuses such slots instead. */
    private void prune(long now) {
        long oldestRecommendation = now - Math.max(settings.scaleUp().stabilizationWindowSeconds(),
                settings.scaleDown().stabilizationWindowSeconds());
        recommendations.removeIf(rec -> rec.seconds() < oldestRecommendation);
        long oldestEvent = now - Math.max(settings.scaleUp().longestPeriodSeconds(),
                settings.scaleDown().longestPeriodSeconds());
        scaleUpEvents.removeIf(event -> event.seconds() < oldestEvent);
        scaleDownEvents.removeIf(event -> event.seconds() < oldestEvent);
    }

    /**
     * Outcome of one sync.
     *
     * @param metricProposal replicas the metric alone asks for
     * @param stabilized     the proposal after the stabilization windows, before the rate limit
     * @param replicas       the new {@code spec.replicas}
     * @param reason         why {@code replicas} differs from the proposal, in words
     */
    public record Decision(int metricProposal, int stabilized, int replicas, String reason) {
    }

    private record Timestamped(long seconds, int value) {
    }

    private record Limited(int replicas, String reason) {
    }
}
