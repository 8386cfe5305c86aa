package io.lightningasr.loadtest.report;

import io.lightningasr.loadtest.series.Series;
import io.lightningasr.loadtest.series.SeriesPoint;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a series into the panels both renderers draw: offered load and in-flight requests, latency percentiles,
 * {@code asr_active_requests} per pod, and replicas. A panel without data is left out.
 */
public final class Panels {

    private static final int[] PALETTE = {0x1f77b4, 0xff7f0e, 0x2ca02c, 0xd62728, 0x9467bd, 0x8c564b, 0xe377c2,
        0x7f7f7f, 0xbcbd22, 0x17becf};

    private Panels() {
    }

    /** Returns the panels for a series, in display order. */
    public static List<Panel> of(Series series) {
        List<SeriesPoint> points = series.points();
        double[] x = points.stream().mapToDouble(SeriesPoint::second).toArray();
        List<Panel> panels = new ArrayList<>();
        boolean rate = "rate".equals(series.offeredKind());

        Panel.Line offered = new Panel.Line(rate ? "offered rate (req/s)" : "offered concurrency (clients)",
                PALETTE[0], x, values(points, SeriesPoint::offered));
        Panel.Line throughput = new Panel.Line("throughput (req/s)", PALETTE[2], x,
                values(points, SeriesPoint::throughput));
        List<Panel.Line> requests = new ArrayList<>();
        requests.add(new Panel.Line("simulate".equals(series.source()) ? "active requests" : "in flight", PALETTE[1],
                x, values(points, SeriesPoint::inFlight)));
        if (points.stream().anyMatch(p -> p.queued() != null)) {
            requests.add(new Panel.Line("queued", PALETTE[3], x, values(points, SeriesPoint::queued)));
        }
        List<Panel.Line> rates = new ArrayList<>();
        rates.add(throughput);
        if (points.stream().anyMatch(p -> !p.statusCounts().isEmpty())) {
            rates.add(new Panel.Line("without 2xx (req/s)", PALETTE[3], x, values(points, Panels::failures)));
        }
        // Client counts and request rates differ by orders of magnitude, so each gets its own panel.
        if (rate) {
            rates.addFirst(offered);
            panels.add(new Panel("Offered rate and throughput", "requests/s", rates, null, null, false));
            panels.add(new Panel("Requests in the system", "requests", requests, null, null, false));
        } else {
            requests.addFirst(offered);
            panels.add(new Panel("Offered concurrency and requests in the system", "clients, requests", requests,
                    null, null, false));
            panels.add(new Panel("Throughput", "requests/s", rates, null, null, false));
        }

        if (points.stream().anyMatch(p -> p.p50Ms() != null)) {
            panels.add(new Panel("Latency per second", "latency (ms)", List.of(
                    new Panel.Line("p50", PALETTE[0], x, values(points, SeriesPoint::p50Ms)),
                    new Panel.Line("p90", PALETTE[1], x, values(points, SeriesPoint::p90Ms)),
                    new Panel.Line("p99", PALETTE[3], x, values(points, SeriesPoint::p99Ms))), null, null, false));
        }

        TreeSet<String> pods = new TreeSet<>();
        points.forEach(p -> pods.addAll(p.activeByPod().keySet()));
        if (!pods.isEmpty()) {
            List<Panel.Line> active = new ArrayList<>();
            int color = 0;
            for (String pod : pods) {
                String name = "average".equals(pod) ? "per-pod average" : pod;
                active.add(new Panel.Line(name, PALETTE[color++ % PALETTE.length], x,
                        values(points, p -> p.activeByPod().get(pod))));
            }
            panels.add(new Panel("asr_active_requests per pod", "active requests", active,
                    series.targetActiveRequests(), "HPA target", false));
        }

        if (points.stream().anyMatch(p -> p.replicas() != null)) {
            List<Panel.Line> replicas = new ArrayList<>();
            replicas.add(new Panel.Line("replicas", PALETTE[0], x, values(points, p -> toDouble(p.replicas()))));
            if (points.stream().anyMatch(p -> p.readyReplicas() != null)) {
                replicas.add(new Panel.Line("ready replicas", PALETTE[2], x,
                        values(points, p -> toDouble(p.readyReplicas()))));
            }
            panels.add(new Panel("Replicas", "pods", replicas, null, null, true));
        }
        return panels;
    }

    private static double[] values(List<SeriesPoint> points, Function<SeriesPoint, Double> value) {
        return points.stream().map(value).mapToDouble(v -> Objects.requireNonNullElse(v, Double.NaN)).toArray();
    }

    private static Double failures(SeriesPoint point) {
        return (double) point.statusCounts().entrySet().stream().filter(e -> !e.getKey().startsWith("2"))
                .mapToLong(java.util.Map.Entry::getValue).sum();
    }

    private static Double toDouble(Integer value) {
        return value == null ? null : value.doubleValue();
    }
}
