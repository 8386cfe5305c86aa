package io.lightningasr.asr.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.lightningasr.asr.audio.AudioDecoder;
import io.lightningasr.asr.audio.AudioLimits;
import io.lightningasr.asr.audio.DecodedAudio;
import io.lightningasr.asr.inference.Device;
import io.lightningasr.asr.inference.InferenceConfig;
import io.lightningasr.asr.inference.OnnxTranscriber;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Measures the in-process pipeline (WAV decoding, features, inference, CTC decoding) at several concurrency
 * levels and prints one JSON object per level. It is a benchmark, not a test; {@code bench/asr-bench.sh} runs it
 * next to sherpa-onnx.
 *
 * <p>Usage: {@code AsrBench MODEL_DIR THREADS CONCURRENCY[,CONCURRENCY...] ROUNDS WAV...}. Every level runs all
 * files {@code ROUNDS} times, spread over that many worker threads that share one {@link OnnxTranscriber}, after
 * unmeasured passes over all files: the first prints the transcripts, so they can be compared with sherpa-onnx's.
 */
public final class AsrBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int WARM_UP_PASSES = 5;

    private AsrBench() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 5) {
            System.err.println("usage: AsrBench MODEL_DIR THREADS CONCURRENCY[,...] ROUNDS WAV...");
            System.exit(2);
        }
        Path modelDir = Path.of(args[0]);
        int threads = Integer.parseInt(args[1]);
        int[] levels = Arrays.stream(args[2].split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = Integer.parseInt(args[3]);
        List<String> names = new ArrayList<>();
        List<byte[]> files = new ArrayList<>();
        for (int i = 4; i < args.length; i++) {
            names.add(Path.of(args[i]).getFileName().toString());
            files.add(Files.readAllBytes(Path.of(args[i])));
        }

        AudioDecoder decoder = new AudioDecoder(new AudioLimits(7200));
        try (OnnxTranscriber transcriber = OnnxTranscriber.load(new InferenceConfig(modelDir, Device.CPU, threads))) {
            transcriber.warmUp();
            for (int i = 0; i < files.size(); i++) {
                String text = transcriber.transcribe(decoder.decode(files.get(i)).samples()).text();
                System.out.println(JSON.writeValueAsString(
                        Map.of("engine", "java", "file", names.get(i), "text", text)));
            }
            // Unmeasured passes so that the JIT has compiled the feature and decoding code before the first level.
            for (int pass = 0; pass < WARM_UP_PASSES; pass++) {
                runLevel(transcriber, decoder, files, 2, 1);
            }
            for (int level : levels) {
                System.out.println(runLevel(transcriber, decoder, files, level, rounds));
            }
        }
    }

    private static String runLevel(OnnxTranscriber transcriber, AudioDecoder decoder, List<byte[]> files,
            int concurrency, int rounds) throws Exception {
        int requests = files.size() * rounds;
        double[] latencies = new double[requests];
        double[] durations = new double[requests];
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(concurrency);
        long started = System.nanoTime();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < concurrency; w++) {
            workers.add(pool.submit(() -> {
                for (int i = next.getAndIncrement(); i < requests; i = next.getAndIncrement()) {
                    long t0 = System.nanoTime();
                    DecodedAudio audio = decoder.decode(files.get(i % files.size()));
                    transcriber.transcribe(audio.samples());
                    latencies[i] = (System.nanoTime() - t0) / 1e9;
                    durations[i] = audio.durationSeconds();
                }
                return null;
            }));
        }
        for (Future<?> worker : workers) {
            worker.get();
        }
        double wall = (System.nanoTime() - started) / 1e9;
        pool.shutdown();
        return summary("java", concurrency, wall, latencies, durations);
    }

    /** Formats one level's figures; the node script prints the same fields. */
    static String summary(String engine, int concurrency, double wall, double[] latencies, double[] durations) {
        double audio = Arrays.stream(durations).sum();
        double[] sorted = latencies.clone();
        Arrays.sort(sorted);
        return String.format(Locale.ROOT,
                "{\"engine\":\"%s\",\"concurrency\":%d,\"requests\":%d,\"audio_s\":%.3f,\"wall_s\":%.3f,"
                        + "\"rtf\":%.5f,\"latency_mean_ms\":%.1f,\"latency_p50_ms\":%.1f,\"latency_p95_ms\":%.1f}",
                engine, concurrency, latencies.length, audio, wall, wall / audio,
                Arrays.stream(latencies).average().orElse(0) * 1000, percentile(sorted, 0.50) * 1000,
                percentile(sorted, 0.95) * 1000);
    }

    private static double percentile(double[] sorted, double q) {
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
