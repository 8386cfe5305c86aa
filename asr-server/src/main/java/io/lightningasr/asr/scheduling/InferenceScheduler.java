package io.lightningasr.asr.scheduling;

import io.micrometer.core.instrument.Clock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Admission control and the inference executor of the pod.
 *
 * <p>At most {@code slots + queueSize} requests hold a {@link Permit} at once: {@code slots} of them run on
 * a dedicated pool of {@code slots} platform threads (native inference calls would pin a virtual thread's
 * carrier), the rest wait in a FIFO queue. {@link #tryAcquire()} never blocks: it returns empty when the
 * pod is not ready, is draining, or has no free place, and the caller responds with 503 at once.
 *
 * <p>{@link #activeRequests()} counts every permit not yet closed (queued and running);
 * {@link #queuedRequests()} counts submitted tasks that wait for a slot. Both are exact: a permit is
 * counted once from {@code tryAcquire} until its first {@code close()}.
 */
public final class InferenceScheduler implements AutoCloseable {

    /** Lifecycle state of the pod that decides admission. */
    public enum State {
        /** The model is loading or warming up; requests are rejected. */
        STARTING,
        /** Requests are admitted. */
        READY,
        /** SIGTERM received; requests are rejected, admitted ones finish. */
        DRAINING
    }

    private final int slots;
    private final int queueSize;
    private final Clock clock;
    private final ExecutorService executor;
    private final AtomicReference<State> state = new AtomicReference<>(State.STARTING);
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger running = new AtomicInteger();
    private final Object idleMonitor = new Object();

    /**
     * Creates the scheduler in state {@link State#STARTING}.
     *
     * @param slots inference tasks that run at once, at least 1
     * @param queueSize admitted requests beyond {@code slots}, at least 0
     * @param clock the source of monotonic time for queue waits and timeouts
     */
    public InferenceScheduler(int slots, int queueSize, Clock clock) {
        if (slots < 1 || queueSize < 0) {
            throw new IllegalArgumentException("slots must be >= 1 and queueSize >= 0, got slots=" + slots
                    + " queueSize=" + queueSize);
        }
        this.slots = slots;
        this.queueSize = queueSize;
        this.clock = clock;
        AtomicInteger threadNumber = new AtomicInteger();
        this.executor = new ThreadPoolExecutor(slots, slots, 0L, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                runnable -> Thread.ofPlatform()
                        .name("asr-inference-" + threadNumber.incrementAndGet())
                        .daemon(true)
                        .unstarted(runnable));
    }

    /** Moves from {@link State#STARTING} to {@link State#READY}; has no effect once draining. */
    public void markReady() {
        state.compareAndSet(State.STARTING, State.READY);
    }

    /** Stops admission for good; permits already granted keep working. */
    public void startDrain() {
        state.set(State.DRAINING);
    }

    /** Returns the current lifecycle state. */
    public State state() {
        return state.get();
    }

    /**
     * Admits one request when the pod is ready and fewer than {@code slots + queueSize} permits are open.
     *
     * @return the permit, or empty when the request must be rejected with 503. The caller closes the permit in
     *     a {@code finally} block, and only the first close releases the place.
     */
    public Optional<Permit> tryAcquire() {
        while (true) {
            if (state.get() != State.READY) {
                return Optional.empty();
            }
            int current = active.get();
            if (current >= slots + queueSize) {
                return Optional.empty();
            }
            if (active.compareAndSet(current, current + 1)) {
                // A drain that started between the state check and the increment still counts this permit in
                // activeRequests(), so awaitIdle() waits for it.
                return Optional.of(new Permit(this, clock));
            }
        }
    }

    /** Returns the number of open permits: requests queued or running. */
    public int activeRequests() {
        return active.get();
    }

    /** Returns the number of submitted tasks that wait for a free slot. */
    public int queuedRequests() {
        return queued.get();
    }

    /** Returns the number of inference slots. */
    public int slots() {
        return slots;
    }

    /** Returns the number of requests that may wait for a slot. */
    public int queueSize() {
        return queueSize;
    }

    /**
     * Returns the number of tasks running on a slot. A task whose request timed out keeps running until its
     * native inference call returns, so this can exceed the running share of {@link #activeRequests()}.
     */
    public int runningTasks() {
        return running.get();
    }

    /**
     * Blocks until no permit is open and no task runs, or {@code timeout} has passed.
     *
     * @return {@code true} when no permit is open and no task runs
     */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idleMonitor) {
            while (active.get() > 0 || running.get() > 0) {
                long remainingMillis = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (remainingMillis <= 0) {
                    return false;
                }
                idleMonitor.wait(remainingMillis);
            }
            return true;
        }
    }

    /** Stops the inference threads; tasks still running are interrupted. */
    @Override
    public void close() {
        executor.shutdownNow();
    }

    ExecutorService executor() {
        return executor;
    }

    AtomicInteger queuedCounter() {
        return queued;
    }

    void release() {
        active.decrementAndGet();
        notifyIdleWaiters();
    }

    void taskStarted() {
        running.incrementAndGet();
    }

    void taskFinished() {
        running.decrementAndGet();
        notifyIdleWaiters();
    }

    private void notifyIdleWaiters() {
        synchronized (idleMonitor) {
            idleMonitor.notifyAll();
        }
    }
}
