package io.lightningasr.loadtest.simulate;

import java.util.List;

/**
 * One direction of an autoscaling/v2 {@code behavior} ({@code scaleUp} or {@code scaleDown}).
 *
 * @param stabilizationWindowSeconds look-back window of recommendations in seconds, 0 to 3600
 * @param selectPolicy               how the limits of several policies combine
 * @param policies                   rate limits; may be empty only when {@code selectPolicy} is Disabled
 */
public record ScalingRules(int stabilizationWindowSeconds, SelectPolicy selectPolicy, List<ScalingPolicy> policies) {

    /** {@code selectPolicy} of the HPA spec. */
    public enum SelectPolicy {
        /** The policy that allows the largest change wins. */
        MAX("Max"),
        /** The policy that allows the smallest change wins. */
        MIN("Min"),
        /** No change in this direction. */
        DISABLED("Disabled");

        private final String specName;

        SelectPolicy(String specName) {
            this.specName = specName;
        }

        /** Returns the value for the HPA spec spelling ({@code Max}, {@code Min} or {@code Disabled}). */
        public static SelectPolicy fromSpec(String name) {
            for (SelectPolicy policy : values()) {
                if (policy.specName.equals(name)) {
                    return policy;
                }
            }
            throw new IllegalArgumentException("invalid selectPolicy '" + name + "': expected Max, Min or Disabled");
        }

        @Override
        public String toString() {
            return specName;
        }
    }

    /** Validates the ranges the Kubernetes API server enforces. */
    public ScalingRules {
        if (stabilizationWindowSeconds < 0 || stabilizationWindowSeconds > 3600) {
            throw new IllegalArgumentException("invalid stabilizationWindowSeconds " + stabilizationWindowSeconds
                    + ": expected 0 to 3600");
        }
        if (selectPolicy == null) {
            throw new IllegalArgumentException("selectPolicy is missing: expected Max, Min or Disabled");
        }
        policies = List.copyOf(policies);
        if (policies.isEmpty() && selectPolicy != SelectPolicy.DISABLED) {
            throw new IllegalArgumentException("scaling rules without policies: add a policy or set selectPolicy Disabled");
        }
    }

    /** Returns the longest {@code periodSeconds} of the policies, 0 without policies. */
    public int longestPeriodSeconds() {
        return policies.stream().mapToInt(ScalingPolicy::periodSeconds).max().orElse(0);
    }

    /** Returns a copy with another stabilization window. */
    public ScalingRules withStabilizationWindowSeconds(int seconds) {
        return new ScalingRules(seconds, selectPolicy, policies);
    }
}
