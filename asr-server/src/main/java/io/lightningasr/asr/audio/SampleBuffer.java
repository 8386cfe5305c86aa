package io.lightningasr.asr.audio;

import java.util.ArrayList;
import java.util.List;

/**
 * Collects 16 kHz output samples in fixed-size chunks up to a maximum count. Chunks avoid the copy-on-grow of
 * a single array, so the peak memory of {@link #toArray()} is the samples plus one chunk.
 */
final class SampleBuffer {

    private static final int CHUNK_SAMPLES = 1 << 16;

    private final long maxSamples;
    private final double maxDurationSeconds;
    private final List<float[]> fullChunks = new ArrayList<>();
    private float[] current = new float[CHUNK_SAMPLES];
    private int currentCount;
    private long count;

    /** Creates a buffer that rejects samples beyond {@code maxDurationSeconds} of 16 kHz audio (plus one sample). */
    SampleBuffer(double maxDurationSeconds) {
        this.maxDurationSeconds = maxDurationSeconds;
        double max = Math.ceil(maxDurationSeconds * DecodedAudio.SAMPLE_RATE_HZ) + 1;
        this.maxSamples = (long) Math.min(max, Integer.MAX_VALUE - 8);
    }

    /**
     * Appends one sample, clamped to [-1, 1] with NaN mapped to 0 so that no input can feed non-finite values to
     * the feature extractor.
     *
     * @throws AudioException AUDIO_TOO_LONG when the buffer already contains the maximum number of samples
     */
    void add(float sample) throws AudioException {
        if (count >= maxSamples) {
            throw AudioDecoder.tooLong(maxDurationSeconds);
        }
        if (currentCount == CHUNK_SAMPLES) {
            fullChunks.add(current);
            current = new float[CHUNK_SAMPLES];
            currentCount = 0;
        }
        float clamped = sample > 1f ? 1f : (sample < -1f ? -1f : sample);
        current[currentCount++] = Float.isNaN(clamped) ? 0f : clamped;
        count++;
    }

    long count() {
        return count;
    }

    /** Returns the samples as one array and releases the chunks while copying; call it once. */
    float[] toArray() {
        float[] out = new float[(int) count];
        int offset = 0;
        for (int i = 0; i < fullChunks.size(); i++) {
            float[] chunk = fullChunks.get(i);
            System.arraycopy(chunk, 0, out, offset, chunk.length);
            offset += chunk.length;
            fullChunks.set(i, null);
        }
        System.arraycopy(current, 0, out, offset, currentCount);
        current = null;
        return out;
    }
}
