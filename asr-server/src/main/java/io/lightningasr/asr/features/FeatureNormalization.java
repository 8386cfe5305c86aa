package io.lightningasr.asr.features;

import java.util.Locale;

/** Per-utterance feature normalisation, as named by the {@code normalize_type} metadata of a NeMo export. */
public enum FeatureNormalization {
    /** For each bin: subtract the mean over frames, divide by the population standard deviation + 1e-5. */
    PER_FEATURE,
    /** Features are used as computed. */
    NONE;

    private static final double STD_EPSILON = 1e-5;

    /**
     * Parses a {@code normalize_type} metadata value.
     *
     * @param value {@code per_feature}, {@code none}, empty or null (the last three mean no normalisation)
     * @throws IllegalArgumentException for any other value, naming it
     */
    public static FeatureNormalization fromMetadata(String value) {
        if (value == null || value.isBlank() || value.strip().equalsIgnoreCase("none")) {
            return NONE;
        }
        if (value.strip().toLowerCase(Locale.ROOT).equals("per_feature")) {
            return PER_FEATURE;
        }
        throw new IllegalArgumentException(
                "unsupported normalize_type '" + value + "': expected per_feature, none or empty");
    }

    /** Normalises {@code features} in place. The variance is {@code mean(x^2) - mean(x)^2}, clamped at 0. */
    public void apply(FeatureMatrix features) {
        if (this == NONE || features.frames() == 0) {
            return;
        }
        float[] data = features.data();
        int frames = features.frames();
        for (int b = 0; b < features.bins(); b++) {
            int offset = b * frames;
            double sum = 0.0;
            double sumSquares = 0.0;
            for (int t = 0; t < frames; t++) {
                double x = data[offset + t];
                sum += x;
                sumSquares += x * x;
            }
            double mean = sum / frames;
            double variance = Math.max(sumSquares / frames - mean * mean, 0.0);
            double scale = 1.0 / (Math.sqrt(variance) + STD_EPSILON);
            for (int t = 0; t < frames; t++) {
                data[offset + t] = (float) ((data[offset + t] - mean) * scale);
            }
        }
    }
}
