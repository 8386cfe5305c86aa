package io.lightningasr.asr.audio;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** Loads the compressed fixtures that src/test/resources/audio/make_fixtures.sh generates. */
final class Fixtures {

    static final String[] ALL = {
        "tone1000_44100_stereo.mp3", "tone440_8000_mono.mp3", "tone2000_16000_mono.flac",
        "tone1500_22050_mono.ogg", "tone1000_48000_stereo.opus", "tone3000_44100_mono.m4a",
        "tone1000_48000_mono.webm", "tone1000_16000_mono_adpcm.wav", "tone500_44100_mono_5s.mp3"};

    private Fixtures() {
    }

    static byte[] load(String name) {
        try (InputStream in = Fixtures.class.getResourceAsStream("/audio/" + name)) {
            if (in == null) {
                throw new IllegalStateException("test fixture /audio/" + name + " not found; run make_fixtures.sh");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
