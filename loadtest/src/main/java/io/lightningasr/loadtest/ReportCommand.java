package io.lightningasr.loadtest;

import io.lightningasr.loadtest.report.HtmlRenderer;
import io.lightningasr.loadtest.report.PngRenderer;
import io.lightningasr.loadtest.series.Series;
import io.lightningasr.loadtest.series.SeriesFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code loadtest report}: renders a series file as a PNG and/or a self-contained HTML page. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = "Render a series file (from run --out or simulate --out) as a PNG and/or an HTML page.")
public final class ReportCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SERIES", description = "Series file, .json or .csv.")
    Path seriesFile;

    @Option(names = "--png", paramLabel = "FILE", description = "PNG output file.")
    Path png;

    @Option(names = "--html", paramLabel = "FILE", description = "Self-contained HTML output file.")
    Path html;

    @Option(names = "--width", paramLabel = "PIXELS", defaultValue = "1400", description = "PNG width (default: ${DEFAULT-VALUE}).")
    int width;

    @Option(names = "--height", paramLabel = "PIXELS", defaultValue = "0",
            description = "PNG height; 0 sizes it by the number of panels (default: ${DEFAULT-VALUE}).")
    int height;

    @Option(names = "--target-active-requests", paramLabel = "N",
            description = "HPA target per pod to draw when the series file has none.")
    Double targetActiveRequests;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (png == null && html == null) {
            throw new IllegalArgumentException("nothing to write: add --png FILE and/or --html FILE");
        }
        Series series = SeriesFiles.read(seriesFile);
        if (series.targetActiveRequests() == null && targetActiveRequests != null) {
            series = new Series(series.source(), series.title(), series.offeredKind(), targetActiveRequests,
                    series.points(), series.summary());
        }
        if (png != null) {
            PngRenderer.render(series, png, width, height);
            spec.commandLine().getErr().println("wrote " + png);
        }
        if (html != null) {
            HtmlRenderer.render(series, html);
            spec.commandLine().getErr().println("wrote " + html);
        }
        spec.commandLine().getErr().flush();
        return 0;
    }
}
