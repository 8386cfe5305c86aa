package io.lightningasr.asr.audio;

import io.lightningasr.asr.audio.AudioException.Reason;
import io.lightningasr.asr.audio.WavHeader.Encoding;
import java.nio.charset.StandardCharsets;

/**
 * Parses RIFF, RF64 and BW64 WAVE headers.
 *
 * <p>Tolerated: RIFF sizes that do not match the file (they are ignored), chunks of any type before and after
 * {@code data} (skipped with their pad byte when the size is odd), and a {@code data} size of 0 or 0xFFFFFFFF
 * without a {@code ds64} chunk, which streaming writers emit: the samples then run to the end of the file. When
 * the {@code data} size exceeds the bytes present, the file is taken as truncated and the whole frames present
 * are decoded. A trailing partial frame is ignored.
 *
 * <p>Rejected as INVALID_AUDIO: a missing or short {@code fmt } chunk, no {@code data} chunk, no whole frame,
 * 0 channels, a sample rate outside {@value #MIN_SAMPLE_RATE_HZ}..{@value #MAX_SAMPLE_RATE_HZ} Hz, a sample size
 * the encoding does not define, and a block align other than {@code channels * bits / 8}.
 */
final class WavParser {

    static final int MIN_SAMPLE_RATE_HZ = 1_000;
    static final int MAX_SAMPLE_RATE_HZ = 384_000;

    private static final int FORMAT_PCM = 0x0001;
    private static final int FORMAT_IEEE_FLOAT = 0x0003;
    private static final int FORMAT_ALAW = 0x0006;
    private static final int FORMAT_MULAW = 0x0007;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;
    private static final long SIZE_UNKNOWN = 0xFFFFFFFFL;
    /** Bytes 2..15 of every KSDATAFORMAT_SUBTYPE GUID that wraps a plain format tag. */
    private static final byte[] SUBFORMAT_GUID_SUFFIX = {
        0x00, 0x00, 0x00, 0x00, 0x10, 0x00, (byte) 0x80, 0x00, 0x00, (byte) 0xAA, 0x00, 0x38, (byte) 0x9B, 0x71};

    private WavParser() {
    }

    /** Parses the header of {@code bytes}, which {@link FormatSniffer} detected as WAV. */
    static WavHeader parse(byte[] bytes) throws AudioException {
        boolean rf64 = !ascii(bytes, 0).equals("RIFF");
        long ds64DataSize = -1;
        FormatChunk format = null;
        int dataOffset = -1;
        long dataSize = -1;
        int position = 12;
        while (position + 8 <= bytes.length) {
            String id = ascii(bytes, position);
            long size = u32(bytes, position + 4);
            int body = position + 8;
            if (id.equals("data")) {
                dataOffset = body;
                boolean streamed = size == 0 || (size == SIZE_UNKNOWN && !(rf64 && ds64DataSize >= 0));
                long declared = size == SIZE_UNKNOWN && rf64 && ds64DataSize >= 0 ? ds64DataSize : size;
                dataSize = streamed ? bytes.length - body : Math.min(declared, bytes.length - body);
                if (format != null || streamed || body + declared >= bytes.length) {
                    break;
                }
                position = advance(body, declared);
                continue;
            }
            if (body + size > bytes.length) {
                if (format == null || id.equals("fmt ")) {
                    throw invalid("WAV chunk '" + printable(id) + "' of " + size + " bytes at offset " + position
                            + " runs past the end of the " + bytes.length + "-byte file");
                }
                break;
            }
            if (id.equals("fmt ")) {
                format = readFormat(bytes, body, (int) size);
            } else if (id.equals("ds64") && size >= 16) {
                ds64DataSize = u64(bytes, body + 8);
            }
            position = advance(body, size);
        }
        if (format == null) {
            throw invalid("WAV file has no 'fmt ' chunk before its samples");
        }
        if (dataOffset < 0) {
            throw invalid("WAV file has no 'data' chunk");
        }
        return validate(format, dataOffset, dataSize);
    }

    private static int advance(int body, long size) {
        long next = body + size + (size & 1);
        return (int) Math.min(next, Integer.MAX_VALUE - 16);
    }

    /** The fields of a {@code fmt } chunk, with the format tag of WAVE_FORMAT_EXTENSIBLE resolved (-1 if unknown). */
    private record FormatChunk(int tag, int channels, int sampleRate, int blockAlign, int bits, int validBits) {
    }

    private static FormatChunk readFormat(byte[] bytes, int body, int size) throws AudioException {
        if (size < 16) {
            throw invalid("WAV 'fmt ' chunk has " + size + " bytes, expected at least 16");
        }
        int tag = u16(bytes, body);
        int channels = u16(bytes, body + 2);
        long sampleRate = u32(bytes, body + 4);
        int blockAlign = u16(bytes, body + 12);
        int bits = u16(bytes, body + 14);
        int validBits = bits;
        if (tag == FORMAT_EXTENSIBLE) {
            if (size < 40) {
                throw invalid("WAV WAVE_FORMAT_EXTENSIBLE 'fmt ' chunk has " + size + " bytes, expected 40");
            }
            validBits = u16(bytes, body + 18);
            tag = isStandardSubformat(bytes, body + 24) ? u16(bytes, body + 24) : -1;
        }
        int rate = (int) Math.min(sampleRate, Integer.MAX_VALUE);
        return new FormatChunk(tag, channels, rate, blockAlign, bits, validBits);
    }

    private static boolean isStandardSubformat(byte[] bytes, int guid) {
        for (int i = 0; i < SUBFORMAT_GUID_SUFFIX.length; i++) {
            if (bytes[guid + 2 + i] != SUBFORMAT_GUID_SUFFIX[i]) {
                return false;
            }
        }
        return true;
    }

    private static WavHeader validate(FormatChunk format, int dataOffset, long dataSize) throws AudioException {
        int channels = format.channels();
        int rate = format.sampleRate();
        int blockAlign = format.blockAlign();
        int bits = format.bits();
        if (channels == 0) {
            throw invalid("WAV channel count is 0, expected at least 1");
        }
        if (rate < MIN_SAMPLE_RATE_HZ || rate > MAX_SAMPLE_RATE_HZ) {
            throw invalid("WAV sample rate " + rate + " Hz is outside the supported range " + MIN_SAMPLE_RATE_HZ
                    + ".." + MAX_SAMPLE_RATE_HZ + " Hz");
        }
        if (blockAlign == 0) {
            throw invalid("WAV block align is 0, expected the bytes per frame");
        }

        Encoding encoding = switch (format.tag()) {
            case FORMAT_PCM -> Encoding.PCM;
            case FORMAT_IEEE_FLOAT -> Encoding.IEEE_FLOAT;
            case FORMAT_MULAW -> Encoding.MULAW;
            case FORMAT_ALAW -> Encoding.ALAW;
            default -> Encoding.OTHER;
        };
        if (encoding != Encoding.OTHER) {
            checkSampleLayout(encoding, format);
        }

        long frames = dataSize / blockAlign;
        if (frames == 0) {
            throw invalid("WAV file contains no whole audio frame (" + dataSize + " data bytes, " + blockAlign
                    + " bytes per frame)");
        }
        return new WavHeader(encoding, channels, rate, bits, blockAlign, dataOffset, frames);
    }

    private static void checkSampleLayout(Encoding encoding, FormatChunk format) throws AudioException {
        int bits = format.bits();
        checkBits(encoding, bits);
        if (format.validBits() == 0 || format.validBits() > bits) {
            throw invalid("WAV valid bits per sample " + format.validBits()
                    + " must be between 1 and the container's " + bits + " bits");
        }
        int expected = format.channels() * (bits / 8);
        if (format.blockAlign() != expected) {
            throw invalid("WAV block align " + format.blockAlign() + " does not match " + format.channels()
                    + " channels of " + bits + " bits (expected " + expected + ")");
        }
    }

    private static void checkBits(Encoding encoding, int bits) throws AudioException {
        boolean supported = switch (encoding) {
            case PCM -> bits == 8 || bits == 16 || bits == 24 || bits == 32;
            case IEEE_FLOAT -> bits == 32 || bits == 64;
            case MULAW, ALAW -> bits == 8;
            case OTHER -> true;
        };
        if (!supported) {
            String allowed = switch (encoding) {
                case PCM -> "8, 16, 24 or 32";
                case IEEE_FLOAT -> "32 or 64";
                default -> "8";
            };
            throw invalid("WAV " + encoding + " bits per sample " + bits + " is not supported, expected " + allowed);
        }
    }

    private static AudioException invalid(String message) {
        return new AudioException(Reason.INVALID_AUDIO, message);
    }

    private static String ascii(byte[] bytes, int offset) {
        return new String(bytes, offset, 4, StandardCharsets.ISO_8859_1);
    }

    private static String printable(String id) {
        return id.replaceAll("[^\\x20-\\x7E]", "?");
    }

    static int u16(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFF) | (bytes[offset + 1] & 0xFF) << 8;
    }

    static long u32(byte[] bytes, int offset) {
        return (bytes[offset] & 0xFFL) | (bytes[offset + 1] & 0xFFL) << 8 | (bytes[offset + 2] & 0xFFL) << 16
                | (bytes[offset + 3] & 0xFFL) << 24;
    }

    private static long u64(byte[] bytes, int offset) {
        long value = u32(bytes, offset) | u32(bytes, offset + 4) << 32;
        return value < 0 ? Long.MAX_VALUE : value;
    }
}
