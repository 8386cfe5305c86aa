package io.lightningasr.loadtest.series;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * A per-second series of a load run or a simulation, the content of the files {@code --out} writes and
 * {@code loadtest report} reads.
 *
 * @param source               {@code run} or {@code simulate}
 * @param title                one line that describes the run, for chart titles
 * @param offeredKind          {@code concurrency} or {@code rate}
 * @param targetActiveRequests the HPA target per pod when known, else {@code null}
 * @param points               one entry per second, in order
 * @param summary              final figures by name (free form, numbers or strings)
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Series(String source, String title, String offeredKind, Double targetActiveRequests,
                     List<SeriesPoint> points, Map<String, Object> summary) {

    /** Copies the lists. */
    public Series {
        points = List.copyOf(points);
        summary = summary == null ? Map.of() : Map.copyOf(summary);
    }
}
