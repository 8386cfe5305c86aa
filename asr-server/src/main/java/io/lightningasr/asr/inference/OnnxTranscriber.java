package io.lightningasr.asr.inference;

import io.lightningasr.asr.decode.CtcGreedyDecoder;
import io.lightningasr.asr.decode.LogProbMatrix;
import io.lightningasr.asr.decode.Transcript;
import io.lightningasr.asr.features.FeatureMatrix;
import io.lightningasr.asr.features.LogMelExtractor;
import io.lightningasr.asr.model.AcousticModel;
import io.lightningasr.asr.model.ExecutionProvider;
import io.lightningasr.asr.model.ModelLoadException;
import java.lang.System.Logger.Level;
import java.util.ArrayList;
import java.util.List;

/**
 * Transcribes 16 kHz audio with a NeMo CTC model in ONNX: log-mel features, the acoustic model through DJL's
 * OnnxRuntime engine, greedy CTC decoding.
 *
 * <p>Audio longer than {@value #CHUNK_SECONDS} s is processed in chunks of that length that overlap by at least
 * {@value #OVERLAP_SECONDS} s (see {@link ChunkPlan}), so memory per call is bounded by one chunk's features and
 * scores plus the input. Each chunk is normalised on its own, and words from the overlaps are merged by time.
 *
 * <p>Thread-safe; calls may run concurrently, each with its own DJL predictor.
 */
public final class OnnxTranscriber implements Transcriber {

    /** Chunk length for long audio, in seconds. */
    public static final int CHUNK_SECONDS = 20;
    /** Minimum overlap of neighbouring chunks, in seconds. */
    public static final int OVERLAP_SECONDS = 4;

    private static final System.Logger LOG = System.getLogger(OnnxTranscriber.class.getName());
    private static final int RATE = LogMelExtractor.SAMPLE_RATE_HZ;

    private final AcousticModel model;
    private final LogMelExtractor extractor;
    private final CtcGreedyDecoder decoder;
    private final ModelInfo info;
    private final int chunkSamples;
    private final int overlapSamples;
    private final int subsampling;

    OnnxTranscriber(AcousticModel model, double loadTimeSeconds, int chunkSamples, int overlapSamples) {
        this.model = model;
        this.extractor = new LogMelExtractor(model.featureSize());
        this.decoder = new CtcGreedyDecoder(model.tokens(), model.metadata().subsamplingFactor());
        this.chunkSamples = chunkSamples;
        this.overlapSamples = overlapSamples;
        this.subsampling = model.metadata().subsamplingFactor();
        ExecutionProvider provider = model.executionProvider();
        this.info = new ModelInfo(model.name(), provider.device(), provider.providerName(), model.featureSize(),
                model.tokens().size(), model.metadata().subsamplingFactor(),
                model.metadata().normalization().name().toLowerCase(java.util.Locale.ROOT),
                model.metadata().modelType(), loadTimeSeconds);
    }

    /**
     * Loads the model of {@code config} and selects the device: {@code cpu}; {@code gpu}, which fails when the
     * ONNX Runtime build has no CUDA provider or no CUDA session can be created; or {@code auto}, which tries
     * CUDA when the build offers it and falls back to the CPU with a warning.
     *
     * @throws ModelLoadException naming the file or setting and the problem
     */
    public static OnnxTranscriber load(InferenceConfig config) throws ModelLoadException {
        long started = System.nanoTime();
        AcousticModel model = switch (config.device()) {
            case CPU -> AcousticModel.load(config.modelDir(), ExecutionProvider.CPU, config.intraOpThreads());
            case GPU -> AcousticModel.load(config.modelDir(), ExecutionProvider.CUDA, config.intraOpThreads(), config.cuda());
            case AUTO -> loadAuto(config);
        };
        double seconds = (System.nanoTime() - started) / 1e9;
        OnnxTranscriber transcriber = new OnnxTranscriber(model, seconds, CHUNK_SECONDS * RATE, OVERLAP_SECONDS * RATE);
        ModelInfo info = transcriber.info;
        LOG.log(Level.INFO, "model {0} loaded from {1} in {2} s: device={3} provider={4} features={5} vocab={6}"
                        + " subsampling={7} normalize={8} model_type={9} intra_op_threads={10}",
                info.name(), config.modelDir().toAbsolutePath().normalize(), String.format("%.3f", seconds), info.device(),
                info.executionProvider(), info.featureSize(), info.vocabSize(), info.subsamplingFactor(),
                info.normalization(), info.modelType(), config.intraOpThreads());
        return transcriber;
    }

    private static AcousticModel loadAuto(InferenceConfig config) throws ModelLoadException {
        if (!AcousticModel.cudaProviderAvailable()) {
            LOG.log(Level.INFO, "device auto: the ONNX Runtime build has no CUDA execution provider; using the CPU");
            return AcousticModel.load(config.modelDir(), ExecutionProvider.CPU, config.intraOpThreads());
        }
        try {
            AcousticModel model = AcousticModel.load(config.modelDir(), ExecutionProvider.CUDA, config.intraOpThreads(), config.cuda());
            LOG.log(Level.INFO, "device auto: using CUDA");
            return model;
        } catch (ModelLoadException e) {
            LOG.log(Level.WARNING, "device auto: CUDA session failed, using the CPU: " + e.getMessage(), e);
            return AcousticModel.load(config.modelDir(), ExecutionProvider.CPU, config.intraOpThreads());
        }
    }

    /** Returns the model description. */
    public ModelInfo modelInfo() {
        return info;
    }

    /** Runs one inference on one second of a synthetic tone, so the first request does not pay for it. */
    public void warmUp() {
        long started = System.nanoTime();
        float[] tone = new float[RATE];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (float) (0.1 * Math.sin(2 * Math.PI * 440.0 * i / RATE));
        }
        transcribe(tone);
        LOG.log(Level.INFO, "model {0} warmed up in {1} ms", info.name(), (System.nanoTime() - started) / 1_000_000);
    }

    /**
     * {@inheritDoc}
     *
     * @throws io.lightningasr.asr.model.InferenceException when ONNX Runtime fails
     */
    @Override
    public Transcript transcribe(float[] samples) {
        List<Transcript.Word> words = new ArrayList<>();
        for (ChunkPlan.Chunk chunk : ChunkPlan.plan(samples.length, chunkSamples, overlapSamples)) {
            FeatureMatrix features = extractor.compute(samples, chunk.start(), chunk.length());
            if (features.frames() == 0) {
                continue;
            }
            model.metadata().normalization().apply(features);
            // Decode only the first frames / subsampling_factor output frames, as sherpa-onnx does for NeMo CTC
            // models. A graph whose convolutions round up emits one more frame, which covers the padded tail.
            LogProbMatrix scores = model.run(features).firstFrames(features.frames() / subsampling);
            for (Transcript.Word word : decoder.decodeWords(scores, chunk.start() / (double) RATE)) {
                if (chunk.keeps(word, RATE)) {
                    words.add(word);
                }
            }
        }
        return CtcGreedyDecoder.toTranscript(words);
    }

    /** Releases the model; calls must not run at the same time. */
    @Override
    public void close() {
        model.close();
    }
}
