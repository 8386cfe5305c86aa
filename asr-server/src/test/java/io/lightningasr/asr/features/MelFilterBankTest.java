package io.lightningasr.asr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class MelFilterBankTest {

    @Test
    void slaneyScaleIsLinearBelowOneKilohertz() {
        assertEquals(15.0, MelFilterBank.hzToMel(1000.0), 1e-12);
        assertEquals(7.5, MelFilterBank.hzToMel(500.0), 1e-12);
        assertEquals(4000.0, MelFilterBank.melToHz(MelFilterBank.hzToMel(4000.0)), 1e-9);
    }

    @Test
    void filtersAreAreaNormalisedTriangles() {
        MelFilterBank bank = new MelFilterBank(80, 512, 16000);
        double binHz = 16000.0 / 512;
        for (int b = 0; b < bank.bins(); b++) {
            double area = 0;
            for (int k = 0; k <= 256; k++) {
                double w = bank.weight(b, k);
                assertTrue(w >= 0, "negative weight in filter " + b);
                area += w * binHz;
            }
            // Slaney normalisation gives every triangle unit area in Hz (up to sampling of the FFT grid).
            assertEquals(1.0, area, 0.35, "area of filter " + b);
        }
    }

    @Test
    void applySumsWeightedPower() {
        MelFilterBank bank = new MelFilterBank(80, 512, 16000);
        double[] power = new double[257];
        java.util.Arrays.fill(power, 2.0);
        double expected = 0;
        for (int k = 0; k <= 256; k++) {
            expected += 2.0 * bank.weight(40, k);
        }

        assertEquals(expected, bank.apply(40, power), 1e-12);
    }
}
