package io.lightningasr.asr.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.lightningasr.asr.decode.Transcript;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChunkPlanTest {

    @Test
    void shortSignalIsOneChunkKeepingEverything() {
        List<ChunkPlan.Chunk> chunks = ChunkPlan.plan(50, 100, 20);

        assertEquals(1, chunks.size());
        assertEquals(0, chunks.get(0).start());
        assertEquals(50, chunks.get(0).end());
        assertEquals(Double.NEGATIVE_INFINITY, chunks.get(0).keepFrom());
        assertEquals(Double.POSITIVE_INFINITY, chunks.get(0).keepUntil());
    }

    @Test
    void emptySignalIsOneEmptyChunk() {
        List<ChunkPlan.Chunk> chunks = ChunkPlan.plan(0, 100, 20);

        assertEquals(1, chunks.size());
        assertEquals(0, chunks.get(0).length());
    }

    @Test
    void longSignalCutsAtOverlapMiddles() {
        List<ChunkPlan.Chunk> chunks = ChunkPlan.plan(250, 100, 20);

        // Starts 0, 80, then the last chunk aligned to the end at 150.
        assertEquals(3, chunks.size());
        assertEquals(0, chunks.get(0).start());
        assertEquals(100, chunks.get(0).end());
        assertEquals(80, chunks.get(1).start());
        assertEquals(180, chunks.get(1).end());
        assertEquals(150, chunks.get(2).start());
        assertEquals(250, chunks.get(2).end());
        assertEquals(90.0, chunks.get(0).keepUntil());
        assertEquals(90.0, chunks.get(1).keepFrom());
        assertEquals(165.0, chunks.get(1).keepUntil());
        assertEquals(165.0, chunks.get(2).keepFrom());
    }

    @Test
    void chunksCoverSignalWithFullLength() {
        int samples = 1_234_567;
        List<ChunkPlan.Chunk> chunks = ChunkPlan.plan(samples, 320_000, 64_000);

        assertEquals(0, chunks.get(0).start());
        assertEquals(samples, chunks.get(chunks.size() - 1).end());
        for (int i = 0; i < chunks.size(); i++) {
            assertEquals(320_000, chunks.get(i).length(), "chunk " + i);
            if (i > 0) {
                assertTrue(chunks.get(i - 1).end() - chunks.get(i).start() >= 64_000, "overlap before chunk " + i);
                assertEquals(chunks.get(i - 1).keepUntil(), chunks.get(i).keepFrom());
            }
        }
    }

    @Test
    void wordsAreKeptByCentreBetweenCuts() {
        // Cuts at 90 and 165 samples; at 100 Hz one sample is 10 ms.
        ChunkPlan.Chunk middle = ChunkPlan.plan(250, 100, 20).get(1);

        assertTrue(middle.keeps(new Transcript.Word("a", 0.88, 0.94, 1), 100));
        assertTrue(middle.keeps(new Transcript.Word("b", 1.60, 1.68, 1), 100));
        assertFalse(middle.keeps(new Transcript.Word("c", 0.80, 0.98, 1), 100));
        assertFalse(middle.keeps(new Transcript.Word("d", 1.62, 1.70, 1), 100));
    }

    @Test
    void overlapMustBeShorterThanChunk() {
        assertThrows(IllegalArgumentException.class, () -> ChunkPlan.plan(10, 100, 100));
    }
}
