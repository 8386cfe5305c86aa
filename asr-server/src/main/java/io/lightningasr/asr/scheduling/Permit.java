package io.lightningasr.asr.scheduling;

import io.micrometer.core.instrument.Clock;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One admitted request's place in the scheduler. It counts in {@link InferenceScheduler#activeRequests()}
 * from admission until the first {@link #close()}.
 */
public final class Permit implements AutoCloseable {

    private final InferenceScheduler scheduler;
    private final Clock clock;
    private final AtomicBoolean released = new AtomicBoolean();
    private final long admittedAtNanos;
    private volatile long queueWaitNanos = -1;

    Permit(InferenceScheduler scheduler, Clock clock) {
        this.scheduler = scheduler;
        this.clock = clock;
        this.admittedAtNanos = clock.monotonicTime();
    }

    /**
     * Runs {@code task} on an inference slot, waiting in the FIFO queue for a free one, and returns its result.
     * The calling thread blocks; a task that is still queued when {@code timeout} passes never runs, and a
     * running one is interrupted (native calls run to their end, holding the slot until then).
     *
     * @param timeout the limit for queue wait plus run time
     * @throws TimeoutException when {@code timeout} passes first
     * @throws ExecutionException wrapping what {@code task} threw
     * @throws RejectedExecutionException when the scheduler is closed
     */
    public <T> T run(Callable<T> task, Duration timeout)
            throws TimeoutException, ExecutionException, InterruptedException {
        AtomicBoolean started = new AtomicBoolean();
        long submittedAt = clock.monotonicTime();
        scheduler.queuedCounter().incrementAndGet();
        Future<T> future;
        try {
            future = scheduler.executor().submit(() -> {
                leaveQueue(started);
                queueWaitNanos = clock.monotonicTime() - submittedAt;
                scheduler.taskStarted();
                try {
                    return task.call();
                } finally {
                    scheduler.taskFinished();
                }
            });
        } catch (RejectedExecutionException e) {
            leaveQueue(started);
            throw e;
        }
        try {
            return future.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException | InterruptedException e) {
            future.cancel(true);
            leaveQueue(started);
            throw e;
        }
    }

    /** Returns how long the task waited for a slot, in nanoseconds, or -1 when it has not started. */
    public long queueWaitNanos() {
        return queueWaitNanos;
    }

    /** Returns the monotonic time of admission, in nanoseconds of the scheduler's clock. */
    public long admittedAtNanos() {
        return admittedAtNanos;
    }

    /** Releases the place; only the first call has an effect. */
    @Override
    public void close() {
        if (released.compareAndSet(false, true)) {
            scheduler.release();
        }
    }

    private void leaveQueue(AtomicBoolean started) {
        if (started.compareAndSet(false, true)) {
            scheduler.queuedCounter().decrementAndGet();
        }
    }
}
