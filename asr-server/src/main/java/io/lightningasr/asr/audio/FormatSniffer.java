package io.lightningasr.asr.audio;

import java.nio.charset.StandardCharsets;

/** Detects the container format from the leading bytes of an upload, without trusting file names or content types. */
final class FormatSniffer {

    private static final int ID3_HEADER_BYTES = 10;

    private FormatSniffer() {
    }

    /**
     * Returns the format whose signature starts {@code bytes}, or {@link AudioFormat#UNKNOWN}. Reads at most the
     * first few bytes, plus the bytes after a leading ID3v2 tag.
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
        if (isMpegAudioFrameHeader(bytes, 0)) {
            return AudioFormat.MP3;
        }
        return AudioFormat.UNKNOWN;
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
