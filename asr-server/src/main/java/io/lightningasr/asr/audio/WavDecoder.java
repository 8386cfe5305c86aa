package io.lightningasr.asr.audio;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Decodes the samples of a parsed WAV file to mono 16 kHz, in blocks so that no source-rate copy is kept. */
final class WavDecoder {

    private static final int BLOCK_FRAMES = 4096;
    private static final float[] MULAW = new float[256];
    private static final float[] ALAW = new float[256];

    static {
        for (int i = 0; i < 256; i++) {
            MULAW[i] = mulawToLinear(i) / 32768f;
            ALAW[i] = alawToLinear(i) / 32768f;
        }
    }

    private WavDecoder() {
    }

    /**
     * Decodes {@code header.frames()} frames, averaging the channels and resampling to 16 kHz.
     *
     * @throws AudioException AUDIO_TOO_LONG when the header's frame count exceeds {@code maxDurationSeconds},
     *     checked before any sample is decoded
     */
    static DecodedAudio decode(byte[] bytes, WavHeader header, double maxDurationSeconds) throws AudioException {
        if (header.frames() > maxDurationSeconds * header.sampleRateHz()) {
            throw AudioDecoder.tooLong(maxDurationSeconds);
        }
        ByteBuffer data = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        Resampler resampler = new Resampler(header.sampleRateHz());
        SampleBuffer output = new SampleBuffer(maxDurationSeconds);
        float[] block = new float[BLOCK_FRAMES];
        int channels = header.channels();
        int bytesPerSample = header.bitsPerSample() / 8;
        float scale = 1f / channels;
        long frame = 0;
        while (frame < header.frames()) {
            int count = (int) Math.min(BLOCK_FRAMES, header.frames() - frame);
            for (int i = 0; i < count; i++) {
                int offset = (int) (header.dataOffset() + (frame + i) * header.blockAlign());
                float sum = 0f;
                for (int c = 0; c < channels; c++) {
                    sum += sample(data, header.encoding(), header.bitsPerSample(), offset + c * bytesPerSample);
                }
                block[i] = sum * scale;
            }
            resampler.process(block, 0, count, output);
            frame += count;
        }
        resampler.finish(output);
        return new DecodedAudio(output.toArray(), AudioFormat.WAV, header.sampleRateHz(), channels);
    }

    private static float sample(ByteBuffer data, WavHeader.Encoding encoding, int bits, int offset) {
        return switch (encoding) {
            case PCM -> switch (bits) {
                case 8 -> ((data.get(offset) & 0xFF) - 128) / 128f;
                case 16 -> data.getShort(offset) / 32768f;
                case 24 -> {
                    int value = (data.get(offset) & 0xFF) | (data.get(offset + 1) & 0xFF) << 8
                            | data.get(offset + 2) << 16;
                    yield value / 8388608f;
                }
                default -> data.getInt(offset) / 2147483648f;
            };
            case IEEE_FLOAT -> bits == 32 ? data.getFloat(offset) : (float) data.getDouble(offset);
            case MULAW -> MULAW[data.get(offset) & 0xFF];
            case ALAW -> ALAW[data.get(offset) & 0xFF];
            case OTHER -> throw new IllegalStateException("WAV encoding OTHER is decoded by FFmpeg");
        };
    }

    /** ITU-T G.711 mu-law expansion to a 16-bit linear value. */
    private static int mulawToLinear(int code) {
        int u = ~code & 0xFF;
        int magnitude = (((u & 0x0F) << 3) + 0x84) << ((u & 0x70) >> 4);
        return (u & 0x80) != 0 ? 0x84 - magnitude : magnitude - 0x84;
    }

    /** ITU-T G.711 A-law expansion to a 16-bit linear value. */
    private static int alawToLinear(int code) {
        int a = code ^ 0x55;
        int exponent = (a & 0x70) >> 4;
        int magnitude = (a & 0x0F) << 4;
        magnitude = exponent == 0 ? magnitude + 8 : (magnitude + 0x108) << (exponent - 1);
        return (a & 0x80) != 0 ? magnitude : -magnitude;
    }
}
