package io.lightningasr.gateway.http;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.HexFormat;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

class FormatSnifferTest {

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            "524946462400000057415645666d7420, wav",
            "494433040000000000, mp3",
            "fffb9064000000000000, mp3",
            "0000000000fffb906400000000, mp3",
            "664c6143000000220000, flac",
            "4f676753000200000000, ogg",
            "00000020667479706973366d, m4a",
            "1a45dfa3a34286810142, webm",
            "fff15080000000000000, none",
            "464f524d00000000414946460000, none",
            "89504e470d0a1a0a0000, none",
            "89504e470d0a1a0afffb9064, none",
            "7b2275726c223a202268, none",
            "48656c6c6f20776f726c, none",
            "504b0304140000000800, none",
            "ffd8ffe000104a464946, none",
            "25504446, none",
            "52494646240000004156492000000000, none",
            "fff0, none",
            "'', none",
    })
    void sniffsFormats(String hex, String expected) {
        byte[] data = HexFormat.of().parseHex(hex);

        Optional<String> format = FormatSniffer.sniff(data, 0, data.length);

        assertEquals(expected, format.orElse("none"));
    }
}
