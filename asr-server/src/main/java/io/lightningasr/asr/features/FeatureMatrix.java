package io.lightningasr.asr.features;

/**
 * Acoustic features of one utterance in channel-major layout, the layout of a NeMo model's {@code audio_signal}
 * input without its batch axis: value {@code (bin, frame)} is at {@code data[bin * frames + frame]}.
 *
 * @param bins the number of feature bins per frame (mel bins)
 * @param frames the number of frames, 10 ms apart
 * @param data {@code bins * frames} values; owned by this record and modified in place by normalisation
 */
public record FeatureMatrix(int bins, int frames, float[] data) {
    public FeatureMatrix {
        if (bins < 1 || frames < 0 || data.length != (long) bins * frames) {
            throw new IllegalArgumentException(
                    "data length " + data.length + " does not match bins " + bins + " x frames " + frames);
        }
    }

    /** Returns the value of {@code bin} in {@code frame}. */
    public float get(int bin, int frame) {
        return data[bin * frames + frame];
    }
}
