package io.lightningasr.gateway;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** Audio inputs for tests: silent WAV files of any size and the recordings in the repository's samples/. */
final class TestAudio {
    private TestAudio() {
    }

    /** Builds a 16 kHz mono 16-bit PCM WAV file of {@code dataBytes} bytes of silence. */
    static byte[] silentWav(int dataBytes) {
        ByteBuffer header = ByteBuffer.allocate(44).order(ByteOrder.LITTLE_ENDIAN);
        header.put("RIFF".getBytes(StandardCharsets.US_ASCII)).putInt(36 + dataBytes)
                .put("WAVE".getBytes(StandardCharsets.US_ASCII))
                .put("fmt ".getBytes(StandardCharsets.US_ASCII)).putInt(16).putShort((short) 1).putShort((short) 1)
                .putInt(16_000).putInt(32_000).putShort((short) 2).putShort((short) 16)
                .put("data".getBytes(StandardCharsets.US_ASCII)).putInt(dataBytes);
        ByteArrayOutputStream out = new ByteArrayOutputStream(44 + dataBytes);
        out.writeBytes(header.array());
        out.writeBytes(new byte[dataBytes]);
        return out.toByteArray();
    }

    /** Returns the repository's samples/ directory, or the one named by -Dgateway.test.samplesDir. */
    static Path samplesDir() {
        return Path.of(System.getProperty("gateway.test.samplesDir", "../samples")).toAbsolutePath().normalize();
    }

    /** Returns the shortest WAV sample, if the samples are present. */
    static Optional<Path> shortestWav() throws IOException {
        if (!Files.isDirectory(samplesDir())) {
            return Optional.empty();
        }
        try (Stream<Path> files = Files.list(samplesDir())) {
            return files.filter(p -> p.getFileName().toString().endsWith(".wav"))
                    .min(Comparator.comparingLong(TestAudio::size));
        }
    }

    /** Returns every sample listed in samples/transcripts.tsv that exists. */
    static List<Path> listedSamples() throws IOException {
        Path tsv = samplesDir().resolve("transcripts.tsv");
        if (!Files.exists(tsv)) {
            return List.of();
        }
        return Files.readAllLines(tsv).stream()
                .filter(line -> line.contains("\t") && !line.startsWith("file\t"))
                .map(line -> samplesDir().resolve(line.substring(0, line.indexOf('\t'))))
                .filter(Files::exists)
                .toList();
    }

    private static long size(Path path) {
        try {
            return Files.size(path);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + path, e);
        }
    }
}
