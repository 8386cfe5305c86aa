package io.lightningasr.asr.inference;

/**
 * A description of the loaded model for logs, metrics and the detailed health endpoint.
 *
 * @param name the model name (the model directory's name, such as {@code demo-en})
 * @param device {@code cpu} or {@code gpu}
 * @param executionProvider {@code CPUExecutionProvider} or {@code CUDAExecutionProvider}
 * @param featureSize mel bins per frame
 * @param vocabSize tokens in the vocabulary, blank included
 * @param subsamplingFactor feature frames (10 ms) per model output frame
 * @param normalization {@code per_feature} or {@code none}
 * @param modelType the {@code model_type} metadata, or an empty string
 * @param loadTimeSeconds seconds spent loading and validating the model, warm-up excluded
 */
public record ModelInfo(
        String name, String device, String executionProvider, int featureSize, int vocabSize,
        int subsamplingFactor, String normalization, String modelType, double loadTimeSeconds) {
}
