package io.lightningasr.asr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ResamplerTest {

    private static float[] resample(float[] input, int rate) throws AudioException {
        Resampler resampler = new Resampler(rate);
        SampleBuffer output = new SampleBuffer(3600);
        resampler.process(input, 0, input.length, output);
        resampler.finish(output);
        return output.toArray();
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {8_000, 11_025, 22_050, 24_000, 32_000, 44_100, 44_099, 48_000, 96_000, 192_000})
    void oneKilohertzToneKeepsItsLevel(int rate) throws AudioException {
        float[] output = resample(Signals.sine(1000, rate, rate, 0.5), rate);

        double gainDb = Signals.decibels(Signals.amplitudeAt(output, 1000) / 0.5);

        assertTrue(Math.abs(gainDb) <= 0.1, "gain " + gainDb + " dB at " + rate + " Hz");
        assertEquals(1000, Signals.zeroCrossingFrequency(output), 2);
    }

    @ParameterizedTest(name = "{0} Hz tone")
    @ValueSource(ints = {8_300, 9_000, 12_000, 15_000, 20_000})
    void toneAboveEightKilohertzIsAttenuated(int frequency) throws AudioException {
        float[] input = Signals.sine(frequency, 44_100, 44_100, 0.5);

        float[] output = resample(input, 44_100);

        double attenuationDb = -Signals.decibels(Signals.rms(output) / Signals.rms(input));
        assertTrue(attenuationDb >= 70, frequency + " Hz attenuated by only " + attenuationDb + " dB");
    }

    @Test
    void imagesAboveFourKilohertzAreRemovedWhenUpsampling() throws AudioException {
        float[] input = Signals.sine(3000, 8_000, 8_000, 0.5);

        float[] output = resample(input, 8_000);

        double image = Signals.amplitudeAt(output, 5000);
        assertTrue(Signals.decibels(image / 0.5) <= -70, "image at 5 kHz: " + image);
    }

    @ParameterizedTest(name = "{0} Hz")
    @ValueSource(ints = {1_000, 8_000, 11_025, 16_000, 22_050, 44_100, 44_099, 48_000, 384_000})
    void outputLengthIsTheRoundedRateRatio(int rate) throws AudioException {
        for (int length : new int[] {1, 2, 3, 100, 12_345, rate}) {
            float[] output = resample(new float[length], rate);

            long expected = Math.round(length * 16_000.0 / rate);
            assertEquals(expected, output.length, 1, length + " samples at " + rate + " Hz");
        }
    }

    @Test
    void chunkedInputGivesTheSameOutput() throws AudioException {
        Random random = new Random(7);
        float[] input = new float[44_100];
        for (int i = 0; i < input.length; i++) {
            input[i] = (float) random.nextGaussian() * 0.1f;
        }
        Resampler chunked = new Resampler(44_100);
        SampleBuffer output = new SampleBuffer(10);
        int offset = 0;
        while (offset < input.length) {
            int length = Math.min(input.length - offset, 1 + random.nextInt(3000));
            chunked.process(input, offset, length, output);
            offset += length;
        }
        chunked.finish(output);

        assertArrayEquals(resample(input, 44_100), output.toArray());
    }

    @Test
    void sixteenKilohertzIsCopiedUnchanged() throws AudioException {
        float[] input = Signals.sine(7900, 16_000, 1000, 0.9);

        assertArrayEquals(input, resample(input, 16_000));
    }
}
