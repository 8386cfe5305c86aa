package io.lightningasr.loadtest.series;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeSet;

/**
 * Writes and reads series files. The format follows the file name: {@code .json} is the {@link Series} record as
 * JSON; {@code .csv} has one row per second with fixed columns, then {@code status_<code>} and
 * {@code active_<pod>} columns, and {@code #} comment lines for the source, title, kind and target.
 */
public final class SeriesFiles {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final List<String> FIXED_COLUMNS = List.of("second", "offered", "completed", "throughput",
            "in_flight", "p50_ms", "p90_ms", "p99_ms", "max_ms", "audio_seconds", "replicas", "ready_replicas",
            "queued");

    private SeriesFiles() {
    }

    /** Writes the series as JSON or CSV, chosen by the file name. */
    public static void write(Series series, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        if (isCsv(file)) {
            writeCsv(series, file);
        } else {
            JSON.writeValue(file.toFile(), series);
        }
    }

    /** Reads a series written by {@link #write}. */
    public static Series read(Path file) throws IOException {
        if (isCsv(file)) {
            return readCsv(file);
        }
        return JSON.readValue(file.toFile(), Series.class);
    }

    private static boolean isCsv(Path file) {
        return file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".csv");
    }

    private static void writeCsv(Series series, Path file) throws IOException {
        TreeSet<String> statuses = new TreeSet<>();
        TreeSet<String> pods = new TreeSet<>();
        for (SeriesPoint point : series.points()) {
            statuses.addAll(point.statusCounts().keySet());
            pods.addAll(point.activeByPod().keySet());
        }
        try (Writer out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("# source=" + series.source() + "\n");
            out.write("# title=" + series.title().replace('\n', ' ') + "\n");
            out.write("# offered_kind=" + series.offeredKind() + "\n");
            if (series.targetActiveRequests() != null) {
                out.write("# target_active_requests=" + series.targetActiveRequests() + "\n");
            }
            List<String> header = new ArrayList<>(FIXED_COLUMNS);
            statuses.forEach(status -> header.add("status_" + status));
            pods.forEach(pod -> header.add("active_" + pod));
            out.write(String.join(",", header) + "\n");
            for (SeriesPoint p : series.points()) {
                List<String> cells = new ArrayList<>(List.of(Integer.toString(p.second()), number(p.offered()),
                        Long.toString(p.completed()), number(p.throughput()), number(p.inFlight()), number(p.p50Ms()),
                        number(p.p90Ms()), number(p.p99Ms()), number(p.maxMs()), number(p.audioSeconds()),
                        p.replicas() == null ? "" : p.replicas().toString(),
                        p.readyReplicas() == null ? "" : p.readyReplicas().toString(), number(p.queued())));
                statuses.forEach(status -> cells.add(Long.toString(p.statusCounts().getOrDefault(status, 0L))));
                pods.forEach(pod -> cells.add(number(p.activeByPod().get(pod))));
                out.write(String.join(",", cells) + "\n");
            }
        }
    }

    private static Series readCsv(Path file) throws IOException {
        Map<String, String> meta = new LinkedHashMap<>();
        List<String> header = null;
        List<SeriesPoint> points = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            if (line.startsWith("#")) {
                int equals = line.indexOf('=');
                if (equals > 0) {
                    meta.put(line.substring(1, equals).strip(), line.substring(equals + 1).strip());
                }
                continue;
            }
            List<String> cells = Arrays.asList(line.split(",", -1));
            if (header == null) {
                header = cells;
                if (!header.containsAll(FIXED_COLUMNS)) {
                    throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected the columns " + FIXED_COLUMNS);
                }
                continue;
            }
            if (cells.size() != header.size()) {
                throw new IllegalArgumentException(file + " line " + (i + 1) + ": expected " + header.size()
                        + " cells, got " + cells.size());
            }
            points.add(parseRow(header, cells));
        }
        Double target = meta.containsKey("target_active_requests")
                ? Double.valueOf(meta.get("target_active_requests")) : null;
        return new Series(meta.getOrDefault("source", "run"), meta.getOrDefault("title", file.getFileName().toString()),
                meta.getOrDefault("offered_kind", "concurrency"), target, points, Map.of());
    }

    private static SeriesPoint parseRow(List<String> header, List<String> cells) {
        Map<String, String> row = new LinkedHashMap<>();
        for (int c = 0; c < header.size(); c++) {
            row.put(header.get(c), cells.get(c));
        }
        Map<String, Long> statuses = new LinkedHashMap<>();
        Map<String, Double> pods = new LinkedHashMap<>();
        row.forEach((column, value) -> {
            if (column.startsWith("status_") && !value.isEmpty()) {
                statuses.put(column.substring("status_".length()), Long.parseLong(value));
            } else if (column.startsWith("active_") && !value.isEmpty()) {
                pods.put(column.substring("active_".length()), Double.parseDouble(value));
            }
        });
        return new SeriesPoint(Integer.parseInt(row.get("second")), Double.parseDouble(row.get("offered")),
                Long.parseLong(row.get("completed")), Double.parseDouble(row.get("throughput")),
                Double.parseDouble(row.get("in_flight")), optional(row.get("p50_ms")), optional(row.get("p90_ms")),
                optional(row.get("p99_ms")), optional(row.get("max_ms")), statuses,
                Double.parseDouble(row.get("audio_seconds")), pods, optionalInt(row.get("replicas")),
                optionalInt(row.get("ready_replicas")), optional(row.get("queued")));
    }

    private static String number(Double value) {
        if (value == null) {
            return "";
        }
        return value == Math.rint(value) && Math.abs(value) < 1e15
                ? Long.toString(value.longValue()) : String.format(Locale.ROOT, "%.3f", value);
    }

    private static Double optional(String cell) {
        return cell == null || cell.isEmpty() ? null : Double.valueOf(cell);
    }

    private static Integer optionalInt(String cell) {
        return cell == null || cell.isEmpty() ? null : Integer.valueOf(cell);
    }
}
