package io.lightningasr.loadtest.profile;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * Offered load per second: a concurrency (closed loop, clients each with one request outstanding) or a rate
 * (open loop, requests per second). Second {@code i} of the run uses {@code values[i]}; seconds past the end use
 * the last value.
 */
public final class LoadProfile {

    /** Unit of the profile's values. */
    public enum Kind {
        /** Clients with one request outstanding each. */
        CONCURRENCY,
        /** Requests started per second. */
        RATE;

        /** Returns the lower-case name used in CSV headers and series files. */
        public String columnName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private final Kind kind;
    private final double[] values;
    private final String description;

    private LoadProfile(Kind kind, double[] values, String description) {
        if (values.length == 0) {
            throw new IllegalArgumentException("a load profile needs at least one second");
        }
        for (double value : values) {
            if (!(value >= 0) || Double.isInfinite(value)) {
                throw new IllegalArgumentException("invalid load value " + value + ": expected a finite value >= 0");
            }
        }
        this.kind = kind;
        this.values = values;
        this.description = description;
    }

    /** Returns a profile of explicit per-second values. */
    public static LoadProfile of(Kind kind, double[] values, String description) {
        return new LoadProfile(kind, values.clone(), description);
    }

    /** Returns a constant profile. */
    public static LoadProfile constant(Kind kind, double value, int durationSeconds) {
        double[] values = new double[Math.max(1, durationSeconds)];
        Arrays.fill(values, value);
        return new LoadProfile(kind, values, "constant " + format(value) + " " + kind.columnName());
    }

    /** Returns a built-in scenario scaled to {@code peak} over {@code durationSeconds}. */
    public static LoadProfile scenario(Scenario scenario, Kind kind, double peak, int durationSeconds) {
        if (durationSeconds < 1) {
            throw new IllegalArgumentException("invalid duration " + durationSeconds + " s for a scenario: expected >= 1 s");
        }
        double[] values = new double[durationSeconds];
        for (int second = 0; second < durationSeconds; second++) {
            double value = scenario.valueAt(second, durationSeconds, peak);
            if (kind == Kind.CONCURRENCY) {
                // A client count is whole, and a positive value keeps at least one client so the run never stalls.
                long clients = Math.round(value);
                values[second] = value > 0 ? Math.max(1, clients) : Math.max(0, clients);
            } else {
                values[second] = value;
            }
        }
        return new LoadProfile(kind, values, scenario.cliName() + " to " + format(peak) + " " + kind.columnName());
    }

    /**
     * Reads a CSV file with the header {@code second,concurrency} or {@code second,rate} and one row per change;
     * each value applies until the next row. Blank lines and lines starting with {@code #} are skipped.
     *
     * @param durationSeconds length of the profile, or 0 for the last row's second + 1
     * @throws IOException              when the file cannot be read
     * @throws IllegalArgumentException when the header or a row is invalid, naming the line
     */
    public static LoadProfile readCsv(Path file, int durationSeconds) throws IOException {
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        Kind kind = null;
        TreeMap<Integer, Double> rows = new TreeMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] cells = line.split(",");
            if (kind == null) {
                kind = parseHeader(file, i + 1, cells);
                continue;
            }
            if (cells.length != 2) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected 'second,value', got '" + line + "'");
            }
            try {
                int second = Integer.parseInt(cells[0].strip());
                double value = Double.parseDouble(cells[1].strip());
                if (second < 0 || !(value >= 0)) {
                    throw new NumberFormatException("negative");
                }
                rows.put(second, value);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(file + " line " + (i + 1)
                        + ": expected a second >= 0 and a value >= 0, got '" + line + "'", e);
            }
        }
        if (kind == null || rows.isEmpty()) {
            throw new IllegalArgumentException(file + ": expected a header 'second,concurrency' or 'second,rate' and rows");
        }
        int length = durationSeconds > 0 ? durationSeconds : rows.lastKey() + 1;
        double[] values = new double[length];
        for (int second = 0; second < length; second++) {
            var row = rows.floorEntry(second);
            values[second] = row == null ? 0 : row.getValue();
        }
        return new LoadProfile(kind, values, "profile " + file.getFileName());
    }

    private static Kind parseHeader(Path file, int lineNumber, String[] cells) {
        if (cells.length == 2 && cells[0].strip().equalsIgnoreCase("second")) {
            String column = cells[1].strip().toLowerCase(Locale.ROOT);
            for (Kind kind : Kind.values()) {
                if (kind.columnName().equals(column)) {
                    return kind;
                }
            }
        }
        throw new IllegalArgumentException(file + " line " + lineNumber
                + ": expected the header 'second,concurrency' or 'second,rate', got '" + String.join(",", cells) + "'");
    }

    /** Returns what the values mean. */
    public Kind kind() {
        return kind;
    }

    /** Returns the number of seconds with an explicit value. */
    public int durationSeconds() {
        return values.length;
    }

    /** Returns the value at a second; seconds past the end use the last value. */
    public double valueAt(long second) {
        if (second < 0) {
            return values[0];
        }
        return values[(int) Math.min(second, values.length - 1)];
    }

    /** Returns the largest value. */
    public double peak() {
        return Arrays.stream(values).max().orElse(0);
    }

    /** Returns a short description for summaries and chart titles. */
    public String description() {
        return description;
    }

    private static String format(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }
}
