package io.lightningasr.gateway.http;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Cap on the bytes of audio held in memory across all in-flight requests. Requests reserve bytes while they
 * read and release all of them once when they finish.
 */
public final class BufferBudget {
    private final long capacityBytes;
    private final AtomicLong reservedBytes = new AtomicLong();

    public BufferBudget(long capacityBytes) {
        this.capacityBytes = capacityBytes;
    }

    /** Reserves bytes; returns false, reserving nothing, when that would exceed the capacity. */
    public boolean tryReserve(long bytes) {
        while (true) {
            long current = reservedBytes.get();
            if (current + bytes > capacityBytes) {
                return false;
            }
            if (reservedBytes.compareAndSet(current, current + bytes)) {
                return true;
            }
        }
    }

    public void release(long bytes) {
        reservedBytes.addAndGet(-bytes);
    }

    /** Bytes reserved right now. */
    public long reservedBytes() {
        return reservedBytes.get();
    }
}
