package io.lightningasr.loadtest.report;

import io.lightningasr.loadtest.series.Series;
import org.jfree.chart.ChartUtils;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTitleAnnotation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.chart.renderer.xy.XYStepRenderer;
import org.jfree.chart.title.LegendTitle;
import org.jfree.chart.title.TextTitle;
import org.jfree.chart.ui.RectangleAnchor;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.chart.ui.RectangleInsets;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * Renders a series as a PNG with JFreeChart: stacked panels over one time axis, each with its own legend in the
 * top-left corner. Sets {@code java.awt.headless=true} so it runs without a display.
 */
public final class PngRenderer {

    private static final Font TITLE_FONT = new Font(Font.SANS_SERIF, Font.BOLD, 16);
    private static final Font LABEL_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 13);
    private static final Font TICK_FONT = new Font(Font.SANS_SERIF, Font.PLAIN, 12);

    private PngRenderer() {
    }

    /**
     * Writes the chart.
     *
     * @param width  image width in pixels
     * @param height image height in pixels; 0 picks 260 pixels per panel plus room for the title
     */
    public static void render(Series series, Path file, int width, int height) throws IOException {
        System.setProperty("java.awt.headless", "true");
        List<Panel> panels = Panels.of(series);
        NumberAxis time = new NumberAxis("elapsed time (s)");
        time.setLabelFont(LABEL_FONT);
        time.setTickLabelFont(TICK_FONT);
        double lastSecond = series.points().isEmpty() ? 1 : Math.max(1, series.points().getLast().second());
        time.setRange(0, lastSecond);
        CombinedDomainXYPlot combined = new CombinedDomainXYPlot(time);
        combined.setGap(14);
        for (Panel panel : panels) {
            combined.add(plot(panel), 1);
        }
        JFreeChart chart = new JFreeChart(series.title(), TITLE_FONT, combined, false);
        chart.setBackgroundPaint(Color.WHITE);
        chart.setPadding(new RectangleInsets(8, 8, 8, 16));
        int imageHeight = height > 0 ? height : 80 + 260 * panels.size();
        ChartUtils.saveChartAsPNG(file.toFile(), chart, width, imageHeight);
    }

    private static void addTargetLine(XYPlot plot, NumberAxis yAxis, Panel panel) {
        ValueMarker marker = new ValueMarker(panel.targetLine(), Color.RED, new BasicStroke(1.5f,
                BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {6f, 4f}, 0f));
        marker.setLabel(panel.targetName() + " " + panel.targetLine());
        marker.setLabelFont(TICK_FONT);
        marker.setLabelAnchor(RectangleAnchor.TOP_RIGHT);
        marker.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
        plot.addRangeMarker(marker);

        // The marker does not widen the auto range, so the range is set to show both the data and the target.
        double max = panel.lines().stream().flatMapToDouble(l -> java.util.Arrays.stream(l.y()))
                .filter(v -> !Double.isNaN(v)).max().orElse(0);
        yAxis.setAutoRange(false);
        yAxis.setRange(0, Math.max(max, panel.targetLine()) * 1.3 + 0.5);
    }

    private static XYPlot plot(Panel panel) {
        XYSeriesCollection dataset = new XYSeriesCollection();
        for (Panel.Line line : panel.lines()) {
            XYSeries xy = new XYSeries(line.name(), false, true);
            for (int i = 0; i < line.x().length; i++) {
                xy.add(line.x()[i], Double.isNaN(line.y()[i]) ? null : line.y()[i]);
            }
            dataset.addSeries(xy);
        }

        NumberAxis yAxis = new NumberAxis(panel.yLabel());
        yAxis.setLabelFont(LABEL_FONT);
        yAxis.setTickLabelFont(TICK_FONT);
        yAxis.setAutoRangeIncludesZero(true);
        // Room above the data for the legend in the top-left corner.
        yAxis.setUpperMargin(0.3);
        if (panel.wholeUnits()) {
            yAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        XYLineAndShapeRenderer renderer = new XYStepRenderer();
        for (int i = 0; i < panel.lines().size(); i++) {
            renderer.setSeriesPaint(i, new Color(panel.lines().get(i).color()));
            // The first line (offered load, replicas) is dashed so lines that coincide with it stay visible.
            renderer.setSeriesStroke(i, i == 0 && panel.lines().size() > 1
                    ? new BasicStroke(2.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {8f, 4f}, 0f)
                    : new BasicStroke(2f));
            renderer.setSeriesShapesVisible(i, false);
        }

        XYPlot plot = new XYPlot(dataset, null, yAxis, renderer);
        plot.setBackgroundPaint(new Color(0xfafafa));
        plot.setDomainGridlinePaint(new Color(0xdddddd));
        plot.setRangeGridlinePaint(new Color(0xdddddd));
        if (panel.targetLine() != null) {
            addTargetLine(plot, yAxis, panel);
        }

        LegendTitle legend = new LegendTitle(plot);
        legend.setItemFont(TICK_FONT);
        legend.setBackgroundPaint(new Color(255, 255, 255, 220));
        legend.setPosition(RectangleEdge.TOP);
        plot.addAnnotation(new XYTitleAnnotation(0.01, 0.98, legend, RectangleAnchor.TOP_LEFT));
        TextTitle title = new TextTitle(panel.title(), LABEL_FONT);
        plot.addAnnotation(new XYTitleAnnotation(0.99, 0.98, title, RectangleAnchor.TOP_RIGHT));
        return plot;
    }
}
