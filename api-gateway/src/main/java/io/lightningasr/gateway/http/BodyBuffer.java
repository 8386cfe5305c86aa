package io.lightningasr.gateway.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * A request's audio in memory, read with the size limit enforced while reading and every byte reserved from the
 * {@link BufferBudget}. {@link #close()} returns the reservation once; later calls do nothing.
 *
 * <p>NOTE: the budget counts audio bytes. While the backing array grows by doubling it may be up to twice that
 * size, so the heap needed is up to twice {@code API_MAX_BUFFERED_MB}.
 */
public final class BodyBuffer implements AutoCloseable {
    private static final int CHUNK = 64 * 1024;

    private final BufferBudget budget;
    private final long maxBytes;
    private byte[] data = new byte[CHUNK];
    private int length;
    private long reserved;
    private boolean closed;

    public BodyBuffer(BufferBudget budget, long maxBytes) {
        this.budget = budget;
        this.maxBytes = maxBytes;
    }

    /** Reads the stream to its end. */
    public void readAll(InputStream in) throws IOException, BodyLimitException {
        byte[] chunk = new byte[CHUNK];
        int n;
        while ((n = in.read(chunk)) >= 0) {
            append(chunk, 0, n);
        }
    }

    /** Appends bytes, failing before the size limit or the budget is exceeded. */
    public void append(byte[] bytes, int offset, int count) throws BodyLimitException {
        if (count == 0) {
            return;
        }
        if (length + (long) count > maxBytes) {
            throw new BodyLimitException(BodyLimitException.Kind.TOO_LARGE);
        }
        if (!budget.tryReserve(count)) {
            throw new BodyLimitException(BodyLimitException.Kind.BUDGET_EXHAUSTED);
        }
        reserved += count;
        if (length + count > data.length) {
            long grown = Math.max((long) data.length * 2, (long) length + count);
            data = Arrays.copyOf(data, (int) Math.min(grown, Integer.MAX_VALUE - 16));
        }
        System.arraycopy(bytes, offset, data, length, count);
        length += count;
    }

    /** Backing array; only the first {@link #length()} bytes are valid. */
    public byte[] array() {
        return data;
    }

    public int length() {
        return length;
    }

    /** Bytes that may still be appended before the size limit. */
    public long remainingCapacity() {
        return maxBytes - length;
    }

    @Override
    public synchronized void close() {
        if (!closed) {
            closed = true;
            budget.release(reserved);
            data = new byte[0];
            length = 0;
        }
    }
}
