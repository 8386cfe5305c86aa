package io.lightningasr.asr.model;

import ai.djl.Device;
import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.inference.Predictor;
import ai.djl.translate.TranslateException;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtProvider;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.providers.OrtCUDAProviderOptions;
import io.lightningasr.asr.decode.LogProbMatrix;
import io.lightningasr.asr.features.FeatureMatrix;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * A NeMo CTC model loaded from a sherpa-onnx style directory ({@code model.onnx} + {@code tokens.txt}) through
 * DJL's OnnxRuntime engine. DJL predictors are not thread-safe, so each concurrent {@link #run} call borrows one
 * from a pool that grows to the peak concurrency; all predictors share one ONNX Runtime session.
 *
 * <p>Thread-safe. {@link #close()} must not overlap running calls.
 */
public final class AcousticModel implements AutoCloseable {

    /** The ONNX file name in a model directory. */
    public static final String MODEL_FILE = "model.onnx";
    /** The vocabulary file name in a model directory. */
    public static final String TOKENS_FILE = "tokens.txt";

    private static final System.Logger LOG = System.getLogger(AcousticModel.class.getName());
    private static final String ENGINE = "OnnxRuntime";

    static {
        // Without this DJL may route NDArray operations to another installed engine.
        System.setProperty("ai.djl.onnx.disable_alternative", "true");
    }

    private final Model model;
    private final ModelSignature signature;
    private final ModelMetadata metadata;
    private final TokenTable tokens;
    private final ExecutionProvider provider;
    private final OrtSession.SessionOptions sessionOptions;
    private final CtcTranslator translator;
    private final Queue<Predictor<FeatureMatrix, LogProbMatrix>> idle = new ConcurrentLinkedQueue<>();
    private final Queue<Predictor<FeatureMatrix, LogProbMatrix>> all = new ConcurrentLinkedQueue<>();
    private volatile boolean closed;

    private AcousticModel(Model model, ModelSignature signature, ModelMetadata metadata, TokenTable tokens,
            ExecutionProvider provider, OrtSession.SessionOptions sessionOptions) {
        this.model = model;
        this.signature = signature;
        this.metadata = metadata;
        this.tokens = tokens;
        this.provider = provider;
        this.sessionOptions = sessionOptions;
        this.translator = new CtcTranslator(signature);
    }

    /** Returns true when the ONNX Runtime build on the class path offers the CUDA execution provider. */
    public static boolean cudaProviderAvailable() {
        Engine.getEngine(ENGINE);
        return OrtEnvironment.getAvailableProviders().contains(OrtProvider.CUDA);
    }

    /**
     * Loads and validates a model directory with the default {@link CudaOptions}.
     *
     * @see #load(Path, ExecutionProvider, int, CudaOptions)
     */
    public static AcousticModel load(Path directory, ExecutionProvider provider, int intraOpThreads)
            throws ModelLoadException {
        return load(directory, provider, intraOpThreads, CudaOptions.DEFAULTS);
    }

    /**
     * Loads and validates a model directory.
     *
     * @param directory a directory with {@code model.onnx} and {@code tokens.txt}
     * @param provider where to run; {@link ExecutionProvider#CUDA} requires the CUDA build of ONNX Runtime
     * @param intraOpThreads threads per inference, or 0 for ONNX Runtime's default (one per physical core)
     * @param cuda settings of the CUDA provider, ignored for {@link ExecutionProvider#CPU}
     * @throws ModelLoadException naming the file and the problem
     */
    public static AcousticModel load(Path directory, ExecutionProvider provider, int intraOpThreads,
            CudaOptions cuda) throws ModelLoadException {
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
        }
        if (!Files.isDirectory(directory)) {
            throw new ModelLoadException("model directory " + directory.toAbsolutePath() + " does not exist"
                    + " or is not a directory");
        }
        Path onnxFile = requireFile(directory.resolve(MODEL_FILE));
        Path tokensFile = requireFile(directory.resolve(TOKENS_FILE));

        TokenTable tokens;
        try {
            tokens = TokenTable.load(tokensFile);
        } catch (IOException | IllegalArgumentException e) {
            throw new ModelLoadException(tokensFile + ": invalid vocabulary: " + e.getMessage(), e);
        }

        Engine.getEngine(ENGINE);
        ModelSignature signature = OnnxModelInspector.inspect(onnxFile);
        ModelMetadata metadata = ModelMetadata.from(signature, onnxFile);
        checkVocabulary(signature, metadata, tokens, onnxFile, tokensFile);

        if (provider == ExecutionProvider.CUDA && !cudaProviderAvailable()) {
            throw new ModelLoadException("the ONNX Runtime on the class path has no CUDA execution provider"
                    + " (available: " + OrtEnvironment.getAvailableProviders() + "); build with the CUDA build"
                    + " of ONNX Runtime (Maven profile gpu) or choose the cpu device");
        }
        Map<String, Object> options = new HashMap<>();
        if (intraOpThreads > 0) {
            options.put("intraOpNumThreads", Integer.toString(intraOpThreads));
        }
        if (provider == ExecutionProvider.CPU) {
            Model model = Model.newInstance(directory.getFileName().toString(), Device.cpu(), ENGINE);
            loadSession(model, directory, options, onnxFile, provider);
            return new AcousticModel(model, signature, metadata, tokens, provider, null);
        }
        return loadCuda(directory, options, onnxFile, cuda, signature, metadata, tokens);
    }

    /**
     * Loads the session with the configured CUDA provider options. DJL 0.38.0's OrtModel calls only
     * {@code addCUDA(deviceId)} with ONNX Runtime's defaults when the model's device is a GPU, and ONNX Runtime
     * rejects a second CUDA provider. So the DJL model stays on {@code Device.cpu()} and receives session
     * options that already carry CUDA. Inputs are CPU tensors on either device, and the reported device comes
     * from the execution provider, not from DJL's NDManager.
     */
    private static AcousticModel loadCuda(Path directory, Map<String, Object> options, Path onnxFile,
            CudaOptions cuda, ModelSignature signature, ModelMetadata metadata, TokenTable tokens)
            throws ModelLoadException {
        // NOTE: this CUDA path has not run on a GPU in this project's tests. They cover the CPU path, and
        // CudaOptionsTest builds the native provider options only where the ONNX Runtime build offers CUDA.
        LOG.log(System.Logger.Level.INFO, "CUDA execution provider options: {0}", cuda.describe());
        OrtSession.SessionOptions sessionOptions = new OrtSession.SessionOptions();
        try (OrtCUDAProviderOptions cudaOptions = cuda.toProviderOptions()) {
            sessionOptions.addCUDA(cudaOptions);
            options.put("sessionOptions", sessionOptions);
            Model model = Model.newInstance(directory.getFileName().toString(), Device.cpu(), ENGINE);
            loadSession(model, directory, options, onnxFile, ExecutionProvider.CUDA);
            return new AcousticModel(model, signature, metadata, tokens, ExecutionProvider.CUDA, sessionOptions);
        } catch (OrtException | RuntimeException e) {
            sessionOptions.close();
            throw new ModelLoadException(onnxFile + ": cannot set up the CUDA execution provider with "
                    + cuda.describe() + ": " + e.getMessage(), e);
        } catch (ModelLoadException e) {
            sessionOptions.close();
            throw e;
        }
    }

    /** Creates the ONNX Runtime session of {@code model}, closing the model when that fails. */
    private static void loadSession(Model model, Path directory, Map<String, ?> options, Path onnxFile,
            ExecutionProvider provider) throws ModelLoadException {
        try {
            model.load(directory, "model", options);
        } catch (IOException | MalformedModelException | RuntimeException e) {
            model.close();
            String cause = e.getCause() != null ? e.getMessage() + ": " + e.getCause().getMessage() : e.getMessage();
            throw new ModelLoadException(onnxFile + ": DJL OnnxRuntime engine failed to load the model on "
                    + provider.providerName() + ": " + cause, e);
        }
    }

    private static Path requireFile(Path file) throws ModelLoadException {
        if (!Files.isRegularFile(file)) {
            throw new ModelLoadException(file.toAbsolutePath() + " not found: a model directory needs "
                    + MODEL_FILE + " and " + TOKENS_FILE);
        }
        if (!Files.isReadable(file)) {
            throw new ModelLoadException(file.toAbsolutePath() + " is not readable");
        }
        return file;
    }

    private static void checkVocabulary(ModelSignature signature, ModelMetadata metadata, TokenTable tokens,
            Path onnxFile, Path tokensFile) throws ModelLoadException {
        if (signature.classCount() > 0 && signature.classCount() != tokens.size()) {
            throw new ModelLoadException(onnxFile + " outputs " + signature.classCount() + " classes but "
                    + tokensFile + " has " + tokens.size() + " tokens; they must be equal");
        }
        if (metadata.vocabSize() > 0 && metadata.vocabSize() != tokens.size()) {
            throw new ModelLoadException(onnxFile + " metadata has vocab_size=" + metadata.vocabSize() + " but "
                    + tokensFile + " has " + tokens.size() + " tokens; they must be equal");
        }
    }

    /**
     * Runs the model on one utterance.
     *
     * @param features features with {@link #featureSize()} bins and at least one frame
     * @return the scores, one row per output frame
     * @throws InferenceException when ONNX Runtime fails or the output does not match the vocabulary
     */
    public LogProbMatrix run(FeatureMatrix features) {
        if (closed) {
            throw new IllegalStateException("model " + model.getName() + " is closed");
        }
        if (features.bins() != signature.featureSize()) {
            throw new IllegalArgumentException("features have " + features.bins() + " bins, the model expects "
                    + signature.featureSize());
        }
        Predictor<FeatureMatrix, LogProbMatrix> predictor = idle.poll();
        if (predictor == null) {
            predictor = model.newPredictor(translator);
            all.add(predictor);
        }
        LogProbMatrix scores;
        try {
            scores = predictor.predict(features);
        } catch (TranslateException | RuntimeException e) {
            throw new InferenceException("inference failed on " + features.frames() + " frames: " + e.getMessage(), e);
        } finally {
            idle.add(predictor);
        }
        if (scores.classes() != tokens.size()) {
            throw new InferenceException("model output has " + scores.classes() + " classes but "
                    + TOKENS_FILE + " has " + tokens.size() + " tokens", null);
        }
        return scores;
    }

    /** Returns the vocabulary. */
    public TokenTable tokens() {
        return tokens;
    }

    /** Returns the graph's inputs, output and metadata. */
    public ModelSignature signature() {
        return signature;
    }

    /** Returns the metadata values the pipeline uses, with defaults applied. */
    public ModelMetadata metadata() {
        return metadata;
    }

    /** Returns the number of mel bins the model expects. */
    public int featureSize() {
        return signature.featureSize();
    }

    /** Returns the provider the session runs on. */
    public ExecutionProvider executionProvider() {
        return provider;
    }

    /** Returns the model name, the directory name. */
    public String name() {
        return model.getName();
    }

    /** Closes the predictors and the ONNX Runtime session. */
    @Override
    public void close() {
        closed = true;
        Predictor<FeatureMatrix, LogProbMatrix> predictor;
        while ((predictor = all.poll()) != null) {
            predictor.close();
        }
        idle.clear();
        model.close();
        // DJL closes only the session options it created itself.
        if (sessionOptions != null) {
            sessionOptions.close();
        }
        LOG.log(System.Logger.Level.INFO, "model {0} closed", model.getName());
    }
}
