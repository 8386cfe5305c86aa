package io.lightningasr.asr.scheduling;

import io.micrometer.core.instrument.MockClock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class InferenceSchedulerTest {

    private final MockClock clock = new MockClock();
    private final InferenceScheduler scheduler = new InferenceScheduler(2, 3, clock);
    private final ExecutorService callers = Executors.newVirtualThreadPerTaskExecutor();

    @AfterEach
    void close() {
        callers.shutdownNow();
        scheduler.close();
    }

    @Test
    void startingSchedulerRejects() {
        assertTrue(scheduler.tryAcquire().isEmpty());
        assertEquals(InferenceScheduler.State.STARTING, scheduler.state());
    }

    @Test
    void admitsSlotsPlusQueueThenRejects() {
        scheduler.markReady();
        List<Permit> permits = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            permits.add(scheduler.tryAcquire().orElseThrow());
        }

        assertTrue(scheduler.tryAcquire().isEmpty(), "sixth request must be rejected");
        assertEquals(5, scheduler.activeRequests());

        permits.getFirst().close();
        assertEquals(4, scheduler.activeRequests());
        assertTrue(scheduler.tryAcquire().isPresent(), "a released place is reusable");
    }

    @Test
    void permitReleasesExactlyOnce() {
        scheduler.markReady();
        Permit first = scheduler.tryAcquire().orElseThrow();
        Permit second = scheduler.tryAcquire().orElseThrow();

        first.close();
        first.close();

        assertEquals(1, scheduler.activeRequests());
        second.close();
        assertEquals(0, scheduler.activeRequests());
    }

    @Test
    void drainingRejectsNewButKeepsAdmitted() throws Exception {
        scheduler.markReady();
        Permit admitted = scheduler.tryAcquire().orElseThrow();

        scheduler.startDrain();
        scheduler.markReady();

        assertEquals(InferenceScheduler.State.DRAINING, scheduler.state());
        assertTrue(scheduler.tryAcquire().isEmpty());
        assertEquals("done", admitted.run(() -> "done", Duration.ofSeconds(10)));
        assertFalse(scheduler.awaitIdle(Duration.ofMillis(50)), "one permit is still open");
        admitted.close();
        assertTrue(scheduler.awaitIdle(Duration.ofSeconds(1)));
    }

    @Test
    void tasksBeyondSlotsWaitInQueue() throws Exception {
        scheduler.markReady();
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch running = new CountDownLatch(2);
        List<Future<String>> results = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            Permit permit = scheduler.tryAcquire().orElseThrow();
            results.add(callers.submit(() -> {
                try (permit) {
                    return permit.run(() -> {
                        running.countDown();
                        release.await();
                        return Thread.currentThread().isVirtual() ? "virtual" : "platform";
                    }, Duration.ofSeconds(30));
                }
            }));
        }
        assertTrue(running.await(10, TimeUnit.SECONDS), "two tasks run");
        awaitQueued(2);

        assertEquals(4, scheduler.activeRequests());
        assertEquals(2, scheduler.queuedRequests());
        release.countDown();
        for (Future<String> result : results) {
            assertEquals("platform", result.get(10, TimeUnit.SECONDS));
        }
        assertEquals(0, scheduler.queuedRequests());
        assertEquals(0, scheduler.activeRequests());
    }

    @Test
    void timedOutQueuedTaskNeverRuns() throws Exception {
        scheduler.markReady();
        CountDownLatch release = new CountDownLatch(1);
        List<Permit> busy = List.of(scheduler.tryAcquire().orElseThrow(), scheduler.tryAcquire().orElseThrow());
        for (Permit permit : busy) {
            callers.submit(() -> permit.run(() -> release.await(30, TimeUnit.SECONDS), Duration.ofSeconds(30)));
        }
        for (int i = 0; i < 500 && scheduler.runningTasks() < 2; i++) {
            Thread.sleep(10);
        }
        assertEquals(2, scheduler.runningTasks(), "both slots busy");
        Permit late = scheduler.tryAcquire().orElseThrow();
        boolean[] ran = {false};

        assertThrows(TimeoutException.class, () -> late.run(() -> ran[0] = true, Duration.ofMillis(100)));

        assertEquals(0, scheduler.queuedRequests());
        release.countDown();
        late.close();
        busy.forEach(Permit::close);
        assertTrue(scheduler.awaitIdle(Duration.ofSeconds(5)));
        assertEquals(0, scheduler.runningTasks());
        assertFalse(ran[0], "a timed-out queued task must not run");
    }

    @Test
    void queueWaitIsMeasuredWithTheInjectedClock() throws Exception {
        scheduler.markReady();
        Permit permit = scheduler.tryAcquire().orElseThrow();

        permit.run(() -> clock.add(Duration.ofMillis(250)), Duration.ofSeconds(10));

        assertNotEquals(-1, permit.queueWaitNanos());
        assertTrue(permit.queueWaitNanos() < TimeUnit.MILLISECONDS.toNanos(250),
                "the clock advanced only inside the task: " + permit.queueWaitNanos());
        Optional<Permit> other = scheduler.tryAcquire();
        assertTrue(other.isPresent());
        other.get().close();
        permit.close();
    }

    private void awaitQueued(int expected) throws InterruptedException {
        for (int i = 0; i < 200 && scheduler.queuedRequests() != expected; i++) {
            Thread.sleep(10);
        }
    }
}
