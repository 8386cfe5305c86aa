package io.lightningasr.asr.model;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the inputs, output and metadata of an ONNX file with the ONNX Runtime Java API that DJL's engine ships,
 * and checks that they fit a NeMo CTC model. DJL's {@code OrtSymbolBlock} exposes the custom metadata but not
 * the tensor shapes, so this opens a short-lived session without graph optimisation.
 */
final class OnnxModelInspector {

    static final String FEATURE_INPUT = "audio_signal";
    static final String LENGTH_INPUT = "length";
    static final String OUTPUT = "logprobs";

    private OnnxModelInspector() {
    }

    /**
     * Inspects {@code onnxFile}. The caller must have initialised DJL's OnnxRuntime engine first, so that this
     * reuses the engine's {@link OrtEnvironment} and does not create one with other thread settings.
     *
     * @throws ModelLoadException when ONNX Runtime cannot read the file or the graph does not fit a CTC model
     */
    static ModelSignature inspect(Path onnxFile) throws ModelLoadException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.NO_OPT);
            options.setIntraOpNumThreads(1);
            try (OrtSession session = env.createSession(onnxFile.toString(), options)) {
                return describe(onnxFile, session.getInputInfo(), session.getOutputInfo(),
                        session.getMetadata().getCustomMetadata());
            }
        } catch (OrtException e) {
            throw new ModelLoadException(onnxFile + ": ONNX Runtime failed to load the model: " + e.getMessage(), e);
        }
    }

    private static ModelSignature describe(Path file, Map<String, NodeInfo> inputs, Map<String, NodeInfo> outputs,
            Map<String, String> metadata) throws ModelLoadException {
        if (inputs.size() != 2) {
            throw new ModelLoadException(file + ": expected 2 inputs (" + FEATURE_INPUT + " [batch, features, frames]"
                    + " float32 and " + LENGTH_INPUT + " [batch] int64), found " + describeAll(inputs));
        }
        String featureInput = pick(inputs, FEATURE_INPUT, OnnxJavaType.FLOAT, 3);
        String lengthInput = pick(inputs, LENGTH_INPUT, OnnxJavaType.INT64, 1);
        if (featureInput == null || lengthInput == null || featureInput.equals(lengthInput)) {
            throw new ModelLoadException(file + ": expected inputs " + FEATURE_INPUT + " (float32, rank 3) and "
                    + LENGTH_INPUT + " (int64, rank 1), found " + describeAll(inputs));
        }
        long[] featureShape = requireTensor(file, inputs, featureInput, 3);
        requireTensor(file, inputs, lengthInput, 1);
        if (featureShape[1] <= 0) {
            throw new ModelLoadException(file + ": input " + featureInput + " has a dynamic feature dimension "
                    + Arrays.toString(featureShape) + "; the number of mel bins must be fixed in the graph");
        }

        String output = outputs.containsKey(OUTPUT) ? OUTPUT : outputs.keySet().iterator().next();
        long[] outputShape = requireTensor(file, outputs, output, 3);
        int classCount = outputShape[2] > 0 ? Math.toIntExact(outputShape[2]) : -1;
        return new ModelSignature(featureInput, lengthInput, Math.toIntExact(featureShape[1]), output, classCount,
                new LinkedHashMap<>(metadata));
    }

    /** Returns {@code preferred} when present, else the only input of the given type and rank, else null. */
    private static String pick(Map<String, NodeInfo> nodes, String preferred, OnnxJavaType type, int rank) {
        if (nodes.containsKey(preferred)) {
            return preferred;
        }
        List<String> matches = nodes.entrySet().stream()
                .filter(e -> e.getValue().getInfo() instanceof TensorInfo t
                        && t.type == type && t.getShape().length == rank)
                .map(Map.Entry::getKey)
                .toList();
        return matches.size() == 1 ? matches.get(0) : null;
    }

    private static long[] requireTensor(Path file, Map<String, NodeInfo> nodes, String name, int rank)
            throws ModelLoadException {
        if (!(nodes.get(name).getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException(file + ": " + name + " is not a tensor: " + nodes.get(name).getInfo());
        }
        long[] shape = info.getShape();
        if (shape.length != rank) {
            throw new ModelLoadException(file + ": " + name + " has rank " + shape.length + " (shape "
                    + Arrays.toString(shape) + "), expected rank " + rank);
        }
        return shape;
    }

    private static String describeAll(Map<String, NodeInfo> nodes) {
        StringBuilder text = new StringBuilder("[");
        for (Map.Entry<String, NodeInfo> e : nodes.entrySet()) {
            if (text.length() > 1) {
                text.append(", ");
            }
            text.append(e.getKey());
            if (e.getValue().getInfo() instanceof TensorInfo t) {
                text.append(' ').append(t.type).append(' ').append(Arrays.toString(t.getShape()));
            }
        }
        return text.append(']').toString();
    }
}
