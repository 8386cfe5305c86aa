package io.lightningasr.loadtest;

import io.lightningasr.loadtest.profile.LoadProfile;
import io.lightningasr.loadtest.report.HtmlRenderer;
import io.lightningasr.loadtest.report.PngRenderer;
import io.lightningasr.loadtest.series.SeriesFiles;
import io.lightningasr.loadtest.simulate.ClusterSimulator;
import io.lightningasr.loadtest.simulate.HpaSettings;
import io.lightningasr.loadtest.simulate.HpaValues;
import io.lightningasr.loadtest.simulate.SimulationConfig;
import io.lightningasr.loadtest.simulate.SimulationResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code loadtest simulate}: replays the Kubernetes HPA algorithm with the chart's values against a load profile.
 * See {@link io.lightningasr.loadtest.simulate.HorizontalPodAutoscaler} for the rules.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Replay the HPA with the chart's values against a load profile and print the replica timeline.")
public final class SimulateCommand implements Callable<Integer> {

    @Option(names = "--chart-values", paramLabel = "FILE", defaultValue = "chart/values.yaml",
            description = "The chart's values.yaml; vendor defaults when it does not exist (default: ${DEFAULT-VALUE}).")
    Path chartValues;

    @Option(names = {"-f", "--values"}, paramLabel = "FILE",
            description = "User values file merged over the chart's values, like helm -f; repeatable.")
    List<Path> userValues = new ArrayList<>();

    @Mixin
    ProfileOptions profileOptions;

    @Option(names = "--peak", defaultValue = "40", paramLabel = "N",
            description = "Peak (scenario) or constant offered load: clients, or requests/s with --rate (default: ${DEFAULT-VALUE}).")
    double peak;

    @Option(names = "--rate", description = "Offered load is an arrival rate in requests/s instead of a client count.")
    boolean rate;

    @Option(names = {"-z", "--duration"}, defaultValue = "30m", paramLabel = "DURATION",
            description = "Simulated time, e.g. 30m; a --profile file without -z sets its own length (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--latency", defaultValue = "1.2s", paramLabel = "DURATION",
            description = "Time one request occupies an inference slot, measured with loadtest run (default: ${DEFAULT-VALUE}).")
    Duration latency;

    @Option(names = "--slots", defaultValue = "2", paramLabel = "N",
            description = "Inference slots per pod, ASR_SLOTS (default: ${DEFAULT-VALUE}).")
    int slots;

    @Option(names = "--pod-startup", defaultValue = "60s", paramLabel = "DURATION",
            description = "Time from pod creation until it serves (default: ${DEFAULT-VALUE}).")
    Duration podStartup;

    @Option(names = "--sync-period", defaultValue = "15s", paramLabel = "DURATION",
            description = "HPA controller sync period (default: ${DEFAULT-VALUE}).")
    Duration syncPeriod;

    @Option(names = "--initial-replicas", paramLabel = "N", description = "Replicas at the start (default: minReplicas).")
    Integer initialReplicas;

    @Option(names = "--out", paramLabel = "FILE", description = "Write the per-second series as .json or .csv.")
    Path out;

    @Option(names = "--png", paramLabel = "FILE", description = "Write a PNG chart of the timeline.")
    Path png;

    @Option(names = "--html", paramLabel = "FILE", description = "Write a self-contained HTML chart of the timeline.")
    Path html;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        List<Path> files = new ArrayList<>();
        PrintWriter err = spec.commandLine().getErr();
        if (Files.exists(chartValues)) {
            files.add(chartValues);
        } else {
            err.println("note: " + chartValues + " not found, using the vendor defaults under the user values");
        }
        files.addAll(userValues);
        HpaSettings hpa = HpaValues.load(files);
        LoadProfile.Kind kind = rate ? LoadProfile.Kind.RATE : LoadProfile.Kind.CONCURRENCY;
        boolean durationGiven = spec.commandLine().getParseResult().hasMatchedOption("--duration");
        int seconds = profileOptions.profile != null && !durationGiven ? 0 : (int) duration.toSeconds();
        LoadProfile profile = profileOptions.build(kind, peak, seconds);
        SimulationConfig config = new SimulationConfig(hpa, profile, latency, slots, podStartup,
                (int) Math.max(1, syncPeriod.toSeconds()), initialReplicas == null ? hpa.minReplicas() : initialReplicas);
        SimulationResult result = new ClusterSimulator(config).run();

        PrintWriter stdout = spec.commandLine().getOut();
        stdout.print(result.describe());
        stdout.flush();
        if (out != null) {
            SeriesFiles.write(result.toSeries(), out);
            err.println("wrote " + out);
        }
        if (png != null) {
            PngRenderer.render(result.toSeries(), png, 1400, 0);
            err.println("wrote " + png);
        }
        if (html != null) {
            HtmlRenderer.render(result.toSeries(), html);
            err.println("wrote " + html);
        }
        err.flush();
        return 0;
    }
}
