package io.lightningasr.asr.http;

/**
 * The loaded model as the API reports it.
 *
 * @param name the model name, e.g. the model directory's name
 * @param language the language the model transcribes, a lower-case primary subtag such as {@code en}
 * @param device where inference runs: {@code cpu} or {@code gpu}
 * @param executionProvider the ONNX Runtime execution provider, e.g. {@code CPUExecutionProvider}
 * @param loadSeconds time spent loading and warming up the model, in seconds
 */
public record ModelDescription(String name, String language, String device, String executionProvider,
                               double loadSeconds) {
}
