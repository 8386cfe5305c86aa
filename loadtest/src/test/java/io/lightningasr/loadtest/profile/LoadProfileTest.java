package io.lightningasr.loadtest.profile;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Scenario shapes and CSV profiles. */
class LoadProfileTest {

    @Test
    void spikeJumpsToPeakAndBack() {
        LoadProfile spike = LoadProfile.scenario(Scenario.SPIKE, LoadProfile.Kind.CONCURRENCY, 40, 100);

        assertEquals(4, spike.valueAt(0));
        assertEquals(4, spike.valueAt(19));
        assertEquals(40, spike.valueAt(20));
        assertEquals(40, spike.valueAt(59));
        assertEquals(4, spike.valueAt(60));
    }

    @Test
    void declineFallsGraduallyAfterPeak() {
        LoadProfile decline = LoadProfile.scenario(Scenario.DECLINE, LoadProfile.Kind.RATE, 100, 100);

        assertEquals(100, decline.valueAt(19), 1e-9);
        assertEquals(55, decline.valueAt(60), 1e-9);
        assertEquals(10 + 90.0 / 80, decline.valueAt(99), 1e-9);
        for (int s = 21; s < 100; s++) {
            assertTrue(decline.valueAt(s) < decline.valueAt(s - 1), "falls at second " + s);
        }
    }

    @Test
    void offHoursKeepsOneClientAtNight() {
        LoadProfile night = LoadProfile.scenario(Scenario.OFF_HOURS, LoadProfile.Kind.CONCURRENCY, 8, 50);

        assertEquals(8, night.valueAt(9));
        assertEquals(1, night.valueAt(10), "5 % of 8 rounds to 0 but a positive load keeps one client");
    }

    @Test
    void rampReachesPeakAtEnd() {
        LoadProfile ramp = LoadProfile.scenario(Scenario.RAMP, LoadProfile.Kind.CONCURRENCY, 10, 10);

        assertEquals(1, ramp.valueAt(0));
        assertEquals(10, ramp.valueAt(9));
        assertEquals("ramp to 10 concurrency", ramp.description());
    }

    @Test
    void csvRowsHoldUntilNextRow(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("p.csv"), "# evening\nsecond,rate\n0,2\n10,20.5\n30,0\n");
        LoadProfile profile = LoadProfile.readCsv(csv, 0);

        assertEquals(LoadProfile.Kind.RATE, profile.kind());
        assertEquals(31, profile.durationSeconds());
        assertEquals(2, profile.valueAt(9));
        assertEquals(20.5, profile.valueAt(29));
        assertEquals(0, profile.valueAt(30));
    }

    @Test
    void csvWithBadHeaderNamesLine(@TempDir Path dir) throws Exception {
        Path csv = Files.writeString(dir.resolve("p.csv"), "time,clients\n0,2\n");

        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> LoadProfile.readCsv(csv, 0));
        assertTrue(error.getMessage().contains("line 1"), error.getMessage());
        assertTrue(error.getMessage().contains("second,concurrency"), error.getMessage());
    }

    @Test
    void scenarioNamesParse() {
        assertEquals(Scenario.OFF_HOURS, Scenario.fromName("off-hours"));
        assertThrows(IllegalArgumentException.class, () -> Scenario.fromName("burst"));
    }
}
