package io.lightningasr.asr.audio;

/** Synthetic test signals and measurements on them. */
final class Signals {

    private Signals() {
    }

    static float[] sine(double frequencyHz, int rateHz, int length, double amplitude) {
        float[] samples = new float[length];
        for (int i = 0; i < length; i++) {
            samples[i] = (float) (amplitude * Math.sin(2 * Math.PI * frequencyHz * i / rateHz));
        }
        return samples;
    }

    /**
     * Returns the amplitude of the {@code frequencyHz} component of 16 kHz {@code samples}, by projection on a
     * sine and a cosine over the middle of the signal (skipping 10% at each end, where filters settle).
     */
    static double amplitudeAt(float[] samples, double frequencyHz) {
        int from = samples.length / 10;
        int to = samples.length - from;
        double sin = 0;
        double cos = 0;
        for (int i = from; i < to; i++) {
            double phase = 2 * Math.PI * frequencyHz * i / DecodedAudio.SAMPLE_RATE_HZ;
            sin += samples[i] * Math.sin(phase);
            cos += samples[i] * Math.cos(phase);
        }
        int n = to - from;
        return 2 * Math.hypot(sin, cos) / n;
    }

    /** Returns the root mean square over the middle of the signal (skipping 10% at each end). */
    static double rms(float[] samples) {
        int from = samples.length / 10;
        int to = samples.length - from;
        double sum = 0;
        for (int i = from; i < to; i++) {
            sum += samples[i] * (double) samples[i];
        }
        return Math.sqrt(sum / (to - from));
    }

    /** Estimates the frequency of a 16 kHz tone from its rising zero crossings over the middle of the signal. */
    static double zeroCrossingFrequency(float[] samples) {
        int from = samples.length / 10;
        int to = samples.length - from;
        int first = -1;
        int last = -1;
        int crossings = 0;
        for (int i = from + 1; i < to; i++) {
            if (samples[i - 1] < 0 && samples[i] >= 0) {
                if (first < 0) {
                    first = i;
                } else {
                    crossings++;
                }
                last = i;
            }
        }
        return crossings == 0 ? 0 : crossings * (double) DecodedAudio.SAMPLE_RATE_HZ / (last - first);
    }

    static double decibels(double ratio) {
        return 20 * Math.log10(ratio);
    }
}
