package io.lightningasr.asr.inference;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Word error rate helpers for tests: lower-case words without punctuation, Levenshtein distance over words. */
final class WordErrorRate {

    private WordErrorRate() {
    }

    /** Splits text into lower-case words, keeping letters, digits and apostrophes. */
    static List<String> words(String text) {
        String cleaned = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N}' ]+", " ").strip();
        return cleaned.isEmpty() ? List.of() : Arrays.asList(cleaned.split("\\s+"));
    }

    /** Returns the minimum number of word substitutions, insertions and deletions turning {@code ref} into {@code hyp}. */
    static int editDistance(List<String> ref, List<String> hyp) {
        int[] previous = new int[hyp.size() + 1];
        int[] current = new int[hyp.size() + 1];
        for (int j = 0; j <= hyp.size(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= ref.size(); i++) {
            current[0] = i;
            for (int j = 1; j <= hyp.size(); j++) {
                int substitution = previous[j - 1] + (ref.get(i - 1).equals(hyp.get(j - 1)) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hyp.size()];
    }
}
