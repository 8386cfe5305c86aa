package io.lightningasr.asr.features;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Compares the Java features with golden values from the numpy reference the demo model was trained with
 * ({@code models/demo-en/recipe/features.py}), written by {@code src/test/python/make_feature_golden.py}.
 */
class LogMelExtractorGoldenTest {

    private static final double TOLERANCE = 1e-3;
    private static final LogMelExtractor EXTRACTOR = new LogMelExtractor(80);

    record GoldenCase(String name, int samples, int frames) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<GoldenCase> cases() throws IOException {
        String index = new String(resource("index.txt"), StandardCharsets.UTF_8);
        List<GoldenCase> cases = new ArrayList<>();
        for (String line : index.strip().split("\n")) {
            String[] fields = line.strip().split(" ");
            cases.add(new GoldenCase(fields[0], Integer.parseInt(fields[1]), Integer.parseInt(fields[2])));
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void logMelMatchesReference(GoldenCase golden) throws IOException {
        float[] samples = floats(golden.name() + ".samples.f32");
        assertEquals(golden.samples(), samples.length);

        FeatureMatrix actual = EXTRACTOR.compute(samples);

        assertEquals(golden.frames(), actual.frames(), "frame count");
        assertEquals(golden.frames(), LogMelExtractor.frameCount(samples.length), "frameCount()");
        assertMatches(floats(golden.name() + ".logmel.f32"), actual, golden.name());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void normalisedFeaturesMatchReference(GoldenCase golden) throws IOException {
        FeatureMatrix actual = EXTRACTOR.compute(floats(golden.name() + ".samples.f32"));

        FeatureNormalization.PER_FEATURE.apply(actual);

        assertMatches(floats(golden.name() + ".features.f32"), actual, golden.name());
    }

    /** Compares a frame-major {@code [frames, 80]} reference with the channel-major matrix. */
    private static void assertMatches(float[] expectedFrameMajor, FeatureMatrix actual, String name) {
        assertEquals(expectedFrameMajor.length, actual.data().length, "value count");
        double maxDiff = 0;
        String worst = "";
        for (int t = 0; t < actual.frames(); t++) {
            for (int b = 0; b < actual.bins(); b++) {
                double diff = Math.abs(expectedFrameMajor[t * actual.bins() + b] - actual.get(b, t));
                if (diff > maxDiff) {
                    maxDiff = diff;
                    worst = "frame " + t + " bin " + b;
                }
            }
        }
        assertTrue(maxDiff <= TOLERANCE, name + ": max abs difference " + maxDiff + " at " + worst);
    }

    private static float[] floats(String name) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(resource(name)).order(ByteOrder.LITTLE_ENDIAN);
        float[] values = new float[bytes.remaining() / Float.BYTES];
        bytes.asFloatBuffer().get(values);
        return values;
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = LogMelExtractorGoldenTest.class.getResourceAsStream("/features/" + name)) {
            if (in == null) {
                throw new IOException("test resource /features/" + name + " not found");
            }
            return in.readAllBytes();
        }
    }
}
