package io.lightningasr.asr.audio;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Writes WAV files for tests, including the odd variants real uploads contain. */
final class TestWav {

    static final int PCM = 1;
    static final int IEEE_FLOAT = 3;
    static final int ALAW = 6;
    static final int MULAW = 7;
    static final int EXTENSIBLE = 0xFFFE;

    String riffId = "RIFF";
    int formatTag = PCM;
    /** The sub-format tag when {@link #formatTag} is EXTENSIBLE. */
    int subFormat = PCM;
    int channels = 1;
    int sampleRate = 16_000;
    int bitsPerSample = 16;
    Integer blockAlign;
    Long riffSizeField;
    Long dataSizeField;
    Long ds64DataSize;
    boolean fmtChunk = true;
    final List<byte[]> chunksBeforeFmt = new ArrayList<>();
    final List<byte[]> chunksBeforeData = new ArrayList<>();
    final List<byte[]> chunksAfterData = new ArrayList<>();
    byte[] data = new byte[0];

    /** Encodes interleaved samples in [-1, 1] with the current format tag and sample size as the data chunk. */
    TestWav samples(float[] interleaved) {
        int tag = formatTag == EXTENSIBLE ? subFormat : formatTag;
        int bytes = bitsPerSample / 8;
        ByteBuffer out = ByteBuffer.allocate(interleaved.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float sample : interleaved) {
            double s = Math.max(-1, Math.min(1, sample));
            switch (tag) {
                case PCM -> {
                    switch (bitsPerSample) {
                        case 8 -> out.put((byte) (Math.round(s * 127) + 128));
                        case 16 -> out.putShort((short) Math.round(s * 32767));
                        case 24 -> {
                            int v = (int) Math.round(s * 8388607);
                            out.put((byte) v).put((byte) (v >> 8)).put((byte) (v >> 16));
                        }
                        default -> out.putInt((int) Math.round(s * 2147483647.0));
                    }
                }
                case IEEE_FLOAT -> {
                    if (bitsPerSample == 32) {
                        out.putFloat((float) s);
                    } else {
                        out.putDouble(s);
                    }
                }
                case MULAW -> out.put(G711Encoder.linearToMulaw((int) Math.round(s * 32767)));
                case ALAW -> out.put(G711Encoder.linearToAlaw((int) Math.round(s * 32767)));
                default -> throw new IllegalArgumentException("tag " + tag);
            }
        }
        data = out.array();
        return this;
    }

    static byte[] chunk(String id, int size) {
        byte[] body = new byte[size];
        for (int i = 0; i < size; i++) {
            body[i] = (byte) ('a' + i % 26);
        }
        return chunk(id, body);
    }

    /** Returns a chunk with its pad byte when the body size is odd. */
    static byte[] chunk(String id, byte[] body) {
        ByteBuffer out = ByteBuffer.allocate(8 + body.length + (body.length & 1)).order(ByteOrder.LITTLE_ENDIAN);
        out.put(id.getBytes(StandardCharsets.US_ASCII)).putInt(body.length).put(body);
        return out.array();
    }

    byte[] build() {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes("WAVE".getBytes(StandardCharsets.US_ASCII));
        if (ds64DataSize != null) {
            ByteBuffer ds64 = ByteBuffer.allocate(28).order(ByteOrder.LITTLE_ENDIAN);
            ds64.putLong(0).putLong(ds64DataSize).putLong(0).putInt(0);
            body.writeBytes(chunk("ds64", ds64.array()));
        }
        chunksBeforeFmt.forEach(body::writeBytes);
        if (fmtChunk) {
            body.writeBytes(chunk("fmt ", formatBody()));
        }
        chunksBeforeData.forEach(body::writeBytes);
        ByteBuffer dataHeader = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
        long dataSize = dataSizeField != null ? dataSizeField : data.length;
        dataHeader.put("data".getBytes(StandardCharsets.US_ASCII)).putInt((int) dataSize);
        body.writeBytes(dataHeader.array());
        body.writeBytes(data);
        if ((data.length & 1) == 1 && !chunksAfterData.isEmpty()) {
            body.write(0);
        }
        chunksAfterData.forEach(body::writeBytes);
        byte[] content = body.toByteArray();
        ByteBuffer out = ByteBuffer.allocate(8 + content.length).order(ByteOrder.LITTLE_ENDIAN);
        long riffSize = riffSizeField != null ? riffSizeField : content.length;
        out.put(riffId.getBytes(StandardCharsets.US_ASCII)).putInt((int) riffSize).put(content);
        return out.array();
    }

    private byte[] formatBody() {
        int align = blockAlign != null ? blockAlign : channels * bitsPerSample / 8;
        boolean extensible = formatTag == EXTENSIBLE;
        ByteBuffer fmt = ByteBuffer.allocate(extensible ? 40 : 16).order(ByteOrder.LITTLE_ENDIAN);
        fmt.putShort((short) formatTag).putShort((short) channels).putInt(sampleRate)
                .putInt(sampleRate * align).putShort((short) align).putShort((short) bitsPerSample);
        if (extensible) {
            fmt.putShort((short) 22).putShort((short) bitsPerSample).putInt(0);
            fmt.putShort((short) subFormat);
            fmt.put(new byte[] {0, 0, 0, 0, 0x10, 0, (byte) 0x80, 0, 0, (byte) 0xAA, 0, 0x38, (byte) 0x9B, 0x71});
        }
        return fmt.array();
    }

    /** Interleaves per-channel signals of equal length. */
    static float[] interleave(float[]... channels) {
        float[] out = new float[channels.length * channels[0].length];
        for (int i = 0; i < channels[0].length; i++) {
            for (int c = 0; c < channels.length; c++) {
                out[i * channels.length + c] = channels[c][i];
            }
        }
        return out;
    }

    /** ITU-T G.711 compression, following the Sun reference implementation (g711.c). */
    static final class G711Encoder {

        static byte linearToMulaw(int pcm) {
            int mask;
            pcm = pcm >> 2;
            if (pcm < 0) {
                pcm = -pcm;
                mask = 0x7F;
            } else {
                mask = 0xFF;
            }
            pcm = Math.min(pcm, 8159) + (0x84 >> 2);
            int segment = segment(pcm, new int[] {0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF, 0x1FFF});
            if (segment >= 8) {
                return (byte) (0x7F ^ mask);
            }
            int value = (segment << 4) | ((pcm >> (segment + 1)) & 0xF);
            return (byte) (value ^ mask);
        }

        static byte linearToAlaw(int pcm) {
            int mask;
            pcm = pcm >> 3;
            if (pcm >= 0) {
                mask = 0xD5;
            } else {
                mask = 0x55;
                pcm = -pcm - 1;
            }
            int segment = segment(pcm, new int[] {0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF});
            if (segment >= 8) {
                return (byte) (0x7F ^ mask);
            }
            int value = segment << 4;
            value |= segment < 2 ? (pcm >> 1) & 0xF : (pcm >> segment) & 0xF;
            return (byte) (value ^ mask);
        }

        private static int segment(int value, int[] ends) {
            for (int i = 0; i < ends.length; i++) {
                if (value <= ends[i]) {
                    return i;
                }
            }
            return ends.length;
        }
    }
}
