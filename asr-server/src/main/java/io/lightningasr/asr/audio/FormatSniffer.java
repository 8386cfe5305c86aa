package io.lightningasr.asr.audio;

import java.nio.charset.StandardCharsets;

/** Detects the container format from the leading bytes of an upload, without trusting file names or content types. */
final class FormatSniffer {

    private static final int ID3_HEADER_BYTES = 10;
    private static final int MAX_JUNK_BYTES = 4096;
    /** Shorter than any frame with a bitrate, so free-format headers (bitrate index 0) never chain. */
    private static final int MIN_FRAME_BYTES = 24;
    // ISO/IEC 11172-3 and 13818-3 tables, indexed by the header's bitrate and sample-rate fields.
    private static final int[] MPEG1_LAYER1_KBPS =
        {0, 32, 64, 96, 128, 160, 192, 224, 256, 288, 320, 352, 384, 416, 448};
    private static final int[] MPEG1_LAYER2_KBPS = {0, 32, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320, 384};
    private static final int[] MPEG1_LAYER3_KBPS = {0, 32, 40, 48, 56, 64, 80, 96, 112, 128, 160, 192, 224, 256, 320};
    private static final int[] MPEG2_LAYER1_KBPS = {0, 32, 48, 56, 64, 80, 96, 112, 128, 144, 160, 176, 192, 224, 256};
    private static final int[] MPEG2_LAYER23_KBPS = {0, 8, 16, 24, 32, 40, 48, 56, 64, 80, 96, 112, 128, 144, 160};
    private static final int[] MPEG1_RATES = {44_100, 48_000, 32_000};
    private static final int[] MPEG2_RATES = {22_050, 24_000, 16_000};
    private static final int[] MPEG25_RATES = {11_025, 12_000, 8_000};

    private FormatSniffer() {
    }

    /**
     * Returns the format whose signature starts {@code bytes}, or {@link AudioFormat#UNKNOWN}. Reads the first
     * few bytes, the bytes after a leading ID3v2 tag, and for MP3 after junk at most the first 4 KiB plus one frame.
     */
    static AudioFormat sniff(byte[] bytes) {
        if (bytes == null || bytes.length < 4) {
            return AudioFormat.UNKNOWN;
        }
        if (isWave(bytes)) {
            return AudioFormat.WAV;
        }
        if (startsWith(bytes, 0, "fLaC")) {
            return AudioFormat.FLAC;
        }
        if (startsWith(bytes, 0, "OggS") && bytes.length > 4 && bytes[4] == 0) {
            return AudioFormat.OGG;
        }
        if (bytes.length >= 8 && startsWith(bytes, 4, "ftyp")) {
            return AudioFormat.M4A;
        }
        if ((bytes[0] & 0xFF) == 0x1A && (bytes[1] & 0xFF) == 0x45 && (bytes[2] & 0xFF) == 0xDF
                && (bytes[3] & 0xFF) == 0xA3) {
            return AudioFormat.WEBM;
        }
        if (isId3Tag(bytes)) {
            return sniffAfterId3(bytes);
        }
        if (isMpegAudioFrameHeader(bytes, 0) || hasMpegFramePairAfterJunk(bytes)) {
            return AudioFormat.MP3;
        }
        return AudioFormat.UNKNOWN;
    }

    /**
     * Finds, within the first {@value #MAX_JUNK_BYTES} bytes, an MPEG audio frame header followed by a second one
     * of the same version, layer and sample rate exactly one frame later. Some MP3 files start with padding or
     * a damaged tag. Two chained headers make a false match in random data very unlikely (about 1 in 10^5 per
     * 4 KiB, as an estimate from the header bits that must match).
     */
    private static boolean hasMpegFramePairAfterJunk(byte[] bytes) {
        int end = Math.min(bytes.length - 4, MAX_JUNK_BYTES);
        for (int offset = 1; offset <= end; offset++) {
            if (!isMpegAudioFrameHeader(bytes, offset)) {
                continue;
            }
            int length = mpegFrameLength(bytes, offset);
            int next = offset + length;
            if (length >= MIN_FRAME_BYTES && isMpegAudioFrameHeader(bytes, next)
                    && (bytes[offset + 1] & 0xFE) == (bytes[next + 1] & 0xFE)
                    && (bytes[offset + 2] & 0x0C) == (bytes[next + 2] & 0x0C)) {
                return true;
            }
        }
        return false;
    }

    /** Returns the length in bytes of the frame whose valid header starts at {@code offset}, or 0 for free format. */
    static int mpegFrameLength(byte[] bytes, int offset) {
        int b1 = bytes[offset + 1] & 0xFF;
        int b2 = bytes[offset + 2] & 0xFF;
        int version = (b1 >> 3) & 0x3;
        int layer = 4 - ((b1 >> 1) & 0x3);
        boolean mpeg1 = version == 3;
        int bitrateIndex = (b2 >> 4) & 0xF;
        int padding = (b2 >> 1) & 0x1;
        int[] rates = version == 3 ? MPEG1_RATES : (version == 2 ? MPEG2_RATES : MPEG25_RATES);
        int sampleRate = rates[(b2 >> 2) & 0x3];
        int[] bitrates;
        if (mpeg1) {
            bitrates = layer == 1 ? MPEG1_LAYER1_KBPS : (layer == 2 ? MPEG1_LAYER2_KBPS : MPEG1_LAYER3_KBPS);
        } else {
            bitrates = layer == 1 ? MPEG2_LAYER1_KBPS : MPEG2_LAYER23_KBPS;
        }
        int bitrate = bitrates[bitrateIndex] * 1000;
        if (layer == 1) {
            return (12 * bitrate / sampleRate + padding) * 4;
        }
        int coefficient = layer == 3 && !mpeg1 ? 72 : 144;
        return coefficient * bitrate / sampleRate + padding;
    }

    private static boolean isWave(byte[] bytes) {
        boolean riff = startsWith(bytes, 0, "RIFF") || startsWith(bytes, 0, "RF64") || startsWith(bytes, 0, "BW64");
        return riff && bytes.length >= 12 && startsWith(bytes, 8, "WAVE");
    }

    /** ID3v2: "ID3", major version 2..4, revision below 0xFF, then four sync-safe size bytes below 0x80. */
    private static boolean isId3Tag(byte[] bytes) {
        if (bytes.length < ID3_HEADER_BYTES || !startsWith(bytes, 0, "ID3")) {
            return false;
        }
        int major = bytes[3] & 0xFF;
        int revision = bytes[4] & 0xFF;
        if (major < 2 || major > 4 || revision == 0xFF) {
            return false;
        }
        for (int i = 6; i < ID3_HEADER_BYTES; i++) {
            if ((bytes[i] & 0x80) != 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Skips the ID3v2 tag: FLAC files sometimes carry one too. When the tag runs past the bytes present or is
     * followed by anything else, the file is taken as MP3, the usual carrier of ID3 tags.
     */
    private static AudioFormat sniffAfterId3(byte[] bytes) {
        long size = ((bytes[6] & 0x7FL) << 21) | ((bytes[7] & 0x7FL) << 14) | ((bytes[8] & 0x7FL) << 7)
                | (bytes[9] & 0x7FL);
        boolean footer = (bytes[5] & 0x10) != 0;
        long end = ID3_HEADER_BYTES + size + (footer ? ID3_HEADER_BYTES : 0);
        if (end + 4 <= bytes.length && startsWith(bytes, (int) end, "fLaC")) {
            return AudioFormat.FLAC;
        }
        return AudioFormat.MP3;
    }

    /**
     * Checks an MPEG-1/2/2.5 audio frame header (layers I to III): 11 sync bits, a version and layer that are not
     * reserved, a bitrate index other than 15, a sample-rate index other than 3 and an emphasis other than 2.
     * ADTS AAC shares the sync bits but uses layer 0, so it is not taken as MP3.
     */
    static boolean isMpegAudioFrameHeader(byte[] bytes, int offset) {
        if (offset < 0 || offset + 4 > bytes.length) {
            return false;
        }
        int b0 = bytes[offset] & 0xFF;
        int b1 = bytes[offset + 1] & 0xFF;
        int b2 = bytes[offset + 2] & 0xFF;
        int b3 = bytes[offset + 3] & 0xFF;
        if (b0 != 0xFF || (b1 & 0xE0) != 0xE0) {
            return false;
        }
        int version = (b1 >> 3) & 0x3;
        int layer = (b1 >> 1) & 0x3;
        int bitrateIndex = (b2 >> 4) & 0xF;
        int sampleRateIndex = (b2 >> 2) & 0x3;
        int emphasis = b3 & 0x3;
        return version != 1 && layer != 0 && bitrateIndex != 0xF && sampleRateIndex != 3 && emphasis != 2;
    }

    private static boolean startsWith(byte[] bytes, int offset, String ascii) {
        byte[] magic = ascii.getBytes(StandardCharsets.US_ASCII);
        if (offset + magic.length > bytes.length) {
            return false;
        }
        for (int i = 0; i < magic.length; i++) {
            if (bytes[offset + i] != magic[i]) {
                return false;
            }
        }
        return true;
    }
}
