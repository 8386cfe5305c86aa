package io.lightningasr.loadtest.run;

import io.lightningasr.loadtest.http.Endpoint;
import io.lightningasr.loadtest.profile.LoadProfile;

import java.time.Duration;

/**
 * Settings of one load run.
 *
 * @param endpoint    target URL
 * @param profile     offered concurrency or rate per second
 * @param duration    how long to send; {@code null} runs until {@code maxRequests} are sent
 * @param maxRequests requests to send at most, 0 for no limit
 * @param timeout     connect and per-read timeout of each request
 * @param maxInFlight open loop: requests outstanding at most; later sends wait, and their latency still counts
 *                    from the intended send time
 */
public record RunSettings(Endpoint endpoint, LoadProfile profile, Duration duration, long maxRequests,
                          Duration timeout, int maxInFlight) {

    /** Validates that the run ends by itself. */
    public RunSettings {
        if (duration == null && maxRequests <= 0) {
            throw new IllegalArgumentException("a run needs a duration (-z) or a request count (-n)");
        }
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("invalid max in flight " + maxInFlight + ": expected at least 1");
        }
    }
}
