package io.lightningasr.asr.inference;

import io.lightningasr.asr.decode.Transcript;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a long signal into overlapping chunks of equal length so that memory per inference stays bounded,
 * and selects the words each chunk contributes. Neighbouring chunks overlap by at least {@code overlap} samples.
 * The cut between two chunks is the middle of their overlap. A chunk keeps the words whose centre lies between
 * its cuts, so a word near a chunk edge is taken from the chunk that saw it with more context.
 *
 * <p>All chunks have the full chunk length except when the signal is shorter. The last chunk is aligned to the
 * end of the signal, so it may overlap its neighbour by more than {@code overlap}.
 */
final class ChunkPlan {

    /**
     * A range of samples and the span, in samples from the start of the signal, whose words it keeps.
     *
     * @param start the first sample
     * @param end one past the last sample
     * @param keepFrom words whose centre is at or after this sample are kept
     * @param keepUntil words whose centre is before this sample are kept
     */
    record Chunk(int start, int end, double keepFrom, double keepUntil) {
        int length() {
            return end - start;
        }

        /** Returns true when the centre of {@code word}, timed from the start of the signal, lies between the cuts. */
        boolean keeps(Transcript.Word word, int sampleRateHz) {
            double centre = (word.startSeconds() + word.endSeconds()) / 2 * sampleRateHz;
            return centre >= keepFrom && centre < keepUntil;
        }
    }

    private ChunkPlan() {
    }

    /**
     * Plans the chunks of a signal.
     *
     * @param samples the signal length in samples
     * @param chunk the chunk length in samples
     * @param overlap the minimum overlap in samples, less than {@code chunk}
     */
    static List<Chunk> plan(int samples, int chunk, int overlap) {
        if (overlap < 0 || overlap >= chunk) {
            throw new IllegalArgumentException("overlap must be in [0, chunk), got " + overlap + " for " + chunk);
        }
        List<int[]> ranges = new ArrayList<>();
        int step = chunk - overlap;
        int start = 0;
        while (true) {
            if (start + chunk >= samples) {
                int lastStart = Math.max(0, samples - chunk);
                ranges.add(new int[] {lastStart, samples});
                break;
            }
            ranges.add(new int[] {start, start + chunk});
            start += step;
        }

        List<Chunk> chunks = new ArrayList<>(ranges.size());
        for (int i = 0; i < ranges.size(); i++) {
            double keepFrom = i == 0 ? Double.NEGATIVE_INFINITY : (ranges.get(i - 1)[1] + ranges.get(i)[0]) / 2.0;
            double keepUntil = i == ranges.size() - 1
                    ? Double.POSITIVE_INFINITY
                    : (ranges.get(i)[1] + ranges.get(i + 1)[0]) / 2.0;
            chunks.add(new Chunk(ranges.get(i)[0], ranges.get(i)[1], keepFrom, keepUntil));
        }
        return chunks;
    }
}
