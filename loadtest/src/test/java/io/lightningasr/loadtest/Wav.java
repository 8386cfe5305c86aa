package io.lightningasr.loadtest;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes 16-bit mono PCM WAV files of a sine tone for tests. */
public final class Wav {

    private Wav() {
    }

    /** Writes {@code seconds} of a 440 Hz tone at {@code sampleRate} and returns the path. */
    public static Path tone(Path file, double seconds, int sampleRate) throws IOException {
        int samples = (int) Math.round(seconds * sampleRate);
        ByteBuffer buffer = ByteBuffer.allocate(44 + samples * 2).order(ByteOrder.LITTLE_ENDIAN);
        buffer.put("RIFF".getBytes()).putInt(36 + samples * 2).put("WAVE".getBytes());
        buffer.put("fmt ".getBytes()).putInt(16).putShort((short) 1).putShort((short) 1).putInt(sampleRate)
                .putInt(sampleRate * 2).putShort((short) 2).putShort((short) 16);
        buffer.put("data".getBytes()).putInt(samples * 2);
        for (int i = 0; i < samples; i++) {
            buffer.putShort((short) (8000 * Math.sin(2 * Math.PI * 440 * i / sampleRate)));
        }
        Files.write(file, buffer.array());
        return file;
    }
}
