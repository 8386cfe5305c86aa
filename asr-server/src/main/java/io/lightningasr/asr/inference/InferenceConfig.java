package io.lightningasr.asr.inference;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Settings of the inference pipeline.
 *
 * @param modelDir a directory with {@code model.onnx} and {@code tokens.txt}
 * @param device where to run
 * @param intraOpThreads ONNX Runtime threads per inference, 0 for its default (one per physical core)
 */
public record InferenceConfig(Path modelDir, Device device, int intraOpThreads) {
    public InferenceConfig {
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(device, "device");
        if (intraOpThreads < 0) {
            throw new IllegalArgumentException("intraOpThreads must be >= 0, got " + intraOpThreads);
        }
    }
}
