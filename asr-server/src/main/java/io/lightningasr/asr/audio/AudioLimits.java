package io.lightningasr.asr.audio;

/**
 * Limits applied while decoding.
 *
 * @param maxDurationSeconds the longest decoded signal accepted, in seconds
 */
public record AudioLimits(double maxDurationSeconds) {
    public AudioLimits {
        if (!(maxDurationSeconds > 0)) {
            throw new IllegalArgumentException("maxDurationSeconds must be > 0, got " + maxDurationSeconds);
        }
    }
}
