package io.lightningasr.asr.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeFalse;

import io.lightningasr.asr.audio.AudioDecoder;
import io.lightningasr.asr.audio.AudioLimits;
import io.lightningasr.asr.decode.Transcript;
import io.lightningasr.asr.model.AcousticModel;
import io.lightningasr.asr.model.ExecutionProvider;
import io.lightningasr.asr.model.ModelLoadException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end tests of the bundled demo model on the bundled samples (every format that {@link AudioDecoder}
 * reads), through DJL's OnnxRuntime engine.
 */
class OnnxTranscriberModelTest {

    static final Path MODEL_DIR = Path.of("../models/demo-en");
    static final Path SAMPLES_DIR = Path.of("../samples");
    /** Allowed WER above the figure that the model README reports for sherpa-onnx on the test set. */
    static final double WER_MARGIN = 0.02;
    private static final Pattern README_SHERPA_WER = Pattern.compile("^\\| sherpa-onnx[^|]*\\| ([0-9.]+) %", Pattern.MULTILINE);

    private static OnnxTranscriber transcriber;
    private static Map<String, float[]> audio;
    private static Map<String, String> references;

    @BeforeAll
    static void loadModelAndSamples() throws Exception {
        transcriber = OnnxTranscriber.load(new InferenceConfig(MODEL_DIR, Device.CPU, 2));
        transcriber.warmUp();
        references = new LinkedHashMap<>();
        audio = new LinkedHashMap<>();
        AudioDecoder decoder = new AudioDecoder(new AudioLimits(7200));
        for (String line : Files.readAllLines(SAMPLES_DIR.resolve("transcripts.tsv"), StandardCharsets.UTF_8)) {
            String[] fields = line.split("\t", 2);
            if (fields.length == 2) {
                references.put(fields[0], fields[1]);
                audio.put(fields[0], decoder.decode(Files.readAllBytes(SAMPLES_DIR.resolve(fields[0]))).samples());
            }
        }
        assertFalse(audio.isEmpty(), "no rows in " + SAMPLES_DIR.resolve("transcripts.tsv"));
    }

    @AfterAll
    static void closeModel() {
        transcriber.close();
    }

    @Test
    void modelInfoDescribesDemoModel() throws IOException {
        ModelInfo info = transcriber.modelInfo();

        assertEquals("demo-en", info.name());
        assertEquals("cpu", info.device());
        assertEquals("CPUExecutionProvider", info.executionProvider());
        assertEquals(80, info.featureSize());
        assertEquals(Files.readAllLines(MODEL_DIR.resolve("tokens.txt")).size(), info.vocabSize());
        assertEquals("per_feature", info.normalization());
        assertTrue(info.subsamplingFactor() >= 1);
        assertTrue(info.loadTimeSeconds() > 0);
    }

    /** Returns the sherpa-onnx WER of the README's accuracy table as a fraction. */
    private static double readmeWer() throws IOException {
        String readme = Files.readString(MODEL_DIR.resolve("README.md"));
        Matcher m = README_SHERPA_WER.matcher(readme);
        assertTrue(m.find(), "no '| sherpa-onnx... | NN.NN % |' row in " + MODEL_DIR.resolve("README.md"));
        return Double.parseDouble(m.group(1)) / 100;
    }

    @Test
    void samplesTranscribeWithinReadmeWordErrorRate() throws IOException {
        double readmeWer = readmeWer();
        int errors = 0;
        int words = 0;
        StringBuilder report = new StringBuilder();
        for (Map.Entry<String, float[]> sample : audio.entrySet()) {
            List<String> ref = WordErrorRate.words(references.get(sample.getKey()));
            String hyp = transcriber.transcribe(sample.getValue()).text();
            int distance = WordErrorRate.editDistance(ref, WordErrorRate.words(hyp));
            errors += distance;
            words += ref.size();
            report.append(sample.getKey()).append(": ").append(distance).append(" errors, '").append(hyp)
                    .append("'\n");
        }
        double wer = errors / (double) words;

        assertTrue(wer <= readmeWer + WER_MARGIN,
                "WER " + wer + " above README figure " + readmeWer + " + " + WER_MARGIN + "\n" + report);
    }

    @Test
    void wordsHaveOrderedTimesAndConfidences() {
        for (Map.Entry<String, float[]> sample : audio.entrySet()) {
            Transcript transcript = transcriber.transcribe(sample.getValue());
            double duration = sample.getValue().length / 16000.0;
            double previousEnd = 0;
            List<String> texts = new ArrayList<>();
            for (Transcript.Word word : transcript.words()) {
                String where = sample.getKey() + " word '" + word.word() + "'";
                assertTrue(word.startSeconds() >= previousEnd - 1e-9, where + " starts before the previous end");
                assertTrue(word.endSeconds() > word.startSeconds(), where + " has no duration");
                assertTrue(word.endSeconds() <= duration + 0.1, where + " ends after the audio");
                assertTrue(word.confidence() >= 0, where + " confidence below 0");
                assertTrue(word.confidence() <= 1, where + " confidence above 1");
                previousEnd = word.endSeconds();
                texts.add(word.word());
            }
            assertEquals(String.join(" ", texts), transcript.text(), sample.getKey());
            assertTrue(transcript.confidence() >= 0, sample.getKey() + " confidence below 0");
            assertTrue(transcript.confidence() <= 1, sample.getKey() + " confidence above 1");
        }
    }

    /**
     * Runs 50 s of audio, three chunks. The demo model was trained on utterances of a few seconds, so its words
     * on long input differ from its per-file words; the checks are on the merge: every chunk contributes, words
     * stay in order, and the overlaps neither duplicate nor drop whole stretches of words.
     */
    @Test
    void longAudioIsChunkedAndMerged() {
        List<float[]> parts = new ArrayList<>();
        int perFileWords = 0;
        int total = 0;
        float[] gap = new float[8000];
        while (total < 50 * 16000) {
            for (float[] samples : audio.values()) {
                parts.add(samples);
                parts.add(gap);
                total += samples.length + gap.length;
                perFileWords += transcriber.transcribe(samples).words().size();
            }
        }
        float[] joined = new float[total];
        int offset = 0;
        for (float[] part : parts) {
            System.arraycopy(part, 0, joined, offset, part.length);
            offset += part.length;
        }

        Transcript transcript = transcriber.transcribe(joined);

        double previousEnd = 0;
        for (Transcript.Word word : transcript.words()) {
            assertTrue(word.startSeconds() >= previousEnd - 1e-9, "word '" + word.word() + "' out of order");
            previousEnd = word.endSeconds();
        }
        assertTrue(previousEnd <= total / 16000.0 + 0.1, "last word ends after the audio");
        int chunkSeconds = OnnxTranscriber.CHUNK_SECONDS;
        for (int second = 0; second + chunkSeconds <= total / 16000; second += chunkSeconds) {
            int from = second;
            assertTrue(transcript.words().stream().anyMatch(w -> w.startSeconds() >= from
                    && w.startSeconds() < from + chunkSeconds), "no words between " + from + " s and "
                    + (from + chunkSeconds) + " s");
        }
        int words = transcript.words().size();
        assertTrue(words >= perFileWords / 2, words + " words, per-file transcripts have " + perFileWords);
        assertTrue(words <= perFileWords * 3 / 2, words + " words, per-file transcripts have " + perFileWords);
    }

    @Test
    void emptyAndVeryShortSignalsGiveTranscripts() {
        Transcript empty = transcriber.transcribe(new float[0]);
        assertEquals("", empty.text());
        assertEquals(0.0, empty.confidence());

        for (int length : new int[] {1, 79, 80, 160, 400, 640, 1600, 4800}) {
            Transcript t = transcriber.transcribe(new float[length]);
            assertTrue(t.confidence() >= 0, "confidence below 0 for length " + length);
            assertTrue(t.confidence() <= 1, "confidence above 1 for length " + length);
        }
    }

    @Test
    void concurrentCallsMatchSequentialResults() throws Exception {
        Map<String, String> sequential = new LinkedHashMap<>();
        for (Map.Entry<String, float[]> sample : audio.entrySet()) {
            sequential.put(sample.getKey(), transcriber.transcribe(sample.getValue()).text());
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> results = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (int round = 0; round < 2; round++) {
                for (Map.Entry<String, float[]> sample : audio.entrySet()) {
                    names.add(sample.getKey());
                    results.add(pool.submit(() -> transcriber.transcribe(sample.getValue()).text()));
                }
            }
            for (int i = 0; i < results.size(); i++) {
                assertEquals(sequential.get(names.get(i)), results.get(i).get(), names.get(i));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void tokenCountMismatchNamesBothFiles(@TempDir Path dir) throws IOException {
        Files.createSymbolicLink(dir.resolve("model.onnx"), MODEL_DIR.resolve("model.onnx").toAbsolutePath());
        List<String> tokens = Files.readAllLines(MODEL_DIR.resolve("tokens.txt"));
        Files.write(dir.resolve("tokens.txt"), tokens.subList(0, tokens.size() - 1));

        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> AcousticModel.load(dir, ExecutionProvider.CPU, 1));

        assertTrue(e.getMessage().contains("model.onnx"), e.getMessage());
        assertTrue(e.getMessage().contains("tokens.txt"), e.getMessage());
        assertTrue(e.getMessage().contains(tokens.size() + " "), e.getMessage());
        assertTrue(e.getMessage().contains((tokens.size() - 1) + " tokens"), e.getMessage());
    }

    @Test
    void gpuDeviceFailsWithoutCudaProvider() {
        assumeFalse(AcousticModel.cudaProviderAvailable(), "this class path has the CUDA build of ONNX Runtime");

        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> OnnxTranscriber.load(new InferenceConfig(MODEL_DIR, Device.GPU, 1)));

        assertTrue(e.getMessage().contains("CUDA"), e.getMessage());
    }

    @Test
    void autoDeviceUsesCpuWithoutCudaProvider() throws ModelLoadException {
        assumeFalse(AcousticModel.cudaProviderAvailable(), "this class path has the CUDA build of ONNX Runtime");

        try (OnnxTranscriber auto = OnnxTranscriber.load(new InferenceConfig(MODEL_DIR, Device.AUTO, 1))) {
            assertEquals("cpu", auto.modelInfo().device());
            assertEquals("CPUExecutionProvider", auto.modelInfo().executionProvider());
        }
    }
}
