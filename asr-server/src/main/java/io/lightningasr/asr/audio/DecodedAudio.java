package io.lightningasr.asr.audio;

/**
 * Audio decoded to mono float samples at {@link #SAMPLE_RATE_HZ}, scaled to [-1, 1].
 *
 * @param samples mono samples at 16 kHz; the array is owned by this record and must not be modified
 * @param format the container or codec detected from the bytes
 * @param sourceSampleRateHz the sample rate of the input before resampling
 * @param sourceChannels the channel count of the input before down-mixing
 */
public record DecodedAudio(float[] samples, AudioFormat format, int sourceSampleRateHz, int sourceChannels) {

    /** The sample rate of every decoded signal. */
    public static final int SAMPLE_RATE_HZ = 16_000;

    /** Returns the duration in seconds. */
    public double durationSeconds() {
        return samples.length / (double) SAMPLE_RATE_HZ;
    }
}
