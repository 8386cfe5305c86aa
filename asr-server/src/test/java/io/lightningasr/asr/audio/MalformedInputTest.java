package io.lightningasr.asr.audio;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Feeds random, truncated and bit-flipped files to the decoder. Each must either decode to samples in [-1, 1] or
 * fail with an AudioException that no RuntimeException caused. A native crash ends the test JVM and so fails the run.
 */
class MalformedInputTest {

    private static final AudioDecoder DECODER = new AudioDecoder(new AudioLimits(30));
    private static final byte[][] PREFIXES = {
        "RIFF\0\0\0\0WAVEfmt ".getBytes(),
        "ID3\u0004\0\0\0\0\0\0".getBytes(),
        {(byte) 0xFF, (byte) 0xFB, (byte) 0x90},
        "fLaC".getBytes(),
        "OggS\0".getBytes(),
        "\0\0\0\u0018ftypisom".getBytes(),
        {0x1A, 0x45, (byte) 0xDF, (byte) 0xA3},
        {}};

    private static List<byte[]> validFiles() {
        List<byte[]> files = new ArrayList<>();
        for (String name : Fixtures.ALL) {
            // The 5-second MP3 adds decoding time but no code path that the 1.5-second one misses.
            if (!name.contains("_5s")) {
                files.add(Fixtures.load(name));
            }
        }
        TestWav stereo = new TestWav();
        stereo.channels = 2;
        stereo.sampleRate = 44_100;
        stereo.samples(Signals.sine(1000, 44_100, 8_820, 0.5));
        files.add(stereo.build());
        TestWav extensible = new TestWav();
        extensible.formatTag = TestWav.EXTENSIBLE;
        extensible.bitsPerSample = 24;
        extensible.samples(Signals.sine(1000, 16_000, 4_000, 0.5));
        files.add(extensible.build());
        return files;
    }

    @Test
    void randomBytesBehindEverySignature() {
        Random random = new Random(1);
        int decoded = 0;
        for (byte[] prefix : PREFIXES) {
            for (int i = 0; i < 40; i++) {
                byte[] noise = new byte[1 + random.nextInt(4096)];
                random.nextBytes(noise);
                byte[] input = Arrays.copyOf(prefix, prefix.length + noise.length);
                System.arraycopy(noise, 0, input, prefix.length, noise.length);
                decoded += decodeOrReject(input) ? 1 : 0;
            }
        }
        assertTrue(decoded < PREFIXES.length * 40, "random noise should not always decode");
    }

    @Test
    void truncatedFilesDecodeOrFailCleanly() {
        for (byte[] file : validFiles()) {
            for (double fraction : new double[] {0.0, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.99}) {
                int length = Math.max(1, (int) (file.length * fraction));
                decodeOrReject(Arrays.copyOf(file, length));
            }
            for (int length = 1; length < Math.min(64, file.length); length += 3) {
                decodeOrReject(Arrays.copyOf(file, length));
            }
        }
    }

    @Test
    void bitFlippedFilesDecodeOrFailCleanly() throws AudioException {
        Random random = new Random(2);
        List<byte[]> files = validFiles();
        for (byte[] file : files) {
            for (int i = 0; i < 30; i++) {
                byte[] damaged = file.clone();
                int flips = 1 + random.nextInt(8);
                for (int f = 0; f < flips; f++) {
                    // Half of the flips hit the first 256 bytes, where the headers are.
                    int limit = random.nextBoolean() ? Math.min(256, damaged.length) : damaged.length;
                    int position = random.nextInt(limit);
                    damaged[position] ^= (byte) (1 << random.nextInt(8));
                }
                decodeOrReject(damaged);
            }
        }

        for (byte[] file : files) {
            assertFalse(DECODER.decode(file).samples().length == 0, "a valid file decodes after the damaged ones");
        }
    }

    /** Returns true when the input decoded, false when it was rejected with an AudioException. */
    private static boolean decodeOrReject(byte[] input) {
        try {
            float[] samples = DECODER.decode(input).samples();
            for (float sample : samples) {
                assertTrue(sample >= -1f, "sample " + sample + " below -1");
                assertTrue(sample <= 1f, "sample " + sample + " above 1");
            }
            return true;
        } catch (AudioException e) {
            if (e.getCause() instanceof RuntimeException bug) {
                fail("decoder failed with " + bug + " on " + input.length + " bytes", bug);
            }
            return false;
        } catch (RuntimeException e) {
            fail("decode threw " + e + " on " + input.length + " bytes starting "
                    + java.util.HexFormat.of().formatHex(input, 0, Math.min(16, input.length)), e);
            return false;
        }
    }
}
