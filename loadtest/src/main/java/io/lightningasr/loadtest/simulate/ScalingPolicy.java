package io.lightningasr.loadtest.simulate;

/**
 * One autoscaling/v2 {@code HPAScalingPolicy}: at most {@code value} pods or percent of the replicas at the start
 * of the period may be added (scale-up) or removed (scale-down) within {@code periodSeconds}.
 *
 * @param type          {@link Type#PODS} or {@link Type#PERCENT}
 * @param value         pods or percent, greater than 0
 * @param periodSeconds length of the look-back window in seconds, 1 to 1800 as the Kubernetes API validates
 */
public record ScalingPolicy(Type type, int value, int periodSeconds) {

    /** Policy type as spelled in the HPA spec. */
    public enum Type {
        PODS("Pods"), PERCENT("Percent");

        private final String specName;

        Type(String specName) {
            this.specName = specName;
        }

        /** Returns the type for the HPA spec spelling ({@code Pods} or {@code Percent}). */
        public static Type fromSpec(String name) {
            for (Type type : values()) {
                if (type.specName.equals(name)) {
                    return type;
                }
            }
            throw new IllegalArgumentException("invalid scaling policy type '" + name + "': expected Pods or Percent");
        }

        @Override
        public String toString() {
            return specName;
        }
    }

    /** Validates the ranges the Kubernetes API server enforces. */
    public ScalingPolicy {
        if (type == null) {
            throw new IllegalArgumentException("scaling policy type is missing: expected Pods or Percent");
        }
        if (value <= 0) {
            throw new IllegalArgumentException("invalid scaling policy value " + value + ": expected a value > 0");
        }
        if (periodSeconds <= 0 || periodSeconds > 1800) {
            throw new IllegalArgumentException(
                    "invalid scaling policy periodSeconds " + periodSeconds + ": expected 1 to 1800");
        }
    }
}
