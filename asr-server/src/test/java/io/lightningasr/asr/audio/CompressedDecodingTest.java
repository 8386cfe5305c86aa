package io.lightningasr.asr.audio;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightningasr.asr.audio.AudioException.Reason;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CompressedDecodingTest {

    private static final AudioDecoder DECODER = new AudioDecoder(new AudioLimits(60));

    @ParameterizedTest(name = "{0}")
    @CsvSource({
        "tone1000_44100_stereo.mp3, MP3, 1000, 44100, 2, 1.5",
        "tone440_8000_mono.mp3, MP3, 440, 8000, 1, 1.0",
        "tone2000_16000_mono.flac, FLAC, 2000, 16000, 1, 0.5",
        "tone1500_22050_mono.ogg, OGG, 1500, 22050, 1, 1.0",
        "tone1000_48000_stereo.opus, OGG, 1000, 48000, 2, 1.0",
        "tone3000_44100_mono.m4a, M4A, 3000, 44100, 1, 1.0",
        "tone1000_48000_mono.webm, WEBM, 1000, 48000, 1, 1.0",
        "tone1000_16000_mono_adpcm.wav, WAV, 1000, 16000, 1, 0.5"})
    void fixtureDecodesToItsToneRateAndDuration(String file, AudioFormat format, int frequency, int rate,
                                                int channels, double seconds) throws AudioException {
        DecodedAudio audio = DECODER.decode(Fixtures.load(file));

        assertEquals(format, audio.format());
        assertEquals(rate, audio.sourceSampleRateHz());
        assertEquals(channels, audio.sourceChannels());
        // Encoders pad to whole frames; MP3 without a gapless header keeps its padding, so allow 60 ms.
        assertEquals(seconds, audio.durationSeconds(), 0.06);
        assertEquals(frequency, Signals.zeroCrossingFrequency(audio.samples()), frequency * 0.01);
        double amplitude = Signals.amplitudeAt(audio.samples(), frequency);
        assertTrue(amplitude > 0.5 * 0.7, "tone amplitude " + amplitude);
        assertTrue(amplitude < 0.5 * 1.3, "tone amplitude " + amplitude);
    }

    @Test
    void nativeLibrariesLoadAtStartUp() {
        assertDoesNotThrow(AudioDecoder::loadNativeLibraries);
    }

    @Test
    void durationLimitStopsCompressedDecoding() {
        AudioDecoder oneSecond = new AudioDecoder(new AudioLimits(1));

        AudioException error = assertThrows(AudioException.class,
                () -> oneSecond.decode(Fixtures.load("tone500_44100_mono_5s.mp3")));

        assertEquals(Reason.AUDIO_TOO_LONG, error.reason());
    }

    @Test
    void longSilenceFlacStopsAtLimit() {
        byte[] flac = Fixtures.load("silence_8000_mono_7300s.flac");
        AudioDecoder thirtySeconds = new AudioDecoder(new AudioLimits(30));

        AudioException error = assertThrows(AudioException.class, () -> thirtySeconds.decode(flac));

        assertTrue(flac.length < 32 * 1024, "fixture size " + flac.length);
        assertEquals(Reason.AUDIO_TOO_LONG, error.reason());
    }

    @Test
    void durationLimitAcceptsAudioJustBelowIt() throws AudioException {
        AudioDecoder sixSeconds = new AudioDecoder(new AudioLimits(6));

        DecodedAudio audio = sixSeconds.decode(Fixtures.load("tone500_44100_mono_5s.mp3"));

        assertEquals(5.0, audio.durationSeconds(), 0.06);
    }

    @Test
    void containerWithoutAudioIsInvalid() {
        byte[] mp4Header = new byte[64];
        byte[] ftyp = {0, 0, 0, 24, 'f', 't', 'y', 'p', 'i', 's', 'o', 'm', 0, 0, 2, 0,
            'i', 's', 'o', 'm', 'm', 'p', '4', '1'};
        System.arraycopy(ftyp, 0, mp4Header, 0, ftyp.length);

        AudioException error = assertThrows(AudioException.class, () -> DECODER.decode(mp4Header));

        assertEquals(Reason.INVALID_AUDIO, error.reason());
    }

    @Test
    void corruptFlacReportsFfmpegErrorText() {
        byte[] flac = Fixtures.load("tone2000_16000_mono.flac");
        byte[] headerOnly = Arrays.copyOf(flac, 8);

        AudioException error = assertThrows(AudioException.class, () -> DECODER.decode(headerOnly));

        assertEquals(Reason.INVALID_AUDIO, error.reason());
        assertTrue(error.getMessage().startsWith("could not "), error.getMessage());
    }

    @Test
    void unknownBytesAreUnsupported() {
        byte[] png = {(byte) 0x89, 'P', 'N', 'G', 13, 10, 26, 10, 0, 0, 0, 13};

        AudioException error = assertThrows(AudioException.class, () -> DECODER.decode(png));

        assertEquals(Reason.UNSUPPORTED_FORMAT, error.reason());
        assertTrue(error.getMessage().contains("wav"), error.getMessage());
    }

    @Test
    void emptyInputIsInvalid() {
        AudioException error = assertThrows(AudioException.class, () -> DECODER.decode(new byte[0]));

        assertEquals(Reason.INVALID_AUDIO, error.reason());
    }

    @Test
    void parallelVirtualThreadDecodesAgree() throws Exception {
        List<float[]> expected = new ArrayList<>();
        for (String file : Fixtures.ALL) {
            expected.add(DECODER.decode(Fixtures.load(file)).samples());
        }
        // Helidon runs request handlers on virtual threads, so FFmpeg's read callbacks run on them too.
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<float[]>> results = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (String file : Fixtures.ALL) {
                    results.add(pool.submit(() -> DECODER.decode(Fixtures.load(file)).samples()));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertArrayEquals(expected.get(i % Fixtures.ALL.length), results.get(i).get(60, TimeUnit.SECONDS),
                        Fixtures.ALL[i % Fixtures.ALL.length]);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}
