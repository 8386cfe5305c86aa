package io.lightningasr.asr.features;

/**
 * Power spectrum of a real signal by a radix-2 FFT. A real input of length {@code n} is packed into a complex
 * sequence of length {@code n / 2} (even samples as real parts, odd samples as imaginary parts), transformed, and
 * split into the {@code n / 2 + 1} bins of the real spectrum. Twiddle factors and the bit-reversal permutation are
 * precomputed, so one transform allocates nothing.
 *
 * <p>Instances are immutable and thread-safe; callers pass their own scratch buffers.
 */
public final class RealFft {

    private final int size;
    private final int half;
    private final int[] bitReversed;
    private final double[] cosHalf;
    private final double[] sinHalf;
    private final double[] cosFull;
    private final double[] sinFull;

    /**
     * Creates a transform of {@code size} real points.
     *
     * @param size the transform length, a power of two of at least 4
     */
    public RealFft(int size) {
        if (size < 4 || Integer.bitCount(size) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two >= 4, got " + size);
        }
        this.size = size;
        this.half = size / 2;
        this.bitReversed = new int[half];
        int bits = Integer.numberOfTrailingZeros(half);
        for (int i = 0; i < half; i++) {
            bitReversed[i] = bits == 0 ? 0 : Integer.reverse(i) >>> (32 - bits);
        }
        this.cosHalf = new double[half / 2];
        this.sinHalf = new double[half / 2];
        for (int k = 0; k < half / 2; k++) {
            double angle = -2.0 * Math.PI * k / half;
            cosHalf[k] = Math.cos(angle);
            sinHalf[k] = Math.sin(angle);
        }
        this.cosFull = new double[half + 1];
        this.sinFull = new double[half + 1];
        for (int k = 0; k <= half; k++) {
            double angle = -2.0 * Math.PI * k / size;
            cosFull[k] = Math.cos(angle);
            sinFull[k] = Math.sin(angle);
        }
    }

    /** Returns the transform length in real points. */
    public int size() {
        return size;
    }

    /** Returns the number of spectrum bins, {@code size / 2 + 1}. */
    public int bins() {
        return half + 1;
    }

    /**
     * Computes {@code |X[k]|^2} for {@code k = 0 .. size / 2}.
     *
     * @param input {@code size} real samples (read only)
     * @param re scratch of at least {@code size / 2} doubles
     * @param im scratch of at least {@code size / 2} doubles
     * @param power output of at least {@code size / 2 + 1} doubles
     */
    public void powerSpectrum(double[] input, double[] re, double[] im, double[] power) {
        for (int i = 0; i < half; i++) {
            int j = bitReversed[i];
            re[j] = input[2 * i];
            im[j] = input[2 * i + 1];
        }
        complexInPlace(re, im);

        for (int k = 0; k <= half; k++) {
            int a = k == half ? 0 : k;
            int b = k == 0 ? 0 : half - k;
            double zr = re[a];
            double zi = im[a];
            double yr = re[b];
            double yi = im[b];
            // Even part (z + conj(y)) / 2 and odd part (z - conj(y)) / 2i of the packed spectrum.
            double evenRe = 0.5 * (zr + yr);
            double evenIm = 0.5 * (zi - yi);
            double oddRe = 0.5 * (zi + yi);
            double oddIm = -0.5 * (zr - yr);
            double c = cosFull[k];
            double s = sinFull[k];
            double xr = evenRe + c * oddRe - s * oddIm;
            double xi = evenIm + c * oddIm + s * oddRe;
            power[k] = xr * xr + xi * xi;
        }
    }

    /** Runs an iterative radix-2 FFT of length {@code half} on bit-reversed input. */
    private void complexInPlace(double[] re, double[] im) {
        for (int length = 2; length <= half; length <<= 1) {
            int span = length / 2;
            int stride = half / length;
            for (int start = 0; start < half; start += length) {
                for (int j = 0; j < span; j++) {
                    double wr = cosHalf[j * stride];
                    double wi = sinHalf[j * stride];
                    int p = start + j;
                    int q = p + span;
                    double tr = wr * re[q] - wi * im[q];
                    double ti = wr * im[q] + wi * re[q];
                    re[q] = re[p] - tr;
                    im[q] = im[p] - ti;
                    re[p] += tr;
                    im[p] += ti;
                }
            }
        }
    }
}
