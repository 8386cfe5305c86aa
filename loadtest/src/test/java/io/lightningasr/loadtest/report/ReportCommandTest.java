package io.lightningasr.loadtest.report;

import io.lightningasr.loadtest.CliRun;
import io.lightningasr.loadtest.series.Series;
import io.lightningasr.loadtest.series.SeriesFiles;
import io.lightningasr.loadtest.series.SeriesPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code loadtest report} and the series file round trip. */
class ReportCommandTest {

    private static Series sample() {
        List<SeriesPoint> points = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            points.add(new SeriesPoint(s, s < 10 ? 2 : 8, 10 + s, 10 + s, s < 10 ? 2 : 8, 100.0 + s, 150.0, 200.0 + s,
                    250.0, Map.of("200", 10L + s, "503", (long) (s % 3)), 3.5, Map.of("asr-0", 4.0, "asr-1", 3.0),
                    s < 15 ? 1 : 2, null, null));
        }
        return new Series("run", "loadtest run test", "concurrency", 5.0, points, Map.of("requests", 735));
    }

    @Test
    void csvAndJsonRoundTripKeepEveryField(@TempDir Path dir) throws Exception {
        Series series = sample();
        for (String name : List.of("s.csv", "s.json")) {
            Path file = dir.resolve(name);
            SeriesFiles.write(series, file);
            Series read = SeriesFiles.read(file);

            assertEquals(series.points(), read.points(), name);
            assertEquals(5.0, read.targetActiveRequests(), name);
            assertEquals("concurrency", read.offeredKind(), name);
        }
    }

    @Test
    void reportWritesPngAndSelfContainedHtml(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv");
        SeriesFiles.write(sample(), csv);
        Path png = dir.resolve("s.png");
        Path html = dir.resolve("s.html");

        CliRun run = CliRun.of("report", csv.toString(), "--png", png.toString(), "--html", html.toString());

        assertEquals(0, run.exitCode(), run.stderr());
        BufferedImage image = ImageIO.read(png.toFile());
        assertNotNull(image);
        assertEquals(1400, image.getWidth());
        assertEquals(80 + 5 * 260, image.getHeight(), "five panels: load, throughput, latency, per pod, replicas");
        String page = Files.readString(html);
        assertEquals(5, page.split("<svg ", -1).length - 1);
        assertTrue(page.contains("asr_active_requests per pod"));
        assertFalse(page.contains("<script"), "no scripts");
        assertFalse(page.contains("src=\"http"), "no external resources");
    }

    @Test
    void reportWithoutOutputIsRejected(@TempDir Path dir) throws Exception {
        Path csv = dir.resolve("s.csv");
        SeriesFiles.write(sample(), csv);

        CliRun run = CliRun.of("report", csv.toString());

        assertEquals(2, run.exitCode());
        assertTrue(run.stderr().contains("nothing to write"), run.stderr());
    }
}
