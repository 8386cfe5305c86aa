package io.lightningasr.loadtest.profile;

import java.util.Locale;

/**
 * Built-in load shapes, scaled to a peak value and a duration. {@code f} below is the elapsed fraction of the
 * duration and {@code low} is 10 % of the peak.
 */
public enum Scenario {
    /** {@code low} for the first 20 %, the peak from 20 % to 60 %, then {@code low} again: a sudden spike. */
    SPIKE,
    /** The peak for the first 20 %, then a linear decline to {@code low} at the end: a gradual decline. */
    DECLINE,
    /** The peak for the first 20 %, then 5 % of the peak for the rest: a quiet night after the evening. */
    OFF_HOURS,
    /** A linear ramp from peak/duration up to the peak at the end. */
    RAMP;

    /** Returns the scenario for its command-line name ({@code spike}, {@code decline}, {@code off-hours}, {@code ramp}). */
    public static Scenario fromName(String name) {
        String normalized = name.trim().toUpperCase(Locale.ROOT).replace('-', '_');
        for (Scenario scenario : values()) {
            if (scenario.name().equals(normalized)) {
                return scenario;
            }
        }
        throw new IllegalArgumentException("unknown scenario '" + name + "': expected spike, decline, off-hours or ramp");
    }

    /** Returns the command-line name. */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * Returns the load of this shape at one second.
     *
     * @param second          elapsed seconds, 0-based
     * @param durationSeconds total length in seconds, at least 1
     * @param peak            the highest value
     */
    public double valueAt(int second, int durationSeconds, double peak) {
        double f = (double) second / durationSeconds;
        double low = peak * 0.1;
        return switch (this) {
            case SPIKE -> f >= 0.2 && f < 0.6 ? peak : low;
            case DECLINE -> f < 0.2 ? peak : peak - (peak - low) * (f - 0.2) / 0.8;
            case OFF_HOURS -> f < 0.2 ? peak : peak * 0.05;
            case RAMP -> peak * (second + 1) / durationSeconds;
        };
    }
}
