package io.lightningasr.loadtest;

import io.lightningasr.loadtest.profile.LoadProfile;
import io.lightningasr.loadtest.profile.Scenario;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Path;

/** Options that shape load over time, shared by {@code run} and {@code simulate}. */
public final class ProfileOptions {

    @Option(names = "--scenario", paramLabel = "NAME",
            description = "Load shape over the duration: spike, decline, off-hours or ramp, scaled to the peak.")
    String scenario;

    @Option(names = "--profile", paramLabel = "FILE",
            description = "CSV with the header 'second,concurrency' or 'second,rate'; each row applies until the next.")
    Path profile;

    /** Returns whether a scenario or a profile file was given. */
    public boolean shaped() {
        return scenario != null || profile != null;
    }

    /**
     * Builds the load profile.
     *
     * @param kind            concurrency or rate, for scenarios and constant load
     * @param peak            the peak (scenario) or constant value
     * @param durationSeconds the length in seconds; 0 takes a profile file's own length
     */
    public LoadProfile build(LoadProfile.Kind kind, double peak, int durationSeconds) throws IOException {
        if (scenario != null && profile != null) {
            throw new IllegalArgumentException("--scenario and --profile exclude each other: give one");
        }
        if (profile != null) {
            return LoadProfile.readCsv(profile, durationSeconds);
        }
        if (scenario != null) {
            return LoadProfile.scenario(Scenario.fromName(scenario), kind, peak, durationSeconds);
        }
        return LoadProfile.constant(kind, peak, durationSeconds);
    }
}
