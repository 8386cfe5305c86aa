package io.lightningasr.asr.model;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.translate.Batchifier;
import ai.djl.translate.Translator;
import ai.djl.translate.TranslatorContext;
import io.lightningasr.asr.decode.LogProbMatrix;
import io.lightningasr.asr.features.FeatureMatrix;

/**
 * Turns one utterance's features into the model's two named inputs, {@code [1, bins, frames]} float32 features
 * and {@code [1]} int64 frame count, and the scores output {@code [1, frames', classes]} into a
 * {@link LogProbMatrix}. Each call is one utterance, so there is no batchifier.
 */
final class CtcTranslator implements Translator<FeatureMatrix, LogProbMatrix> {

    private final ModelSignature signature;

    CtcTranslator(ModelSignature signature) {
        this.signature = signature;
    }

    @Override
    public Batchifier getBatchifier() {
        return null;
    }

    @Override
    public NDList processInput(TranslatorContext ctx, FeatureMatrix features) {
        NDManager manager = ctx.getNDManager();
        NDArray audio = manager.create(features.data(), new Shape(1, features.bins(), features.frames()));
        audio.setName(signature.featureInput());
        NDArray length = manager.create(new long[] {features.frames()});
        length.setName(signature.lengthInput());
        return new NDList(audio, length);
    }

    @Override
    public LogProbMatrix processOutput(TranslatorContext ctx, NDList outputs) {
        NDArray scores = outputs.get(signature.output());
        if (scores == null) {
            scores = outputs.head();
        }
        Shape shape = scores.getShape();
        if (shape.dimension() != 3 || shape.get(0) != 1) {
            throw new IllegalStateException("output " + signature.output() + " has shape " + shape
                    + ", expected [1, frames, classes]");
        }
        return new LogProbMatrix(Math.toIntExact(shape.get(1)), Math.toIntExact(shape.get(2)),
                scores.toFloatArray());
    }
}
