package io.lightningasr.asr.decode;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightningasr.asr.model.TokenTable;
import java.util.List;
import org.junit.jupiter.api.Test;

class CtcGreedyDecoderTest {

    private static final TokenTable BPE = TokenTable.parse(
            "<unk> 0\n▁hel 1\nlo 2\n▁world 3\n▁ 4\nx 5\n<0xC3> 6\n<0xA9> 7\n<blk> 8\n", "tokens.txt");
    private static final TokenTable CHARS = TokenTable.parse("  0\na 1\nb 2\n<blk> 3\n", "tokens.txt");

    /** Builds log-probabilities where each frame puts {@code p} on its listed class and spreads the rest. */
    private static LogProbMatrix frames(int classes, double p, int... best) {
        float[] data = new float[best.length * classes];
        double rest = (1 - p) / (classes - 1);
        for (int t = 0; t < best.length; t++) {
            for (int c = 0; c < classes; c++) {
                data[t * classes + c] = (float) Math.log(c == best[t] ? p : rest);
            }
        }
        return new LogProbMatrix(best.length, classes, data);
    }

    @Test
    void collapsesRepeatsAndDropsBlanks() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 4);

        Transcript t = decoder.decode(frames(9, 0.9, 8, 1, 1, 8, 2, 2, 8, 3, 8));

        assertEquals("hello world", t.text());
        assertEquals(2, t.words().size());
    }

    @Test
    void repeatedTokenSeparatedByBlankIsEmittedTwice() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 4);

        Transcript t = decoder.decode(frames(9, 0.9, 1, 2, 8, 2));

        assertEquals("hellolo", t.text());
    }

    @Test
    void wordTimesFollowFramesAndSubsampling() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 4);

        // Frames 0..9: blank, hel, hel, lo, blank, blank, world, world, world, blank.
        List<Transcript.Word> words = decoder.decode(frames(9, 0.9, 8, 1, 1, 2, 8, 8, 3, 3, 3, 8)).words();

        assertEquals("hello", words.get(0).word());
        assertEquals(0.04, words.get(0).startSeconds(), 1e-9);
        assertEquals(0.16, words.get(0).endSeconds(), 1e-9);
        assertEquals("world", words.get(1).word());
        assertEquals(0.24, words.get(1).startSeconds(), 1e-9);
        assertEquals(0.36, words.get(1).endSeconds(), 1e-9);
    }

    @Test
    void offsetShiftsWordTimes() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 8);

        List<Transcript.Word> words = decoder.decodeWords(frames(9, 0.9, 3), 10.0);

        assertEquals(10.0, words.get(0).startSeconds(), 1e-9);
        assertEquals(10.08, words.get(0).endSeconds(), 1e-9);
    }

    @Test
    void confidenceIsMeanBestPosteriorOverWordFrames() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 4);
        LogProbMatrix first = frames(9, 0.9, 1, 1);
        LogProbMatrix second = frames(9, 0.6, 2, 8, 3);
        float[] data = new float[5 * 9];
        System.arraycopy(first.data(), 0, data, 0, 18);
        System.arraycopy(second.data(), 0, data, 18, 27);

        Transcript t = decoder.decode(new LogProbMatrix(5, 9, data));

        assertEquals((0.9 + 0.9 + 0.6) / 3, t.words().get(0).confidence(), 1e-6);
        assertEquals(0.6, t.words().get(1).confidence(), 1e-6);
        assertEquals(((0.9 + 0.9 + 0.6) / 3 + 0.6) / 2, t.confidence(), 1e-6);
    }

    @Test
    void logitsGiveTheSameConfidenceAsLogProbs() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 4);
        LogProbMatrix logProbs = frames(9, 0.7, 3);
        float[] logits = logProbs.data().clone();
        for (int i = 0; i < logits.length; i++) {
            logits[i] += 5.0f;
        }

        double fromLogits = decoder.decode(new LogProbMatrix(1, 9, logits)).confidence();

        assertEquals(0.7, fromLogits, 1e-5);
    }

    @Test
    void lonePieceSeparatesWordsAndUnknownIsDropped() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 4);

        Transcript t = decoder.decode(frames(9, 0.9, 1, 4, 5, 0, 2));

        assertEquals("hel xlo", t.text());
    }

    @Test
    void bytePiecesJoinIntoUtf8() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 4);

        Transcript t = decoder.decode(frames(9, 0.9, 1, 6, 7, 5));

        assertEquals("hel\u00e9x", t.text());
    }

    @Test
    void charModelSplitsWordsAtSpace() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(CHARS, 4);

        Transcript t = decoder.decode(frames(4, 0.9, 1, 3, 1, 2, 0, 0, 2, 3));

        assertEquals("aab b", t.text());
        assertEquals(0.0, t.words().get(0).startSeconds(), 1e-9);
        assertEquals(0.16, t.words().get(0).endSeconds(), 1e-9);
        assertEquals(0.24, t.words().get(1).startSeconds(), 1e-9);
    }

    @Test
    void allBlankGivesEmptyTranscript() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 4);

        Transcript t = decoder.decode(frames(9, 0.9, 8, 8, 8));

        assertEquals("", t.text());
        assertEquals(0.0, t.confidence());
        assertTrue(t.words().isEmpty());
    }

    @Test
    void classCountMustMatchTokens() {
        CtcGreedyDecoder decoder = new CtcGreedyDecoder(BPE, 4);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> decoder.decode(frames(5, 0.9, 1)));

        assertTrue(e.getMessage().contains("5 classes"), e.getMessage());
    }
}
