package io.lightningasr.asr.decode;

/**
 * Per-frame scores of a CTC model for one utterance, row-major: the score of class {@code c} in frame {@code t}
 * is {@code data[t * classes + c]}. Scores are log-probabilities (NeMo exports end in log-softmax) or logits;
 * the decoder treats both the same because it renormalises each frame.
 *
 * @param frames the number of output frames
 * @param classes the number of classes, the vocabulary size
 * @param data {@code frames * classes} scores, owned by this record
 */
public record LogProbMatrix(int frames, int classes, float[] data) {
    public LogProbMatrix {
        if (frames < 0 || classes < 1 || data.length != (long) frames * classes) {
            throw new IllegalArgumentException(
                    "data length " + data.length + " does not match frames " + frames + " x classes " + classes);
        }
    }

    /** Returns the first {@code count} frames, or this matrix when it has no more than {@code count} frames. */
    public LogProbMatrix firstFrames(int count) {
        if (count >= frames) {
            return this;
        }
        return new LogProbMatrix(count, classes, java.util.Arrays.copyOf(data, count * classes));
    }
}
