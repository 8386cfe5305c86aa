package io.lightningasr.loadtest.report;

import io.lightningasr.loadtest.series.Series;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Renders a series as one self-contained HTML page: inline SVG panels, no scripts and no external resources.
 */
public final class HtmlRenderer {

    private static final int WIDTH = 1100;
    private static final int HEIGHT = 280;
    private static final int LEFT = 70;
    private static final int RIGHT = 20;
    private static final int TOP = 36;
    private static final int BOTTOM = 42;

    private HtmlRenderer() {
    }

    /** Writes the page. */
    public static void render(Series series, Path file) throws IOException {
        StringBuilder html = new StringBuilder();
        html.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>")
                .append(escape(series.title())).append("</title>\n<style>body{font-family:sans-serif;margin:24px;}"
                        + "table{border-collapse:collapse;margin-bottom:16px;}td,th{border:1px solid #ccc;"
                        + "padding:3px 8px;text-align:left;}svg{display:block;margin-bottom:12px;}</style>"
                        + "</head><body>\n<h1 style=\"font-size:20px\">").append(escape(series.title())).append("</h1>\n");
        if (!series.summary().isEmpty()) {
            html.append("<table>");
            for (Map.Entry<String, Object> entry : series.summary().entrySet()) {
                html.append("<tr><th>").append(escape(entry.getKey())).append("</th><td>")
                        .append(escape(String.valueOf(entry.getValue()))).append("</td></tr>");
            }
            html.append("</table>\n");
        }
        for (Panel panel : Panels.of(series)) {
            html.append(svg(panel)).append('\n');
        }
        html.append("</body></html>\n");
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, html, StandardCharsets.UTF_8);
    }

    static String svg(Panel panel) {
        double maxX = panel.lines().stream().flatMapToDouble(l -> Arrays.stream(l.x())).max().orElse(1);
        double maxY = panel.lines().stream().flatMapToDouble(l -> Arrays.stream(l.y()))
                .filter(v -> !Double.isNaN(v)).max().orElse(1);
        if (panel.targetLine() != null) {
            maxY = Math.max(maxY, panel.targetLine());
        }
        // Headroom above the data keeps the legend row clear of the lines.
        double yStep = niceStep(Math.max(maxY, panel.wholeUnits() ? 1 : 1e-9) * 1.25, panel.wholeUnits());
        double yTop = Math.ceil(Math.max(maxY, 1e-9) * 1.25 / yStep) * yStep;
        double xStep = niceStep(Math.max(maxX, 1), true);
        double xRight = Math.max(maxX, 1);
        Scale scale = new Scale(xRight, yTop);

        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">", WIDTH, HEIGHT));
        svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fafafa\" "
                + "stroke=\"#999\"/>", LEFT, TOP, WIDTH - LEFT - RIGHT, HEIGHT - TOP - BOTTOM));
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"20\" font-size=\"14\" font-weight=\"bold\">%s</text>",
                LEFT, escape(panel.title())));
        for (double y = 0; y <= yTop + yStep / 2; y += yStep) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>", LEFT, WIDTH - RIGHT, scale.y(y),
                    scale.y(y), LEFT - 6, scale.y(y) + 4, label(y)));
        }
        for (double x = 0; x <= xRight; x += xStep) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%.1f\" x2=\"%.1f\" y1=\"%d\" y2=\"%d\" stroke=\"#ddd\"/>"
                    + "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>", scale.x(x), scale.x(x), TOP,
                    HEIGHT - BOTTOM, scale.x(x), HEIGHT - BOTTOM + 16, label(x)));
        }
        svg.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"%d\" text-anchor=\"middle\">elapsed time (s)</text>",
                (WIDTH + LEFT) / 2, HEIGHT - 6));
        svg.append(String.format(Locale.ROOT, "<text transform=\"translate(16,%d) rotate(-90)\" "
                + "text-anchor=\"middle\">%s</text>", (HEIGHT + TOP - BOTTOM) / 2, escape(panel.yLabel())));
        if (panel.targetLine() != null) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%.1f\" y2=\"%.1f\" stroke=\"red\" "
                    + "stroke-dasharray=\"6 4\"/>", LEFT, WIDTH - RIGHT, scale.y(panel.targetLine()),
                    scale.y(panel.targetLine())));
        }
        for (Panel.Line line : panel.lines()) {
            svg.append(polyline(line, scale));
        }
        legend(svg, panel);
        svg.append("</svg>");
        return svg.toString();
    }

    private static String polyline(Panel.Line line, Scale scale) {
        StringBuilder out = new StringBuilder();
        StringBuilder points = new StringBuilder();
        double previousY = Double.NaN;
        for (int i = 0; i <= line.x().length; i++) {
            boolean gap = i == line.x().length || Double.isNaN(line.y()[i]);
            if (gap) {
                if (!points.isEmpty()) {
                    out.append(String.format(Locale.ROOT, "<polyline fill=\"none\" stroke=\"#%06x\" stroke-width=\"2\" "
                            + "points=\"%s\"/>", line.color(), points.toString().strip()));
                    points.setLength(0);
                }
                previousY = Double.NaN;
                continue;
            }
            if (!Double.isNaN(previousY)) {
                points.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(line.x()[i]), scale.y(previousY)));
            }
            points.append(String.format(Locale.ROOT, "%.1f,%.1f ", scale.x(line.x()[i]), scale.y(line.y()[i])));
            previousY = line.y()[i];
        }
        return out.toString();
    }

    private static void legend(StringBuilder svg, Panel panel) {
        int x = LEFT + 10;
        int y = TOP + 16;
        List<Panel.Line> lines = panel.lines();
        for (Panel.Line line : lines) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"4\" fill=\"#%06x\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>", x, y - 5, line.color(), x + 18, y, escape(line.name())));
            x += 30 + 7 * line.name().length();
        }
        if (panel.targetLine() != null) {
            svg.append(String.format(Locale.ROOT, "<line x1=\"%d\" x2=\"%d\" y1=\"%d\" y2=\"%d\" stroke=\"red\" "
                    + "stroke-dasharray=\"6 4\"/><text x=\"%d\" y=\"%d\">%s %s</text>", x, x + 14, y - 4, y - 4,
                    x + 18, y, escape(panel.targetName()), label(panel.targetLine())));
        }
    }

    private static double niceStep(double range, boolean whole) {
        double raw = range / 6;
        double magnitude = Math.pow(10, Math.floor(Math.log10(raw)));
        double step = magnitude;
        for (double factor : new double[] {1, 2, 5, 10}) {
            step = factor * magnitude;
            if (step >= raw) {
                break;
            }
        }
        return whole ? Math.max(1, Math.round(step)) : step;
    }

    private static String label(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : String.format(Locale.ROOT, "%.2f", value);
    }

    private static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private record Scale(double xRight, double yTop) {
        double x(double value) {
            return LEFT + value / xRight * (WIDTH - LEFT - RIGHT);
        }

        double y(double value) {
            return HEIGHT - BOTTOM - value / yTop * (HEIGHT - TOP - BOTTOM);
        }
    }
}
