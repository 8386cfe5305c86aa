package io.lightningasr.asr.features;

/**
 * Triangular mel filters on the Slaney mel scale with Slaney area normalisation, the weights of
 * {@code librosa.filters.mel(sr, n_fft, n_mels, fmin=0, fmax=sr/2, htk=False, norm="slaney")} and of
 * kaldi-native-fbank with {@code is_librosa = true}. Filter {@code b} is a triangle from edge {@code b} to edge
 * {@code b + 2} of {@code bins + 2} edges spaced evenly in mels, scaled by {@code 2 / (right_hz - left_hz)}.
 *
 * <p>Each filter stores only its non-zero span. Instances are immutable and thread-safe.
 */
public final class MelFilterBank {

    private final int[] firstBin;
    private final double[][] weights;

    /**
     * Creates the filters.
     *
     * @param melBins the number of filters, at least 1
     * @param fftSize the FFT length; the spectrum has {@code fftSize / 2 + 1} bins
     * @param sampleRateHz the sample rate; filters span 0 Hz to {@code sampleRateHz / 2}
     */
    public MelFilterBank(int melBins, int fftSize, int sampleRateHz) {
        if (melBins < 1) {
            throw new IllegalArgumentException("melBins must be >= 1, got " + melBins);
        }
        int spectrumBins = fftSize / 2 + 1;
        double minMel = hzToMel(0.0);
        double maxMel = hzToMel(sampleRateHz / 2.0);
        double[] edgesHz = new double[melBins + 2];
        for (int i = 0; i < edgesHz.length; i++) {
            edgesHz[i] = melToHz(minMel + (maxMel - minMel) * i / (melBins + 1));
        }

        this.firstBin = new int[melBins];
        this.weights = new double[melBins][];
        double[] dense = new double[spectrumBins];
        for (int b = 0; b < melBins; b++) {
            double left = edgesHz[b];
            double center = edgesHz[b + 1];
            double right = edgesHz[b + 2];
            double scale = 2.0 / (right - left);
            int first = -1;
            int last = -1;
            for (int k = 0; k < spectrumBins; k++) {
                double hz = k * (double) sampleRateHz / fftSize;
                dense[k] = 0.0;
                if (hz > left && hz < right) {
                    double triangle = hz <= center ? (hz - left) / (center - left) : (right - hz) / (right - center);
                    dense[k] = triangle * scale;
                    if (first < 0) {
                        first = k;
                    }
                    last = k;
                }
            }
            if (first < 0) {
                // A filter narrower than one FFT bin has no weight at all, as in librosa.
                firstBin[b] = 0;
                weights[b] = new double[0];
            } else {
                firstBin[b] = first;
                weights[b] = java.util.Arrays.copyOfRange(dense, first, last + 1);
            }
        }
    }

    /** Returns the number of filters. */
    public int bins() {
        return weights.length;
    }

    /** Returns the weighted sum of {@code power} under filter {@code bin}. */
    public double apply(int bin, double[] power) {
        double[] w = weights[bin];
        int offset = firstBin[bin];
        double sum = 0.0;
        for (int i = 0; i < w.length; i++) {
            sum += w[i] * power[offset + i];
        }
        return sum;
    }

    /** Returns the weight of filter {@code bin} at spectrum bin {@code k}, for tests and diagnostics. */
    public double weight(int bin, int k) {
        int i = k - firstBin[bin];
        return i >= 0 && i < weights[bin].length ? weights[bin][i] : 0.0;
    }

    /** Converts Hz to Slaney mels: linear below 1 kHz, logarithmic above. */
    static double hzToMel(double hz) {
        if (hz <= 1000.0) {
            return hz * 3.0 / 200.0;
        }
        return 15.0 + 27.0 / Math.log(6.4) * Math.log(hz / 1000.0);
    }

    /** Converts Slaney mels to Hz, the inverse of {@link #hzToMel}. */
    static double melToHz(double mel) {
        if (mel <= 15.0) {
            return 200.0 / 3.0 * mel;
        }
        return 1000.0 * Math.exp((mel - 15.0) * Math.log(6.4) / 27.0);
    }
}
