package io.lightningasr.asr;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Random;

/** WAV files built in memory for server tests. */
final class TestAudio {

    static final int RATE = 16_000;

    private TestAudio() {
    }

    /** Returns {@code seconds} of a 300 Hz tone with light noise as 16-bit mono PCM WAV at 16 kHz. */
    static byte[] toneWav(double seconds) {
        int count = (int) Math.round(seconds * RATE);
        short[] samples = new short[count];
        Random random = new Random(7);
        for (int i = 0; i < count; i++) {
            double value = 0.3 * Math.sin(2 * Math.PI * 300 * i / RATE) + 0.02 * random.nextGaussian();
            samples[i] = (short) Math.round(Math.max(-1, Math.min(1, value)) * 32767);
        }
        return pcm16Wav(samples, RATE, 1);
    }

    /** Returns a canonical 44-byte-header PCM WAV holding {@code samples}, interleaved when stereo. */
    static byte[] pcm16Wav(short[] samples, int rate, int channels) {
        int dataBytes = samples.length * 2;
        ByteBuffer buffer = header(dataBytes, rate, channels, 36 + dataBytes, dataBytes);
        for (short sample : samples) {
            buffer.putShort(sample);
        }
        return buffer.array();
    }

    /**
     * Returns a 16-bit WAV header with the given declared sizes followed by {@code payloadBytes} bytes of
     * silence.
     *
     * @param formatSize the declared {@code fmt } chunk size, 16 in a valid file
     * @param dataSize the declared data chunk size
     */
    static byte[] wavWithDeclaredSizes(int channels, long formatSize, long dataSize, int payloadBytes) {
        ByteBuffer buffer = header(payloadBytes, RATE, channels, 36 + payloadBytes, dataSize);
        buffer.putInt(16, (int) formatSize);
        return buffer.array();
    }

    /** Returns the first {@code length} bytes of {@code bytes}. */
    static byte[] truncate(byte[] bytes, int length) {
        return java.util.Arrays.copyOf(bytes, length);
    }

    private static ByteBuffer header(int payloadBytes, int rate, int channels, long riffSize, long dataSize) {
        ByteBuffer buffer = ByteBuffer.allocate(44 + payloadBytes).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        buffer.putInt((int) riffSize);
        buffer.put("WAVEfmt ".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        buffer.putInt(16);
        buffer.putShort((short) 1);
        buffer.putShort((short) channels);
        buffer.putInt(rate);
        buffer.putInt(rate * Math.max(channels, 1) * 2);
        buffer.putShort((short) (Math.max(channels, 1) * 2));
        buffer.putShort((short) 16);
        buffer.put("data".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        buffer.putInt((int) dataSize);
        return buffer;
    }
}
