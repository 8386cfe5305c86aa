package io.lightningasr.asr.model;

import io.lightningasr.asr.features.FeatureNormalization;
import java.nio.file.Path;

/**
 * The metadata of a NeMo CTC export that the pipeline uses, with sherpa-onnx's defaults for missing keys.
 *
 * @param vocabSize {@code vocab_size}, or -1 when missing
 * @param subsamplingFactor {@code subsampling_factor}: feature frames per output frame (default 4)
 * @param normalization {@code normalize_type}; missing or empty means no normalisation, as in sherpa-onnx
 * @param modelType {@code model_type}, or an empty string
 * @param comment {@code comment}, or an empty string
 */
public record ModelMetadata(
        int vocabSize, int subsamplingFactor, FeatureNormalization normalization, String modelType, String comment) {

    private static final System.Logger LOG = System.getLogger(ModelMetadata.class.getName());
    static final int DEFAULT_SUBSAMPLING = 4;

    static ModelMetadata from(ModelSignature signature, Path onnxFile) throws ModelLoadException {
        var values = signature.metadata();
        int vocabSize = intValue(values.get("vocab_size"), -1, "vocab_size", onnxFile);
        String subsampling = values.get("subsampling_factor");
        int subsamplingFactor = intValue(subsampling, DEFAULT_SUBSAMPLING, "subsampling_factor", onnxFile);
        if (subsampling == null) {
            LOG.log(System.Logger.Level.WARNING, "{0} has no subsampling_factor metadata; using {1}",
                    onnxFile, DEFAULT_SUBSAMPLING);
        }
        if (subsamplingFactor < 1) {
            throw new ModelLoadException(onnxFile + ": metadata subsampling_factor must be >= 1, got "
                    + subsamplingFactor);
        }
        String normalizeType = values.get("normalize_type");
        if (normalizeType == null) {
            LOG.log(System.Logger.Level.WARNING,
                    "{0} has no normalize_type metadata; features are not normalised", onnxFile);
        }
        FeatureNormalization normalization;
        try {
            normalization = FeatureNormalization.fromMetadata(normalizeType);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(onnxFile + ": metadata " + e.getMessage(), e);
        }
        return new ModelMetadata(vocabSize, subsamplingFactor, normalization,
                values.getOrDefault("model_type", ""), values.getOrDefault("comment", ""));
    }

    private static int intValue(String text, int fallback, String key, Path onnxFile) throws ModelLoadException {
        if (text == null || text.isBlank()) {
            return fallback;
        }
        try {
            return Integer.parseInt(text.strip());
        } catch (NumberFormatException e) {
            throw new ModelLoadException(onnxFile + ": metadata " + key + " must be an integer, got '" + text + "'");
        }
    }
}
