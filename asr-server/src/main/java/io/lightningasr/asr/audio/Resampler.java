package io.lightningasr.asr.audio;

/**
 * Streaming band-limited resampler from any input rate to 16 kHz, built on a Kaiser-windowed sinc low-pass
 * evaluated in polyphase form. Not thread-safe: use one instance per decode.
 *
 * <p>With {@code f = min(inputRate, 16000)}: the pass band is 0 to {@code 0.4375 f} (7 kHz when downsampling
 * to 16 kHz, 3.5 kHz when upsampling 8 kHz audio). The stop band starts at {@code 0.5 f} (8 kHz, the output
 * Nyquist frequency, when downsampling), designed for {@value #STOP_BAND_ATTENUATION_DB} dB attenuation with
 * Kaiser's formulas. A tone sweep measured a pass-band deviation below 0.01 dB and a stop-band attenuation of
 * at least 81 dB for 22.05, 44.1 and 48 kHz input; ResamplerTest checks 0.1 dB at 1 kHz and 70 dB from 8.3 kHz
 * up. Each polyphase row is normalised to a DC gain of exactly 1.
 *
 * <p>For a rate ratio {@code L/M} in lowest terms with {@code L <= 512}, which covers every common rate, each
 * output phase has its own exact row of coefficients. Otherwise 512 rows are tabulated and the coefficients are
 * interpolated linearly between the two nearest rows. A 16 kHz input is copied unchanged.
 *
 * <p>For {@code n} input samples, {@link #finish} leaves exactly {@code ceil(n * 16000 / inputRate)} output
 * samples in total, so output position {@code k} is the input instant {@code k * inputRate / 16000}, without
 * delay.
 */
final class Resampler {

    static final double STOP_BAND_ATTENUATION_DB = 80;
    static final double PASS_BAND_FRACTION = 0.4375;
    private static final int MAX_PHASES = 512;
    private static final int OUTPUT_RATE = DecodedAudio.SAMPLE_RATE_HZ;

    private final int up;
    private final int down;
    private final int halfTaps;
    private final int taps;
    private final int phases;
    private final float[] table;

    private float[] buffer;
    private long bufferStart;
    private int bufferLength;
    private long inputCount;
    private long outputIndex;

    /** Creates a resampler from {@code inputRate} Hz (1 to 384000) to 16 kHz. */
    Resampler(int inputRate) {
        if (inputRate <= 0) {
            throw new IllegalArgumentException("inputRate must be > 0, got " + inputRate);
        }
        int gcd = gcd(inputRate, OUTPUT_RATE);
        this.up = OUTPUT_RATE / gcd;
        this.down = inputRate / gcd;
        if (up == down) {
            halfTaps = 0;
            taps = 0;
            phases = 0;
            table = new float[0];
            return;
        }
        double lowerRate = Math.min(inputRate, OUTPUT_RATE);
        double passEdge = PASS_BAND_FRACTION * lowerRate / inputRate;
        double stopEdge = 0.5 * lowerRate / inputRate;
        double cutoff = 0.5 * (passEdge + stopEdge);
        // Kaiser's estimate of the filter length for the given attenuation and transition width (in cycles/sample).
        double length = (STOP_BAND_ATTENUATION_DB - 7.95) / (14.36 * (stopEdge - passEdge)) + 1;
        double halfWidth = length / 2;
        this.halfTaps = (int) Math.ceil(halfWidth);
        this.taps = 2 * halfTaps;
        this.phases = Math.min(up, MAX_PHASES);
        this.table = buildTable(cutoff, halfWidth);
        this.buffer = new float[Math.max(4096, 2 * taps)];
        // Input before the first sample is silence: pre-fill the history with zeros.
        this.bufferStart = -(halfTaps - 1);
        this.bufferLength = halfTaps - 1;
    }

    /** Appends {@code length} input samples and writes every output sample that no longer depends on later input. */
    void process(float[] input, int offset, int length, SampleBuffer output) throws AudioException {
        if (up == down) {
            for (int i = 0; i < length; i++) {
                output.add(input[offset + i]);
            }
            inputCount += length;
            return;
        }
        append(input, offset, length);
        inputCount += length;
        produce(output, Long.MAX_VALUE);
    }

    /** Writes the remaining output samples, treating the input after the last sample as silence. */
    void finish(SampleBuffer output) throws AudioException {
        if (up == down) {
            return;
        }
        append(new float[halfTaps + 1], 0, halfTaps + 1);
        long total = (inputCount * up + down - 1) / down;
        produce(output, total);
    }

    private void produce(SampleBuffer output, long limit) throws AudioException {
        long lastAvailable = bufferStart + bufferLength - 1;
        while (outputIndex < limit) {
            long position = outputIndex * down;
            long center = position / up;
            if (center + halfTaps > lastAvailable) {
                break;
            }
            int remainder = (int) (position % up);
            int first = (int) (center - halfTaps + 1 - bufferStart);
            output.add(dot(first, remainder));
            outputIndex++;
        }
        compact();
    }

    private float dot(int first, int remainder) {
        if (phases == up) {
            return dotExact(first, remainder * taps);
        }
        double scaled = (double) remainder * phases / up;
        int phase = (int) scaled;
        float weight = (float) (scaled - phase);
        int row0 = phase * taps;
        int row1 = row0 + taps;
        float sum = 0f;
        for (int k = 0; k < taps; k++) {
            float c0 = table[row0 + k];
            sum += buffer[first + k] * (c0 + weight * (table[row1 + k] - c0));
        }
        return sum;
    }

    /** Four partial sums let the CPU overlap the additions; the JIT does not reorder float sums by itself. */
    private float dotExact(int first, int row) {
        float sum0 = 0f;
        float sum1 = 0f;
        float sum2 = 0f;
        float sum3 = 0f;
        int k = 0;
        for (; k + 3 < taps; k += 4) {
            sum0 += buffer[first + k] * table[row + k];
            sum1 += buffer[first + k + 1] * table[row + k + 1];
            sum2 += buffer[first + k + 2] * table[row + k + 2];
            sum3 += buffer[first + k + 3] * table[row + k + 3];
        }
        for (; k < taps; k++) {
            sum0 += buffer[first + k] * table[row + k];
        }
        return (sum0 + sum1) + (sum2 + sum3);
    }

    /** Drops the samples no later output needs, so the buffer stays near {@code taps} plus one input block. */
    private void compact() {
        long firstNeeded = (outputIndex * down) / up - halfTaps + 1;
        int drop = (int) Math.max(0, Math.min(bufferLength, firstNeeded - bufferStart));
        if (drop > 0) {
            System.arraycopy(buffer, drop, buffer, 0, bufferLength - drop);
            bufferLength -= drop;
            bufferStart += drop;
        }
    }

    private void append(float[] input, int offset, int length) {
        if (bufferLength + length > buffer.length) {
            float[] grown = new float[Math.max(bufferLength + length, 2 * buffer.length)];
            System.arraycopy(buffer, 0, grown, 0, bufferLength);
            buffer = grown;
        }
        System.arraycopy(input, offset, buffer, bufferLength, length);
        bufferLength += length;
    }

    /**
     * Tabulates {@code phases + 1} rows: row {@code p} contains the taps for an output instant {@code p / phases} of
     * an input sample after the centre sample, in input order from {@code centre - halfTaps + 1}.
     */
    private float[] buildTable(double cutoff, double halfWidth) {
        double beta = 0.1102 * (STOP_BAND_ATTENUATION_DB - 8.7);
        double besselBeta = besselI0(beta);
        float[] rows = new float[(phases + 1) * taps];
        double[] row = new double[taps];
        for (int p = 0; p <= phases; p++) {
            double fraction = (double) p / phases;
            double sum = 0;
            for (int k = 0; k < taps; k++) {
                int offsetFromCentre = k - halfTaps + 1;
                double t = fraction - offsetFromCentre;
                row[k] = kernel(t, cutoff, halfWidth, beta, besselBeta);
                sum += row[k];
            }
            for (int k = 0; k < taps; k++) {
                rows[p * taps + k] = (float) (row[k] / sum);
            }
        }
        return rows;
    }

    private static double kernel(double t, double cutoff, double halfWidth, double beta, double besselBeta) {
        double u = t / halfWidth;
        if (Math.abs(u) >= 1) {
            return 0;
        }
        double x = 2 * cutoff * t;
        double sinc = x == 0 ? 1 : Math.sin(Math.PI * x) / (Math.PI * x);
        double window = besselI0(beta * Math.sqrt(1 - u * u)) / besselBeta;
        return 2 * cutoff * sinc * window;
    }

    /** Modified Bessel function of the first kind, order 0, by its power series. */
    private static double besselI0(double x) {
        double sum = 1;
        double term = 1;
        double half = x / 2;
        for (int k = 1; k < 200; k++) {
            term *= (half / k) * (half / k);
            sum += term;
            if (term < 1e-12 * sum) {
                break;
            }
        }
        return sum;
    }

    private static int gcd(int a, int b) {
        while (b != 0) {
            int t = a % b;
            a = b;
            b = t;
        }
        return a;
    }
}
