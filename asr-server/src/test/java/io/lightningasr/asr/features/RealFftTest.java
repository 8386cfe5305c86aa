package io.lightningasr.asr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RealFftTest {

    @ParameterizedTest
    @ValueSource(ints = {4, 8, 64, 512})
    void powerSpectrumMatchesDirectDft(int size) {
        Random random = new Random(size);
        double[] input = new double[size];
        for (int i = 0; i < size; i++) {
            input[i] = random.nextGaussian();
        }
        RealFft fft = new RealFft(size);
        double[] power = new double[fft.bins()];

        fft.powerSpectrum(input, new double[size / 2], new double[size / 2], power);

        for (int k = 0; k <= size / 2; k++) {
            double re = 0;
            double im = 0;
            for (int n = 0; n < size; n++) {
                re += input[n] * Math.cos(2 * Math.PI * k * n / size);
                im -= input[n] * Math.sin(2 * Math.PI * k * n / size);
            }
            double expected = re * re + im * im;
            assertEquals(expected, power[k], 1e-9 * Math.max(1.0, expected), "bin " + k);
        }
    }

    @Test
    void pureToneLandsInItsBin() {
        RealFft fft = new RealFft(512);
        double[] input = new double[512];
        for (int n = 0; n < 512; n++) {
            input[n] = Math.cos(2 * Math.PI * 32 * n / 512);
        }
        double[] power = new double[257];

        fft.powerSpectrum(input, new double[256], new double[256], power);

        assertEquals(256.0 * 256.0, power[32], 1e-6);
        assertEquals(0.0, power[31], 1e-9);
        assertEquals(0.0, power[0], 1e-9);
    }

    @Test
    void sizeMustBePowerOfTwo() {
        assertThrows(IllegalArgumentException.class, () -> new RealFft(400));
    }
}
