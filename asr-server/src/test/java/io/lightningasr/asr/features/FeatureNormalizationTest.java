package io.lightningasr.asr.features;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class FeatureNormalizationTest {

    @Test
    void metadataValuesMapToModes() {
        assertEquals(FeatureNormalization.PER_FEATURE, FeatureNormalization.fromMetadata("per_feature"));
        assertEquals(FeatureNormalization.NONE, FeatureNormalization.fromMetadata("none"));
        assertEquals(FeatureNormalization.NONE, FeatureNormalization.fromMetadata(""));
        assertEquals(FeatureNormalization.NONE, FeatureNormalization.fromMetadata(null));
    }

    @Test
    void unknownMetadataValueIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FeatureNormalization.fromMetadata("all_features"));
        assertTrue(e.getMessage().contains("all_features"), e.getMessage());
    }

    @Test
    void perFeatureStandardisesEachBin() {
        // Bin 0 is 1, 2, 3, 4; bin 1 is constant 5.
        FeatureMatrix m = new FeatureMatrix(2, 4, new float[] {1, 2, 3, 4, 5, 5, 5, 5});

        FeatureNormalization.PER_FEATURE.apply(m);

        double std = Math.sqrt(1.25);
        float[] expected = {
            (float) (-1.5 / (std + 1e-5)), (float) (-0.5 / (std + 1e-5)),
            (float) (0.5 / (std + 1e-5)), (float) (1.5 / (std + 1e-5)), 0, 0, 0, 0};
        assertArrayEquals(expected, m.data(), 1e-6f);
    }

    @Test
    void noneLeavesValuesUnchanged() {
        FeatureMatrix m = new FeatureMatrix(1, 3, new float[] {1, 2, 7});

        FeatureNormalization.NONE.apply(m);

        assertArrayEquals(new float[] {1, 2, 7}, m.data());
    }
}
