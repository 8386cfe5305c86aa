package io.lightningasr.loadtest.simulate;

import io.lightningasr.loadtest.CliRun;
import io.lightningasr.loadtest.series.Series;
import io.lightningasr.loadtest.series.SeriesFiles;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** {@code loadtest simulate} on the command line and the values files it reads. */
class SimulateCommandTest {

    private static final Path CHART_VALUES = Path.of("..", "chart", "values.yaml");

    @Test
    void chartDefaultsEqualVendorDefaults() throws Exception {
        assumeTrue(Files.exists(CHART_VALUES), "no chart at " + CHART_VALUES.toAbsolutePath());

        assertEquals(HpaSettings.vendorDefaults(), HpaValues.load(List.of(CHART_VALUES)));
    }

    @Test
    void userValuesMergeOverChartValues(@TempDir Path dir) throws Exception {
        Path chart = Files.writeString(dir.resolve("chart.yaml"), """
                scaling:
                  auto:
                    lightningAsr:
                      hpa:
                        maxReplicas: 10
                        targetActiveRequests: 5
                        scaleDownStabilizationWindowSeconds: 300
                        behavior:
                          scaleDown:
                            selectPolicy: Min
                """);
        Path user = Files.writeString(dir.resolve("user.yaml"), """
                scaling:
                  auto:
                    lightningAsr:
                      hpa:
                        maxReplicas: 20
                        scaleDownStabilizationWindowSeconds: 600
                        behavior:
                          scaleDown:
                            stabilizationWindowSeconds: 120
                            policies:
                              - {type: Pods, value: 4, periodSeconds: 30}
                """);

        HpaSettings settings = HpaValues.load(List.of(chart, user));

        assertEquals(20, settings.maxReplicas());
        assertEquals(5, settings.targetActiveRequests());
        assertEquals(120, settings.scaleDown().stabilizationWindowSeconds(), "behavior wins over the flat key");
        assertEquals(ScalingRules.SelectPolicy.MIN, settings.scaleDown().selectPolicy(), "kept from the chart");
        assertEquals(List.of(new ScalingPolicy(ScalingPolicy.Type.PODS, 4, 30)), settings.scaleDown().policies());
        assertEquals(HpaSettings.vendorDefaults().scaleUp(), settings.scaleUp());
    }

    @Test
    void invalidValueNamesTheKey(@TempDir Path dir) throws Exception {
        Path user = Files.writeString(dir.resolve("user.yaml"), """
                scaling: {auto: {lightningAsr: {hpa: {behavior: {scaleUp: {policies: [{type: Pods, value: 2}]}}}}}}
                """);

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class,
                () -> HpaValues.load(List.of(user)));
        assertTrue(error.getMessage().contains("behavior.scaleUp.policies[0].periodSeconds"), error.getMessage());
    }

    @Test
    void misspeltKeyIsRejectedLikeTheChartSchema(@TempDir Path dir) throws Exception {
        Path user = Files.writeString(dir.resolve("user.yaml"), """
                scaling: {auto: {lightningAsr: {hpa: {maxReplica: 6}}}}
                """);
        Path policy = Files.writeString(dir.resolve("policy.yaml"), """
                scaling: {auto: {lightningAsr: {hpa: {behavior: {scaleUp: {policies: [{type: Pods, value: 2, period: 15}]}}}}}}
                """);

        IllegalArgumentException hpaKey = assertThrows(IllegalArgumentException.class,
                () -> HpaValues.load(List.of(user)));
        IllegalArgumentException policyKey = assertThrows(IllegalArgumentException.class,
                () -> HpaValues.load(List.of(policy)));
        assertTrue(hpaKey.getMessage().contains("hpa.maxReplica: unknown key"), hpaKey.getMessage());
        assertTrue(policyKey.getMessage().contains("policies[0].period: unknown key"), policyKey.getMessage());
    }

    @Test
    void simulatePrintsTimelineAndWritesFiles(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("sim.json");
        Path png = dir.resolve("sim.png");
        Path html = dir.resolve("sim.html");

        CliRun run = CliRun.of("simulate", "--chart-values", dir.resolve("absent.yaml").toString(), "--scenario",
                "spike", "--peak", "40", "-z", "10m", "--pod-startup", "30s", "--out", out.toString(), "--png",
                png.toString(), "--html", html.toString());

        assertEquals(0, run.exitCode(), run.stderr());
        assertTrue(run.stdout().contains("replicas 1 -> 3"), run.stdout());
        assertTrue(run.stdout().contains("seconds_over_target"), run.stdout());
        assertTrue(run.stderr().contains("using the vendor defaults"), run.stderr());
        Series series = SeriesFiles.read(out);
        assertEquals(600, series.points().size());
        assertEquals(5.0, series.targetActiveRequests());
        assertNotNull(ImageIO.read(png.toFile()));
        assertTrue(Files.readString(html).contains("Replicas"));
    }
}
