package io.lightningasr.loadtest.run;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Reads the duration of a RIFF/WAVE file from its {@code fmt } and {@code data} chunk headers. */
final class WavDuration {

    private WavDuration() {
    }

    /** Returns the duration in seconds, or 0 when the bytes are not a WAV file this can read. */
    static double seconds(byte[] bytes) {
        if (bytes.length < 12 || !ascii(bytes, 0, "RIFF") || !ascii(bytes, 8, "WAVE")) {
            return 0;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long byteRate = 0;
        int offset = 12;
        while (offset + 8 <= bytes.length) {
            long size = buffer.getInt(offset + 4) & 0xffffffffL;
            if (ascii(bytes, offset, "fmt ") && offset + 16 <= bytes.length) {
                byteRate = buffer.getInt(offset + 8 + 8) & 0xffffffffL;
            } else if (ascii(bytes, offset, "data")) {
                // Streams written without a final size carry 0 or 0xFFFFFFFF; the rest of the file is then the data.
                long dataBytes = size == 0 || size == 0xffffffffL ? bytes.length - offset - 8L
                        : Math.min(size, bytes.length - offset - 8L);
                return byteRate > 0 ? (double) dataBytes / byteRate : 0;
            }
            offset += 8 + (int) size + (int) (size & 1);
        }
        return 0;
    }

    private static boolean ascii(byte[] bytes, int offset, String text) {
        for (int i = 0; i < text.length(); i++) {
            if (bytes[offset + i] != text.charAt(i)) {
                return false;
            }
        }
        return true;
    }
}
