package io.lightningasr.asr.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/** Decodes every recording in the repository's samples/ directory, which the server's users try first. */
class BundledSamplesTest {

    private static final Path SAMPLES = Path.of("..", "samples");
    private static final Pattern NAMED_LAYOUT = Pattern.compile("-(\\d{1,3})k(\\d?)-(mono|stereo)\\.");
    private static final List<String> AUDIO_EXTENSIONS = List.of(".wav", ".mp3", ".flac", ".ogg", ".opus", ".m4a",
            ".webm");

    @Test
    void everySampleDecodesToSpeechLength() throws IOException, AudioException {
        List<Path> files = audioFiles();
        Assumptions.assumeFalse(files.isEmpty(), "no audio files in " + SAMPLES.toAbsolutePath());
        AudioDecoder decoder = new AudioDecoder(new AudioLimits(600));

        for (Path file : files) {
            DecodedAudio audio = decoder.decode(Files.readAllBytes(file));

            double seconds = audio.durationSeconds();
            assertTrue(seconds >= 0.3, file + " decodes to only " + seconds + " s");
            assertTrue(seconds <= 120, file + " decodes to " + seconds + " s");
            assertTrue(Signals.rms(audio.samples()) > 1e-3, file + " decodes to silence");
            assertEquals(expectedFormat(file), audio.format(), file.toString());
            checkNamedRateAndChannels(file, audio);
        }
    }

    /** Checks names like {@code en-44k1-stereo.mp3}, which state the source rate and channel layout. */
    private static void checkNamedRateAndChannels(Path file, DecodedAudio audio) {
        Matcher matcher = NAMED_LAYOUT.matcher(file.getFileName().toString());
        if (!matcher.find()) {
            return;
        }
        int kilohertz = Integer.parseInt(matcher.group(1));
        int hundreds = matcher.group(2).isEmpty() ? 0 : Integer.parseInt(matcher.group(2));
        int expectedRate = kilohertz * 1000 + hundreds * 100;
        // "44k1" means 44100 Hz. Names with two decimals, such as "22k05", do not match and are not checked.
        assertEquals(expectedRate, audio.sourceSampleRateHz(), file.toString());
        assertEquals(matcher.group(3).equals("mono") ? 1 : 2, audio.sourceChannels(), file.toString());
    }

    private static List<Path> audioFiles() throws IOException {
        if (!Files.isDirectory(SAMPLES)) {
            return List.of();
        }
        try (Stream<Path> paths = Files.list(SAMPLES)) {
            return paths.filter(path -> AUDIO_EXTENSIONS.contains(extension(path))).sorted().toList();
        }
    }

    private static AudioFormat expectedFormat(Path file) {
        return switch (extension(file)) {
            case ".wav" -> AudioFormat.WAV;
            case ".mp3" -> AudioFormat.MP3;
            case ".flac" -> AudioFormat.FLAC;
            case ".ogg", ".opus" -> AudioFormat.OGG;
            case ".m4a" -> AudioFormat.M4A;
            default -> AudioFormat.WEBM;
        };
    }

    private static String extension(Path path) {
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot);
    }
}
