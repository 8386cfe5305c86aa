package io.lightningasr.loadtest.simulate;

import io.lightningasr.loadtest.profile.LoadProfile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Replays the vendor scenarios with the vendor settings and compares the replica count at every HPA sync with a
 * sequence worked out by hand. The settings are 1-10 replicas, target 5, scale-up window 0 s with
 * max(100 %, 2 pods) per 15 s, and scale-down window 300 s with min(50 %, 1 pod) per 60 s. The load is a client count (closed loop), so the
 * metric at a sync is clients / ready pods, in milli-units with integer division as the controller computes it.
 */
class HpaReplaySimulationTest {

    private static final Duration LATENCY = Duration.ofMillis(1200);

    /*
     * Spike: 2 clients for 60 s, then 50 clients. Start 1 replica, pods ready at once.
     *
     *  t    replicas  metric (milli/pod)   ratio    ceil(ratio x ready)  limit = max(ceil(start x 2), start + 2)  new
     *  0    1         2000                 0.4      1                     -                                        1
     *  15-45 1        2000                 0.4      1                     -                                        1
     *  60   1         50000                10       10                    start 1 -> max(2, 3) = 3                 3
     *  75   3         50000/3 = 16666      3.3332   ceil(9.9996) = 10     event at 60 is not after 75-15 = 60,
     *                                                                     start 3 -> max(6, 5) = 6                 6
     *  90   6         50000/6 = 8333       1.6666   ceil(9.9996) = 10     start 6 -> max(12, 8) = 12, max 10        10
     *  105+ 10        5000                 1.0      within tolerance     -                                        10
     */
    @Test
    void spikeScalesUpByMaxOfDoubleAndTwoPods() {
        LoadProfile load = steps(240, Map.of(0, 2.0, 60, 50.0));
        SimulationResult result = simulate(HpaSettings.vendorDefaults(), load, 1, Duration.ZERO);

        assertEquals(List.of(1, 1, 1, 1, 3, 6, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10), atSyncs(result));
        assertEquals(3, result.changes().size());
        assertEquals(3, result.replicaTimeline()[60]);
        assertEquals(6, result.replicaTimeline()[89]);
    }

    /*
     * The same spike with a 30 s pod start-up. Starting pods are unready: the controller leaves them out of the
     * average and, because the ratio is above 1, counts them as 0 (the total divided over all pods).
     *
     *  t    ready  unready  total milli  counted  average  ratio    proposal             limit        new
     *  60   1      0        50000        1        50000    10       10                   3            3
     *  75   1      2        50000        3        16666    3.3332   ceil(9.9996) = 10    start 3 -> 6 6
     *  90   3      3        50000        6        8333     1.6666   ceil(9.9996) = 10    start 6 -> 12, max 10
     *                                                                                                 10
     *  105  6      4        50000        10       5000     1.0      10 (= current)       -            10
     *  120  10     0        50000        10       5000     1.0      within tolerance     -            10
     * The pods added at 60 serve from 90, those added at 75 from 105 and those added at 90 from 120.
     */
    @Test
    void spikeWithStartupCountsStartingPodsAsIdle() {
        LoadProfile load = steps(240, Map.of(0, 2.0, 60, 50.0));
        SimulationResult result = simulate(HpaSettings.vendorDefaults(), load, 1, Duration.ofSeconds(30));

        assertEquals(List.of(1, 1, 1, 1, 3, 6, 10, 10, 10, 10, 10, 10, 10, 10, 10, 10), atSyncs(result));
        assertEquals(1, result.points().get(89).readyReplicas());
        assertEquals(3, result.points().get(90).readyReplicas());
        assertEquals(6, result.points().get(105).readyReplicas());
        assertEquals(10, result.points().get(120).readyReplicas());
        assertTrue(result.points().get(80).queued() > 0, "one ready pod with 4 slots queues 46 of 50 clients");
    }

    /*
     * Gradual decline: 10 replicas at 50 clients (5 per pod, on target), then 15 clients from 60 s.
     * Scale-down window 300 s: the highest recommendation of the last 300 s caps the result.
     *
     *  t        proposal               highest in (t-300, t]     stabilized  limit                                new
     *  0-45     10                     10                        10          -                                    10
     *  60-330   15000/10=1500 -> 3     10 (recs of 0..45)        10          -                                    10
     *  345      3                      3 (rec 45 not after 45)   3           start 10: max(floor(5), 9) = 9        9
     *  360-390  15000/9=1666 -> 3      3                         3           event at 345 after t-60: start 10 -> 9 9
     *  405      3                      3                         3           start 9: max(floor(4.5), 8) = 8       8
     *  465      15000/8=1875 -> 3                                            start 8 -> 7                          7
     *  525      2142 -> ceil(2.9988)=3                                       start 7 -> 6                          6
     *  585      2500 -> 3                                                    start 6 -> 5                          5
     *  645      3000 -> 3                                                    start 5 -> max(2, 4) = 4              4
     *  705      3750 -> 3                                                    start 4 -> max(2, 3) = 3              3
     *  765+     5000 -> ratio 1.0, within tolerance -> 3                                                           3
     */
    @Test
    void declineWaitsForWindowThenDropsOnePodPerMinute() {
        LoadProfile load = steps(900, Map.of(0, 50.0, 60, 15.0));
        SimulationResult result = simulate(HpaSettings.vendorDefaults(), load, 10, Duration.ZERO);

        int[] timeline = result.replicaTimeline();
        assertEquals(10, timeline[344], "nothing changes during the 300 s window");
        int[][] expected = {{345, 9}, {404, 9}, {405, 8}, {465, 7}, {525, 6}, {585, 5}, {645, 4}, {705, 3}, {899, 3}};
        for (int[] step : expected) {
            assertEquals(step[1], timeline[step[0]], "replicas at t=" + step[0]);
        }
        assertEquals(7, result.changes().size());
        assertTrue(result.changes().stream().allMatch(change -> change.from() - change.to() == 1));
    }

    /*
     * Off-hours with minReplicas 2 from a user values file: 4 replicas at 20 clients (on target), then no load.
     *
     *  t     proposal   highest in window  limit: max(floor(start x 0.5), start - 1), at least minReplicas 2   new
     *  0-45  4          4                  -                                                                   4
     *  60    0          4                  -                                                                   4
     *  345   0          0                  start 4: max(2, 3) = 3                                              3
     *  405   0          0                  start 3: max(1, 2) = 2                                              2
     *  465+  0          0                  start 2: max(1, 1) = 1 -> minReplicas 2                             2
     */
    @Test
    void offHoursStopsAtMinReplicas(@TempDir Path dir) throws IOException {
        Path values = dir.resolve("values.yaml");
        Files.writeString(values, """
                scaling:
                  auto:
                    lightningAsr:
                      hpa:
                        minReplicas: 2
                """);
        HpaSettings settings = HpaValues.load(List.of(values));
        LoadProfile load = steps(900, Map.of(0, 20.0, 60, 0.0));
        SimulationResult result = simulate(settings, load, 4, Duration.ZERO);

        int[] timeline = result.replicaTimeline();
        assertEquals(4, timeline[344]);
        assertEquals(3, timeline[345]);
        assertEquals(3, timeline[404]);
        assertEquals(2, timeline[405]);
        assertEquals(2, timeline[899], "never below minReplicas");
        assertEquals(2, result.changes().size());
    }

    /*
     * The spike with a 60 s scale-up window: the lowest recommendation of the last 60 s bounds the result from below.
     *
     *  t     proposal  recommendations after t-60          lowest  limit (start -> max(2x, +2))   new
     *  0-45  1         -                                    1       -                              1
     *  60    10        15, 30, 45 = 1                       1       -                              1
     *  75    10        30, 45 = 1; 60 = 10                  1       -                              1
     *  90    10        45 = 1; 60, 75 = 10                  1       -                              1
     *  105   10        60, 75, 90 = 10 (45 is not after 45) 10      1 -> 3                         3
     *  120   ceil(3.3332 x 3) = 10                          10      3 -> 6                         6
     *  135   ceil(1.6666 x 6) = 10                          10      6 -> 12, maxReplicas 10        10
     */
    @Test
    void scaleUpWindowDelaysSpikeResponse() {
        HpaSettings defaults = HpaSettings.vendorDefaults();
        HpaSettings settings = new HpaSettings(1, 10, 5, defaults.scaleUp().withStabilizationWindowSeconds(60),
                defaults.scaleDown());
        SimulationResult result = simulate(settings, steps(180, Map.of(0, 2.0, 60, 50.0)), 1, Duration.ZERO);

        assertEquals(List.of(1, 1, 1, 1, 1, 1, 1, 3, 6, 10, 10, 10), atSyncs(result));
    }

    /*
     * The spike with selectPolicy Min on scale-up: the policy allowing the smaller increase wins.
     *
     *  t    start  Percent 100: ceil(start x 2)  Pods 2: start + 2  min   new
     *  60   1      2                             3                 2     2
     *  75   2      4                             4                 4     4
     *  90   4      8                             6                 6     6
     *  105  6      12                            8                 8     8
     *  120  8      16                            10                10    10
     * The metric keeps asking for 10: 50 clients / 5 per pod.
     */
    @Test
    void minSelectPolicyTakesSmallerIncrease() {
        HpaSettings defaults = HpaSettings.vendorDefaults();
        ScalingRules up = new ScalingRules(0, ScalingRules.SelectPolicy.MIN, defaults.scaleUp().policies());
        HpaSettings settings = new HpaSettings(1, 10, 5, up, defaults.scaleDown());
        SimulationResult result = simulate(settings, steps(180, Map.of(0, 2.0, 60, 50.0)), 1, Duration.ZERO);

        assertEquals(List.of(1, 1, 1, 1, 2, 4, 6, 8, 10, 10, 10, 10), atSyncs(result));
    }

    @Test
    void disabledScaleUpKeepsReplicas() {
        HpaSettings defaults = HpaSettings.vendorDefaults();
        HpaSettings settings = new HpaSettings(1, 10, 5,
                new ScalingRules(0, ScalingRules.SelectPolicy.DISABLED, List.of()), defaults.scaleDown());
        SimulationResult result = simulate(settings, steps(120, Map.of(0, 50.0)), 1, Duration.ZERO);

        assertEquals(1, Arrays.stream(result.replicaTimeline()).max().orElseThrow());
        assertEquals(120, result.secondsOverTarget());
    }

    /*
     * Open loop at 20 requests/s with 1.2 s per request and 4 slots per pod: a pod serves 4 / 1.2 = 3.33 requests/s,
     * so by Little's law 20 x 1.2 = 24 requests are active when capacity allows. One pod queues.
     */
    @Test
    void rateLoadQueuesWhenOverCapacity() {
        LoadProfile load = LoadProfile.constant(LoadProfile.Kind.RATE, 20, 300);
        SimulationResult result = simulate(HpaSettings.vendorDefaults(), load, 1, Duration.ofSeconds(30));

        assertTrue(result.points().get(10).queued() > 100, "backlog grows by 20 - 3.33 per second");
        assertEquals(10, result.replicaTimeline()[299]);
        assertEquals(0.0, result.points().get(299).queued(), 1e-9, "10 pods serve 33 requests/s and drain the backlog");
    }

    private static SimulationResult simulate(HpaSettings settings, LoadProfile load, int initial, Duration startup) {
        SimulationConfig config = new SimulationConfig(settings, load, LATENCY, 4, startup, 15, initial);
        return new ClusterSimulator(config).run();
    }

    private static List<Integer> atSyncs(SimulationResult result) {
        int[] timeline = result.replicaTimeline();
        return java.util.stream.IntStream.range(0, timeline.length / 15).map(i -> timeline[i * 15]).boxed().toList();
    }

    private static LoadProfile steps(int seconds, Map<Integer, Double> changes) {
        Map<Integer, Double> sorted = new LinkedHashMap<>();
        changes.entrySet().stream().sorted(Map.Entry.comparingByKey()).forEach(e -> sorted.put(e.getKey(), e.getValue()));
        double[] values = new double[seconds];
        double current = 0;
        for (int second = 0; second < seconds; second++) {
            current = sorted.getOrDefault(second, current);
            values[second] = current;
        }
        return LoadProfile.of(LoadProfile.Kind.CONCURRENCY, values, "test steps");
    }
}
