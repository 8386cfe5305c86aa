package io.lightningasr.loadtest.report;

import java.util.List;

/**
 * One chart panel: lines over a shared time axis in seconds. Each value applies from its second to the next, so
 * renderers draw steps.
 *
 * @param title      panel title
 * @param yLabel     y-axis label with its unit
 * @param lines      the lines, each with one y value per x value ({@code NaN} leaves a gap)
 * @param targetLine y value drawn as a dashed horizontal line, or {@code null}
 * @param targetName legend name of the dashed line
 * @param wholeUnits the y axis counts whole things (pods), so ticks are integers
 */
public record Panel(String title, String yLabel, List<Line> lines, Double targetLine, String targetName,
                    boolean wholeUnits) {

    /**
     * One named line.
     *
     * @param name  legend name
     * @param color RGB color as {@code 0xRRGGBB}
     * @param x     seconds
     * @param y     values
     */
    public record Line(String name, int color, double[] x, double[] y) {
    }

    /** Copies the list. */
    public Panel {
        lines = List.copyOf(lines);
    }
}
