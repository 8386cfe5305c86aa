package io.lightningasr.asr.decode;

import java.util.List;

/**
 * The result of decoding one utterance.
 *
 * @param text the words joined by single spaces
 * @param confidence the overall confidence in [0, 1]
 * @param words the recognised words with times in seconds from the start of the audio
 */
public record Transcript(String text, double confidence, List<Word> words) {
    public Transcript {
        words = List.copyOf(words);
    }

    /**
     * A recognised word.
     *
     * @param word the word text
     * @param startSeconds the start time, in seconds
     * @param endSeconds the end time, in seconds
     * @param confidence the word confidence in [0, 1]
     */
    public record Word(String word, double startSeconds, double endSeconds, double confidence) {
    }
}
