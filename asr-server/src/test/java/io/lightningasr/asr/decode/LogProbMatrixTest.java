package io.lightningasr.asr.decode;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class LogProbMatrixTest {

    private static final LogProbMatrix THREE_FRAMES = new LogProbMatrix(3, 2, new float[] {1, 2, 3, 4, 5, 6});

    @Test
    void firstFramesKeepsLeadingRows() {
        LogProbMatrix two = THREE_FRAMES.firstFrames(2);

        assertEquals(2, two.frames());
        assertEquals(2, two.classes());
        assertArrayEquals(new float[] {1, 2, 3, 4}, two.data());
    }

    @Test
    void firstFramesBeyondLengthReturnsSameMatrix() {
        assertSame(THREE_FRAMES, THREE_FRAMES.firstFrames(3));
        assertSame(THREE_FRAMES, THREE_FRAMES.firstFrames(10));
    }

    @Test
    void firstFramesZeroIsEmpty() {
        assertEquals(0, THREE_FRAMES.firstFrames(0).frames());
    }

    @Test
    void dataLengthMustMatchShape() {
        assertThrows(IllegalArgumentException.class, () -> new LogProbMatrix(2, 2, new float[3]));
    }
}
