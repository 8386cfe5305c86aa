package io.lightningasr.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

/**
 * Recognizes audio containers from their first bytes, so obvious non-audio is rejected before it takes a pod's
 * slot. It accepts what the asr-server sniffer accepts (WAV, FLAC, Ogg, MP4/M4A, WebM/Matroska, MP3 with or
 * without an ID3 tag or leading junk) and rejects data that starts like an image, archive, document or text.
 * Only the first bytes are checked; the pod still decodes and may reject a damaged file.
 */
public final class FormatSniffer {
    /** Formats reported in UNSUPPORTED_FORMAT responses, the same list the ASR pods report. */
    public static final List<String> SUPPORTED_FORMATS = List.of("wav", "mp3", "flac", "ogg", "m4a", "webm");

    /** How far into the data an MPEG audio frame header is searched for, as the pod does for MP3 with junk. */
    private static final int MPEG_SEARCH_BYTES = 4096;

    private FormatSniffer() {
    }

    /** Returns the container name, or empty when the bytes do not start like a supported audio file. */
    public static Optional<String> sniff(byte[] data, int offset, int length) {
        if (length < 4) {
            return Optional.empty();
        }
        Optional<String> container = container(data, offset, length);
        if (container.isPresent()) {
            return container;
        }
        if (looksLikeOtherData(data, offset, length)) {
            return Optional.empty();
        }
        int end = offset + Math.min(length, MPEG_SEARCH_BYTES) - 3;
        for (int i = offset; i < end; i++) {
            if (isMpegAudioHeader(data, i)) {
                return Optional.of("mp3");
            }
        }
        return Optional.empty();
    }

    private static Optional<String> container(byte[] data, int offset, int length) {
        if (length >= 12 && (ascii(data, offset, "RIFF") || ascii(data, offset, "RF64"))
                && ascii(data, offset + 8, "WAVE")) {
            return Optional.of("wav");
        }
        if (ascii(data, offset, "fLaC")) {
            return Optional.of("flac");
        }
        if (length >= 5 && ascii(data, offset, "OggS") && data[offset + 4] == 0) {
            return Optional.of("ogg");
        }
        if (length >= 8 && ascii(data, offset + 4, "ftyp")) {
            return Optional.of("m4a");
        }
        if (bytes(data, offset, 0x1a, 0x45, 0xdf, 0xa3)) {
            return Optional.of("webm");
        }
        if (ascii(data, offset, "ID3")) {
            return Optional.of("mp3");
        }
        return Optional.empty();
    }

    /** Images, archives, documents, executables and text (JSON, XML, HTML, plain letters). */
    private static boolean looksLikeOtherData(byte[] data, int offset, int length) {
        if (bytes(data, offset, 0x89, 'P', 'N', 'G') || bytes(data, offset, 0xff, 0xd8, 0xff)
                || ascii(data, offset, "GIF8") || ascii(data, offset, "%PDF") || bytes(data, offset, 'P', 'K', 3, 4)
                || bytes(data, offset, 0x1f, 0x8b) || ascii(data, offset, "BZh") || bytes(data, offset, 0x7f, 'E', 'L', 'F')
                || bytes(data, offset, '7', 'z', 0xbc, 0xaf)) {
            return true;
        }
        int printable = 0;
        int sample = Math.min(length, 512);
        for (int i = offset; i < offset + sample; i++) {
            int b = data[i] & 0xff;
            if (b == '\t' || b == '\n' || b == '\r' || (b >= 0x20 && b < 0x7f)) {
                printable++;
            }
        }
        return printable == sample;
    }

    /** A valid MPEG-1/2/2.5 audio frame header: sync, known version and layer, real bitrate and sample rate. */
    private static boolean isMpegAudioHeader(byte[] data, int i) {
        int b1 = data[i + 1] & 0xff;
        int b2 = data[i + 2] & 0xff;
        boolean sync = (data[i] & 0xff) == 0xff && (b1 & 0xe0) == 0xe0;
        boolean version = (b1 & 0x18) != 0x08;
        boolean layer = (b1 & 0x06) != 0;
        int bitrateIndex = b2 >> 4;
        int sampleRateIndex = (b2 >> 2) & 0x03;
        return sync && version && layer && bitrateIndex != 0 && bitrateIndex != 15 && sampleRateIndex != 3;
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

    private static boolean bytes(byte[] data, int offset, int... expected) {
        for (int i = 0; i < expected.length; i++) {
            if ((data[offset + i] & 0xff) != expected[i]) {
                return false;
            }
        }
        return true;
    }
}
