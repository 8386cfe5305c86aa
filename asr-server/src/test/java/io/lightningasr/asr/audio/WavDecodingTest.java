package io.lightningasr.asr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightningasr.asr.audio.AudioException.Reason;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WavDecodingTest {

    private static final AudioDecoder DECODER = new AudioDecoder(new AudioLimits(60));

    private static TestWav toneWav(int rate, int channels, double seconds) {
        TestWav wav = new TestWav();
        wav.sampleRate = rate;
        wav.channels = channels;
        float[] tone = Signals.sine(1000, rate, (int) Math.round(seconds * rate), 0.5);
        float[][] perChannel = new float[channels][];
        Arrays.fill(perChannel, tone);
        return wav.samples(TestWav.interleave(perChannel));
    }

    @Test
    void pcm16At16kHzIsDecodedSampleExact() throws AudioException {
        float[] tone = Signals.sine(440, 16_000, 8000, 0.5);
        TestWav wav = new TestWav().samples(tone);

        DecodedAudio audio = DECODER.decode(wav.build());

        assertEquals(AudioFormat.WAV, audio.format());
        assertEquals(16_000, audio.sourceSampleRateHz());
        assertEquals(1, audio.sourceChannels());
        assertEquals(tone.length, audio.samples().length);
        for (int i = 0; i < tone.length; i++) {
            assertEquals(tone[i], audio.samples()[i], 1.0 / 32768, "sample " + i);
        }
    }

    @ParameterizedTest(name = "tag {0}, {1} bits, sub-format {2}")
    @CsvSource({
        "1, 8, 0, 0.02", "1, 16, 0, 0.001", "1, 24, 0, 0.001", "1, 32, 0, 0.001",
        "3, 32, 0, 0.001", "3, 64, 0, 0.001", "7, 8, 0, 0.02", "6, 8, 0, 0.02",
        "65534, 16, 1, 0.001", "65534, 24, 1, 0.001", "65534, 32, 3, 0.001", "65534, 8, 7, 0.02"})
    void everySampleEncodingKeepsToneAmplitude(int tag, int bits, int subFormat, double tolerance)
            throws AudioException {
        TestWav wav = new TestWav();
        wav.formatTag = tag;
        wav.subFormat = subFormat;
        wav.bitsPerSample = bits;
        wav.samples(Signals.sine(440, 16_000, 16_000, 0.5));

        DecodedAudio audio = DECODER.decode(wav.build());

        assertEquals(16_000, audio.samples().length);
        assertEquals(0.5, Signals.amplitudeAt(audio.samples(), 440), tolerance);
        assertTrue(Signals.amplitudeAt(audio.samples(), 1000) < 0.01, "no energy at 1 kHz");
    }

    @Test
    void eightBitPcmIsUnsigned() throws AudioException {
        TestWav wav = new TestWav();
        wav.bitsPerSample = 8;
        wav.data = new byte[] {(byte) 128, (byte) 255, 0, (byte) 128};

        float[] samples = DECODER.decode(wav.build()).samples();

        assertEquals(0f, samples[0]);
        assertEquals(127 / 128f, samples[1], 1e-6);
        assertEquals(-1f, samples[2]);
    }

    @Test
    void stereo44100IsAveragedAndResampled() throws AudioException {
        TestWav wav = new TestWav();
        wav.sampleRate = 44_100;
        wav.channels = 2;
        float[] left = Signals.sine(1000, 44_100, 44_100, 0.5);
        wav.samples(TestWav.interleave(left, new float[left.length]));

        DecodedAudio audio = DECODER.decode(wav.build());

        assertEquals(44_100, audio.sourceSampleRateHz());
        assertEquals(2, audio.sourceChannels());
        assertEquals(16_000, audio.samples().length, 1);
        assertEquals(0.25, Signals.amplitudeAt(audio.samples(), 1000), 0.25 * 0.06);
        assertEquals(1000, Signals.zeroCrossingFrequency(audio.samples()), 5);
    }

    @Test
    void stereo8000IsUpsampledToTwiceTheLength() throws AudioException {
        DecodedAudio audio = DECODER.decode(toneWav(8_000, 2, 1.5).build());

        assertEquals(8_000, audio.sourceSampleRateHz());
        assertEquals(2, audio.sourceChannels());
        assertEquals(24_000, audio.samples().length, 1);
        assertEquals(1.5, audio.durationSeconds(), 0.001);
        assertEquals(0.5, Signals.amplitudeAt(audio.samples(), 1000), 0.5 * 0.06);
    }

    @Test
    void sixChannelsAreAveraged() throws AudioException {
        TestWav wav = new TestWav();
        wav.channels = 6;
        float[] tone = Signals.sine(440, 16_000, 16_000, 0.6);
        float[] silence = new float[tone.length];
        wav.samples(TestWav.interleave(tone, silence, silence, tone, silence, silence));

        DecodedAudio audio = DECODER.decode(wav.build());

        assertEquals(6, audio.sourceChannels());
        assertEquals(0.2, Signals.amplitudeAt(audio.samples(), 440), 0.001);
    }

    @Test
    void extraChunksAndPadBytesAreSkipped() throws AudioException {
        TestWav plain = toneWav(16_000, 1, 0.5);
        TestWav decorated = toneWav(16_000, 1, 0.5);
        decorated.chunksBeforeFmt.add(TestWav.chunk("JUNK", 28));
        decorated.chunksBeforeData.add(TestWav.chunk("LIST", 33));
        decorated.chunksBeforeData.add(TestWav.chunk("fact", 4));
        decorated.chunksBeforeData.add(TestWav.chunk("bext", 601));
        decorated.chunksAfterData.add(TestWav.chunk("id3 ", 17));

        float[] expected = DECODER.decode(plain.build()).samples();
        float[] actual = DECODER.decode(decorated.build()).samples();

        assertArrayEquals(expected, actual);
    }

    @ParameterizedTest(name = "RIFF size {0}, data size {1}")
    @CsvSource({"0, 0", "4294967295, 4294967295", "0, 4294967295", "4294967295, 0", "36, 0"})
    void streamedSizeFieldsReadToTheEnd(long riffSize, long dataSize) throws AudioException {
        TestWav wav = toneWav(16_000, 1, 0.25);
        wav.riffSizeField = riffSize;
        wav.dataSizeField = dataSize;

        DecodedAudio audio = DECODER.decode(wav.build());

        assertEquals(4000, audio.samples().length);
    }

    @Test
    void rf64DataSizeComesFromDs64() throws AudioException {
        for (String id : new String[] {"RF64", "BW64"}) {
            TestWav wav = toneWav(16_000, 1, 0.25);
            wav.riffId = id;
            wav.riffSizeField = 0xFFFFFFFFL;
            wav.dataSizeField = 0xFFFFFFFFL;
            wav.ds64DataSize = 2000L * 2;
            wav.chunksAfterData.add(TestWav.chunk("LIST", 40));

            DecodedAudio audio = DECODER.decode(wav.build());

            assertEquals(2000, audio.samples().length, id);
        }
    }

    @Test
    void truncatedDataDecodesTheWholeFramesPresent() throws AudioException {
        TestWav wav = toneWav(16_000, 2, 0.5);
        wav.dataSizeField = 10_000_000L;
        wav.data = Arrays.copyOf(wav.data, 4 * 1000 + 3);

        DecodedAudio audio = DECODER.decode(wav.build());

        assertEquals(1000, audio.samples().length);
    }

    @Test
    void headerWithoutSamplesIsInvalid() {
        TestWav empty = new TestWav();
        TestWav partialFrame = new TestWav();
        partialFrame.channels = 2;
        partialFrame.data = new byte[3];

        assertInvalid(empty.build(), "no whole audio frame");
        assertInvalid(partialFrame.build(), "no whole audio frame");
    }

    @Test
    void absurdHeadersAreInvalidWithTheFieldNamed() {
        TestWav noChannels = toneWav(16_000, 1, 0.1);
        noChannels.channels = 0;
        noChannels.blockAlign = 2;
        TestWav zeroRate = toneWav(16_000, 1, 0.1);
        zeroRate.sampleRate = 0;
        TestWav hugeRate = toneWav(16_000, 1, 0.1);
        hugeRate.sampleRate = 500_000;
        TestWav twelveBits = toneWav(16_000, 1, 0.1);
        twelveBits.bitsPerSample = 12;
        twelveBits.blockAlign = 2;
        TestWav sixteenBitFloat = toneWav(16_000, 1, 0.1);
        sixteenBitFloat.formatTag = TestWav.IEEE_FLOAT;
        TestWav wrongAlign = toneWav(16_000, 2, 0.1);
        wrongAlign.blockAlign = 3;
        TestWav noFormat = toneWav(16_000, 1, 0.1);
        noFormat.fmtChunk = false;

        assertInvalid(noChannels.build(), "channel count is 0");
        assertInvalid(zeroRate.build(), "sample rate 0 Hz");
        assertInvalid(hugeRate.build(), "sample rate 500000 Hz");
        assertInvalid(twelveBits.build(), "bits per sample 12");
        assertInvalid(sixteenBitFloat.build(), "IEEE_FLOAT bits per sample 16");
        assertInvalid(wrongAlign.build(), "block align 3");
        assertInvalid(noFormat.build(), "no 'fmt ' chunk");
    }

    @Test
    void truncatedHeaderIsInvalid() {
        byte[] wav = toneWav(16_000, 1, 0.1).build();

        assertInvalid(Arrays.copyOf(wav, 12), "no 'fmt ' chunk");
        assertInvalid(Arrays.copyOf(wav, 30), "runs past the end");
        assertInvalid(Arrays.copyOf(wav, 36), "no 'data' chunk");
    }

    @Test
    void durationLimitIsCheckedFromTheHeader() throws AudioException {
        AudioDecoder twoSeconds = new AudioDecoder(new AudioLimits(2));

        assertEquals(32_000, twoSeconds.decode(toneWav(16_000, 1, 2).build()).samples().length);
        AudioException tooLong = assertThrows(AudioException.class,
                () -> twoSeconds.decode(toneWav(44_100, 2, 2.01).build()));
        assertEquals(Reason.AUDIO_TOO_LONG, tooLong.reason());
    }

    @Test
    void floatSamplesAreClampedAndNaNIsSilenced() throws AudioException {
        TestWav wav = new TestWav();
        wav.formatTag = TestWav.IEEE_FLOAT;
        wav.bitsPerSample = 32;
        java.nio.ByteBuffer data = java.nio.ByteBuffer.allocate(12).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        data.putFloat(3f).putFloat(Float.NaN).putFloat(Float.NEGATIVE_INFINITY);
        wav.data = data.array();

        float[] samples = DECODER.decode(wav.build()).samples();

        assertArrayEquals(new float[] {1f, 0f, -1f}, samples);
    }

    private static void assertInvalid(byte[] bytes, String messagePart) {
        AudioException error = assertThrows(AudioException.class, () -> DECODER.decode(bytes));
        assertEquals(Reason.INVALID_AUDIO, error.reason(), error.getMessage());
        assertTrue(error.getMessage().contains(messagePart),
                "message '" + error.getMessage() + "' should contain '" + messagePart + "'");
    }
}
