package io.lightningasr.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Recognizes audio containers from their first bytes, so obvious non-audio is rejected before it takes a pod's
 * slot. Only the magic bytes are checked; the pod still decodes and may reject a damaged file.
 */
public final class FormatSniffer {
    /** Formats reported in UNSUPPORTED_FORMAT responses. */
    public static final List<String> SUPPORTED_FORMATS =
            List.of("wav", "mp3", "flac", "ogg", "opus", "m4a", "mp4", "aac", "webm", "mkv", "aiff");

    private FormatSniffer() {
    }

    /** Returns the container name, or empty when the bytes do not start like a supported audio file. */
    public static Optional<String> sniff(byte[] data, int offset, int length) {
        if (length >= 12 && ascii(data, offset, "RIFF") && ascii(data, offset + 8, "WAVE")) {
            return Optional.of("wav");
        }
        if (length >= 12 && ascii(data, offset, "RF64") && ascii(data, offset + 8, "WAVE")) {
            return Optional.of("wav");
        }
        if (length >= 12 && ascii(data, offset, "FORM")
                && (ascii(data, offset + 8, "AIFF") || ascii(data, offset + 8, "AIFC"))) {
            return Optional.of("aiff");
        }
        if (length >= 4 && ascii(data, offset, "fLaC")) {
            return Optional.of("flac");
        }
        if (length >= 4 && ascii(data, offset, "OggS")) {
            return Optional.of("ogg");
        }
        if (length >= 3 && ascii(data, offset, "ID3")) {
            return Optional.of("mp3");
        }
        if (length >= 12 && ascii(data, offset + 4, "ftyp")) {
            return Optional.of("mp4");
        }
        if (length >= 4 && (data[offset] & 0xff) == 0x1a && (data[offset + 1] & 0xff) == 0x45
                && (data[offset + 2] & 0xff) == 0xdf && (data[offset + 3] & 0xff) == 0xa3) {
            return Optional.of("webm");
        }
        if (length >= 2 && isMpegFrameSync(data[offset], data[offset + 1])) {
            return Optional.of((data[offset + 1] & 0x06) == 0 ? "aac" : "mp3");
        }
        return Optional.empty();
    }

    /** 11 set sync bits, a non-reserved MPEG version (or ADTS), as MP3 frames and AAC ADTS headers start. */
    private static boolean isMpegFrameSync(byte first, byte second) {
        int b1 = second & 0xff;
        return (first & 0xff) == 0xff && (b1 & 0xe0) == 0xe0 && (b1 & 0x18) != 0x08;
    }

    private static boolean ascii(byte[] data, int offset, String magic) {
        byte[] expected = magic.getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < expected.length; i++) {
            if (data[offset + i] != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
