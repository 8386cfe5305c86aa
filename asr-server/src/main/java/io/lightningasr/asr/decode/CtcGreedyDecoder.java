package io.lightningasr.asr.decode;

import io.lightningasr.asr.model.TokenTable;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Greedy CTC decoding: the best class per frame, repeats collapsed, blanks dropped, tokens joined into words.
 * A word starts at a token with a leading {@code ▁} (BPE models) or after a space token (char models).
 *
 * <p>Times: output frame {@code t} starts at {@code t * 10 ms * subsamplingFactor}. A word starts at the first
 * frame of its first token and ends at the end of the last frame of its last token. The confidence of a word is
 * the mean, over the frames of its tokens, of the best class's posterior probability. The overall confidence is
 * the mean over words, or 0 without words.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class CtcGreedyDecoder {

    private static final double FEATURE_FRAME_SECONDS = 0.01;

    private final TokenTable tokens;
    private final double frameSeconds;

    /**
     * Creates a decoder.
     *
     * @param tokens the vocabulary, whose size must equal the class count of decoded matrices
     * @param subsamplingFactor feature frames per output frame, at least 1
     */
    public CtcGreedyDecoder(TokenTable tokens, int subsamplingFactor) {
        if (subsamplingFactor < 1) {
            throw new IllegalArgumentException("subsamplingFactor must be >= 1, got " + subsamplingFactor);
        }
        this.tokens = tokens;
        this.frameSeconds = FEATURE_FRAME_SECONDS * subsamplingFactor;
    }

    /** Returns the duration of one output frame in seconds. */
    public double frameSeconds() {
        return frameSeconds;
    }

    /** Decodes one utterance into a transcript with times relative to its first frame. */
    public Transcript decode(LogProbMatrix scores) {
        return toTranscript(decodeWords(scores, 0.0));
    }

    /**
     * Decodes one utterance into words.
     *
     * @param offsetSeconds added to every word time, the start of this matrix within a longer signal
     */
    public List<Transcript.Word> decodeWords(LogProbMatrix scores, double offsetSeconds) {
        if (scores.classes() != tokens.size()) {
            throw new IllegalArgumentException("model output has " + scores.classes()
                    + " classes but the token table has " + tokens.size() + " tokens");
        }
        WordBuilder words = new WordBuilder(offsetSeconds);
        int previous = -1;
        for (int t = 0; t < scores.frames(); t++) {
            int best = argmax(scores, t);
            double probability = bestPosterior(scores, t, best);
            if (best == tokens.blankId()) {
                previous = best;
                continue;
            }
            if (best == previous) {
                words.extendToken(t, probability);
            } else {
                words.addToken(best, t, probability);
            }
            previous = best;
        }
        words.finishWord();
        return words.result;
    }

    /** Builds a transcript from words in time order: text joined by single spaces, confidence their mean. */
    public static Transcript toTranscript(List<Transcript.Word> words) {
        StringBuilder text = new StringBuilder();
        double confidenceSum = 0;
        for (Transcript.Word word : words) {
            if (!text.isEmpty()) {
                text.append(' ');
            }
            text.append(word.word());
            confidenceSum += word.confidence();
        }
        double confidence = words.isEmpty() ? 0.0 : confidenceSum / words.size();
        return new Transcript(text.toString(), confidence, words);
    }

    private static int argmax(LogProbMatrix scores, int frame) {
        float[] data = scores.data();
        int base = frame * scores.classes();
        int best = 0;
        for (int c = 1; c < scores.classes(); c++) {
            if (data[base + c] > data[base + best]) {
                best = c;
            }
        }
        return best;
    }

    /** Returns softmax(scores of the frame)[best], which equals exp(score) when the scores are log-softmax. */
    private static double bestPosterior(LogProbMatrix scores, int frame, int best) {
        float[] data = scores.data();
        int base = frame * scores.classes();
        double max = data[base + best];
        double sum = 0;
        for (int c = 0; c < scores.classes(); c++) {
            sum += Math.exp(data[base + c] - max);
        }
        return 1.0 / sum;
    }

    /** Accumulates tokens into words. */
    private final class WordBuilder {
        private final double offsetSeconds;
        private final List<Transcript.Word> result = new ArrayList<>();
        private final StringBuilder text = new StringBuilder();
        private final ByteArrayOutputStream pendingBytes = new ByteArrayOutputStream();
        private int startFrame = -1;
        private int endFrame = -1;
        private double probabilitySum;
        private int probabilityCount;
        /** Whether the current token run belongs to the word, so that its repeated frames extend it. */
        private boolean emitting;

        WordBuilder(double offsetSeconds) {
            this.offsetSeconds = offsetSeconds;
        }

        void addToken(int id, int frame, double probability) {
            emitting = false;
            if (tokens.isSpace(id)) {
                finishWord();
                return;
            }
            if (tokens.isSpecial(id)) {
                return;
            }
            int byteValue = tokens.byteValue(id);
            String piece = tokens.symbol(id);
            if (byteValue < 0 && piece.startsWith(TokenTable.WORD_START)) {
                finishWord();
                piece = piece.substring(TokenTable.WORD_START.length());
                if (piece.isEmpty()) {
                    // A lone word-start piece only separates words; the next piece opens the new word.
                    return;
                }
            }
            if (byteValue >= 0) {
                pendingBytes.write(byteValue);
            } else {
                flushBytes();
                text.append(piece);
            }
            if (startFrame < 0) {
                startFrame = frame;
            }
            emitting = true;
            extendToken(frame, probability);
        }

        void extendToken(int frame, double probability) {
            if (!emitting) {
                return;
            }
            endFrame = frame;
            probabilitySum += probability;
            probabilityCount++;
        }

        void finishWord() {
            flushBytes();
            if (!text.isEmpty()) {
                double start = offsetSeconds + startFrame * frameSeconds;
                double end = offsetSeconds + (endFrame + 1) * frameSeconds;
                result.add(new Transcript.Word(text.toString(), start, end, probabilitySum / probabilityCount));
            }
            text.setLength(0);
            startFrame = -1;
            endFrame = -1;
            probabilitySum = 0;
            probabilityCount = 0;
        }

        private void flushBytes() {
            if (pendingBytes.size() > 0) {
                // Invalid byte sequences become U+FFFD, as SentencePiece decodes them.
                text.append(new String(pendingBytes.toByteArray(), StandardCharsets.UTF_8));
                pendingBytes.reset();
            }
        }
    }
}
