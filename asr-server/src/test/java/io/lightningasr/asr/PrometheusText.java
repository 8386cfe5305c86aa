package io.lightningasr.asr;

import java.util.Map;

/**
 * A scrape in Prometheus text format with look-ups of sample values.
 *
 * @param text the exposition text
 * @param contentType the Content-Type header of the scrape
 */
record PrometheusText(String text, String contentType) {

    /**
     * Returns the value of the sample {@code name} whose labels include {@code labels}, or 0 when there is
     * none (counters with a label value never seen are absent).
     */
    double value(String name, Map<String, String> labels) {
        double sum = 0;
        for (String line : text.split("\n")) {
            if (line.startsWith("#") || !matchesName(line, name)) {
                continue;
            }
            boolean all = labels.entrySet().stream()
                    .allMatch(e -> line.contains(e.getKey() + "=\"" + e.getValue() + "\""));
            if (all) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }

    /** Returns the value of the unlabelled sample {@code name}, or of the sum over its label sets. */
    double value(String name) {
        return value(name, Map.of());
    }

    /** Returns whether a sample line of {@code name} exists. */
    boolean has(String name) {
        for (String line : text.split("\n")) {
            if (!line.startsWith("#") && matchesName(line, name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean matchesName(String line, String name) {
        return line.startsWith(name) && line.length() > name.length()
                && (line.charAt(name.length()) == '{' || line.charAt(name.length()) == ' ');
    }
}
