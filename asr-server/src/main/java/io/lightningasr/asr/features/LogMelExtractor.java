package io.lightningasr.asr.features;

/**
 * Log-mel filter-bank features as kaldi-native-fbank computes them for NeMo CTC models in sherpa-onnx:
 * 16 kHz input in [-1, 1]; 25 ms frames (400 samples) every 10 ms (160 samples) with {@code snip_edges = false},
 * so frame {@code t} starts at sample {@code 160 t - 120} and samples outside the signal are reflected
 * (sample {@code -1} is sample {@code 0}, sample {@code n} is sample {@code n - 1}); {@code (n + 80) / 160} frames;
 * no dither and no DC removal; Kaldi pre-emphasis 0.97 per frame; periodic Hann window; 512-point FFT of the
 * zero-padded frame; power spectrum; Slaney mel filters from 0 to 8000 Hz ({@link MelFilterBank}); natural log
 * floored at {@code FLT_EPSILON}. Normalisation is a separate step ({@link FeatureNormalization}).
 *
 * <p>Instances are immutable and thread-safe. One call allocates its scratch buffers once, not per frame.
 */
public final class LogMelExtractor {

    /** The sample rate the features are defined for, in Hz. */
    public static final int SAMPLE_RATE_HZ = 16_000;
    /** Samples per frame (25 ms). */
    public static final int FRAME_LENGTH = 400;
    /** Samples between frame starts (10 ms). */
    public static final int FRAME_SHIFT = 160;
    /** Seconds between frame starts. */
    public static final double FRAME_SHIFT_SECONDS = FRAME_SHIFT / (double) SAMPLE_RATE_HZ;

    private static final int FFT_SIZE = 512;
    private static final double PREEMPHASIS = 0.97;
    private static final double LOG_FLOOR = Math.ulp(1.0f); // FLT_EPSILON, 1.1920929e-07

    private final MelFilterBank filters;
    private final RealFft fft;
    private final double[] window;

    /**
     * Creates an extractor.
     *
     * @param melBins the number of mel bins per frame (80 for most NeMo English models, 128 for some)
     */
    public LogMelExtractor(int melBins) {
        this.filters = new MelFilterBank(melBins, FFT_SIZE, SAMPLE_RATE_HZ);
        this.fft = new RealFft(FFT_SIZE);
        this.window = new double[FRAME_LENGTH];
        for (int i = 0; i < FRAME_LENGTH; i++) {
            window[i] = 0.5 - 0.5 * Math.cos(2.0 * Math.PI * i / FRAME_LENGTH);
        }
    }

    /** Returns the number of mel bins per frame. */
    public int melBins() {
        return filters.bins();
    }

    /** Returns the number of frames for {@code samples} samples: {@code samples / 160} rounded half up. */
    public static int frameCount(int samples) {
        return (samples + FRAME_SHIFT / 2) / FRAME_SHIFT;
    }

    /** Computes un-normalised log-mel features of all of {@code samples}. */
    public FeatureMatrix compute(float[] samples) {
        return compute(samples, 0, samples.length);
    }

    /**
     * Computes un-normalised log-mel features of {@code samples[offset, offset + length)}, treating that range as
     * the whole signal (edges are reflected inside it).
     *
     * @return features with {@link #frameCount(int) frameCount(length)} frames
     */
    public FeatureMatrix compute(float[] samples, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, samples.length);
        int frames = frameCount(length);
        int bins = filters.bins();
        float[] out = new float[bins * frames];

        double[] frame = new double[FFT_SIZE];
        double[] re = new double[FFT_SIZE / 2];
        double[] im = new double[FFT_SIZE / 2];
        double[] power = new double[fft.bins()];
        for (int t = 0; t < frames; t++) {
            int start = t * FRAME_SHIFT + FRAME_SHIFT / 2 - FRAME_LENGTH / 2;
            extractFrame(samples, offset, length, start, frame);
            preemphasizeAndWindow(frame);
            fft.powerSpectrum(frame, re, im, power);
            for (int b = 0; b < bins; b++) {
                out[b * frames + t] = (float) Math.log(Math.max(filters.apply(b, power), LOG_FLOOR));
            }
        }
        return new FeatureMatrix(bins, frames, out);
    }

    /** Copies 400 samples starting at {@code start} into {@code frame}, reflecting at the edges, zero-padding to 512. */
    private static void extractFrame(float[] samples, int offset, int length, int start, double[] frame) {
        if (start >= 0 && start + FRAME_LENGTH <= length) {
            for (int i = 0; i < FRAME_LENGTH; i++) {
                frame[i] = samples[offset + start + i];
            }
        } else {
            for (int i = 0; i < FRAME_LENGTH; i++) {
                frame[i] = samples[offset + reflect(start + i, length)];
            }
        }
        java.util.Arrays.fill(frame, FRAME_LENGTH, FFT_SIZE, 0.0);
    }

    /** Maps an index into {@code [0, n)} by repeated reflection, which has period {@code 2n}. */
    static int reflect(int index, int n) {
        int period = 2 * n;
        int i = Math.floorMod(index, period);
        return i >= n ? period - 1 - i : i;
    }

    private void preemphasizeAndWindow(double[] frame) {
        for (int i = FRAME_LENGTH - 1; i > 0; i--) {
            frame[i] -= PREEMPHASIS * frame[i - 1];
        }
        frame[0] -= PREEMPHASIS * frame[0];
        for (int i = 0; i < FRAME_LENGTH; i++) {
            frame[i] *= window[i];
        }
    }
}
