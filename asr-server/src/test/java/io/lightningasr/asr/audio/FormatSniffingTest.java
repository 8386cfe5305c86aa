package io.lightningasr.asr.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatSniffingTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
        // RIFF/RF64/BW64 WAVE
        "52494646240000005741564566, WAV",
        "52463634ffffffff5741564564, WAV",
        "42573634ffffffff5741564564, WAV",
        // RIFF without WAVE (AVI)
        "524946462400000041564920, UNKNOWN",
        // ID3v2.4 tag, then MPEG-1 layer III frame
        "49443304000000000000fffb9064, MP3",
        // MPEG-1 layer III 128 kb/s 44.1 kHz; MPEG-2 layer III; MPEG-2.5 layer III
        "fffb9064, MP3", "fff39064, MP3", "ffe31864, MP3",
        // ID3 tag followed by fLaC
        "4944330300000000000461414141664c6143, FLAC",
        "664c614300000022, FLAC",
        "4f67675300020000, OGG",
        "0000001c667479704d344120, M4A",
        "000000206674797069736f6d, M4A",
        "1a45dfa3a3428681, WEBM",
        // PNG, JSON, plain text, GIF, PDF
        "89504e470d0a1a0a, UNKNOWN", "7b2261223a317d, UNKNOWN", "68656c6c6f20776f726c64, UNKNOWN",
        "4749463839610100, UNKNOWN", "255044462d312e34, UNKNOWN",
        // 0xFF followed by non-sync bits, reserved version, reserved layer (ADTS AAC), bad bitrate, bad rate
        "ff00ff00, UNKNOWN", "ffeb9064, UNKNOWN", "fff15080, UNKNOWN", "fffbf064, UNKNOWN",
        "fffb9c64, UNKNOWN", "fffb9066, UNKNOWN",
        // too short, ID3 with an invalid size byte, Ogg with a non-zero version
        "fffb, UNKNOWN", "4944330400000000ff00fffb9064, UNKNOWN", "4f67675301020000, UNKNOWN"})
    void signatureSelectsFormat(String hex, AudioFormat expected) {
        assertEquals(expected, AudioDecoder.sniff(HexFormat.of().parseHex(hex)));
    }

    @Test
    void mp3FramesBehindJunkAreFound() throws AudioException {
        byte[] mp3 = Fixtures.load("tone440_8000_mono.mp3");
        int firstFrame = firstFrameOffset(mp3);
        byte[] padded = new byte[300 + mp3.length - firstFrame];
        System.arraycopy(mp3, firstFrame, padded, 300, mp3.length - firstFrame);

        assertEquals(AudioFormat.MP3, AudioDecoder.sniff(padded));
        DecodedAudio audio = new AudioDecoder(new AudioLimits(10)).decode(padded);
        // Without the leading Xing frame FFmpeg cannot trim the encoder delay and padding.
        assertEquals(1.0, audio.durationSeconds(), 0.2);
    }

    @Test
    void singleFrameHeaderBehindJunkIsUnknown() {
        byte[] bytes = new byte[600];
        System.arraycopy(HexFormat.of().parseHex("fffb9064"), 0, bytes, 100, 4);

        assertEquals(AudioFormat.UNKNOWN, AudioDecoder.sniff(bytes));
    }

    @Test
    void randomBytesAreUnknown() {
        Random random = new Random(3);
        for (int i = 0; i < 300; i++) {
            byte[] bytes = new byte[4200];
            random.nextBytes(bytes);

            assertEquals(AudioFormat.UNKNOWN, AudioDecoder.sniff(bytes), "random block " + i);
        }
    }

    private static int firstFrameOffset(byte[] mp3) {
        for (int offset = 0; offset < mp3.length - 4; offset++) {
            if (FormatSniffer.isMpegAudioFrameHeader(mp3, offset)
                    && FormatSniffer.isMpegAudioFrameHeader(mp3, offset + FormatSniffer.mpegFrameLength(mp3, offset))) {
                return offset;
            }
        }
        throw new IllegalStateException("no MPEG frame pair in the fixture");
    }

    @ParameterizedTest(name = "text {index}")
    @CsvSource({"''", "'{\"audio\": \"base64\"}'", "'<html><body>no</body></html>'", "'ID3'"})
    void textIsUnknown(String text) {
        assertEquals(AudioFormat.UNKNOWN, AudioDecoder.sniff(text.getBytes(StandardCharsets.UTF_8)));
    }
}
