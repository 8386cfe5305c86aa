package io.lightningasr.asr;

import java.util.Arrays;
import java.util.Locale;

/** Word-level edit distance between a reference and a hypothesis, for word error rates. */
final class WordErrors {

    private WordErrors() {
    }

    /** Returns the words of {@code text}: lower case, punctuation other than apostrophes removed. */
    static String[] words(String text) {
        String normalized = text.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9' ]", " ").trim();
        return normalized.isEmpty() ? new String[0] : normalized.split("\\s+");
    }

    /** Returns the substitutions, deletions and insertions that turn {@code reference} into {@code hypothesis}. */
    static int count(String[] reference, String[] hypothesis) {
        int[] previous = new int[hypothesis.length + 1];
        int[] current = new int[hypothesis.length + 1];
        Arrays.setAll(previous, i -> i);
        for (int i = 1; i <= reference.length; i++) {
            current[0] = i;
            for (int j = 1; j <= hypothesis.length; j++) {
                int substitution = previous[j - 1] + (reference[i - 1].equals(hypothesis[j - 1]) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j] + 1, current[j - 1] + 1));
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[hypothesis.length];
    }
}
