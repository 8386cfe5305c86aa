package io.lightningasr.asr.audio;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
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

    @ParameterizedTest(name = "text {index}")
    @CsvSource({"''", "'{\"audio\": \"base64\"}'", "'<html><body>no</body></html>'", "'ID3'"})
    void textIsUnknown(String text) {
        assertEquals(AudioFormat.UNKNOWN, AudioDecoder.sniff(text.getBytes(StandardCharsets.UTF_8)));
    }
}
