package io.lightningasr.asr.model;

import java.util.Map;

/**
 * The inputs, output and metadata of a NeMo CTC model in ONNX, as read from the graph.
 *
 * @param featureInput the name of the features input, {@code audio_signal} in NeMo exports, shape
 *     {@code [batch, featureSize, frames]} float32
 * @param lengthInput the name of the frame-count input, {@code length} in NeMo exports, shape {@code [batch]} int64
 * @param featureSize the number of mel bins the model expects (dimension 1 of the features input)
 * @param output the name of the scores output, {@code logprobs} in NeMo exports, shape {@code [batch, frames, classes]}
 * @param classCount the last dimension of the output, or -1 when the graph leaves it dynamic
 * @param metadata the custom metadata ({@code metadata_props}) of the model, possibly empty
 */
public record ModelSignature(
        String featureInput, String lengthInput, int featureSize, String output, int classCount,
        Map<String, String> metadata) {
    public ModelSignature {
        metadata = Map.copyOf(metadata);
    }
}
