package io.lightningasr.asr.inference;

import io.lightningasr.asr.model.CudaOptions;
import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the inference pipeline.
 *
 * @param modelDir a directory with {@code model.onnx} and {@code tokens.txt}
 * @param device where to run
 * @param intraOpThreads ONNX Runtime threads per inference, 0 for its default (one per physical core)
 * @param cuda settings of the CUDA execution provider, used only when the model runs on CUDA
 */
public record InferenceConfig(Path modelDir, Device device, int intraOpThreads, CudaOptions cuda) {
    public InferenceConfig {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(device, "device");
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
        }
        Objects.requireNonNull(cuda, "cuda");
    }

    /** Creates settings with {@link CudaOptions#DEFAULTS}. */
    public InferenceConfig(Path modelDir, Device device, int intraOpThreads) {
        this(modelDir, device, intraOpThreads, CudaOptions.DEFAULTS);
    }
}
