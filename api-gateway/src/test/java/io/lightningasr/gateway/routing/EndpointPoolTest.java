package io.lightningasr.gateway.routing;

import org.junit.jupiter.api.Test;

import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EndpointPoolTest {
    private static final URI A = URI.create("http://127.0.0.1:1001");
    private static final URI B = URI.create("http://127.0.0.1:1002");
    private static final URI C = URI.create("http://127.0.0.1:1003");
    private static final long TTL = TimeUnit.SECONDS.toNanos(2);

    private static long soon() {
        return System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
    }

    @Test
    void leastLoadedPodChosen() throws Exception {
        EndpointPool pool = new EndpointPool(10, TTL);
        pool.update(List.of(A, B, C));

        List<EndpointPool.Lease> leases = new java.util.ArrayList<>();
        for (int i = 0; i < 6; i++) {
            leases.add(pool.acquire(Set.of(), soon()).orElseThrow());
        }

        for (Endpoint endpoint : pool.endpoints()) {
            assertEquals(2, endpoint.inFlight(), endpoint.toString());
        }
        leases.forEach(EndpointPool.Lease::close);
    }

    @Test
    void tiesBrokenAtRandom() throws Exception {
        EndpointPool pool = new EndpointPool(10, TTL);
        pool.update(List.of(A, B, C));
        Map<URI, Integer> picks = new HashMap<>();

        for (int i = 0; i < 300; i++) {
            try (EndpointPool.Lease lease = pool.acquire(Set.of(), soon()).orElseThrow()) {
                picks.merge(lease.endpoint().baseUri(), 1, Integer::sum);
            }
        }

        for (URI uri : List.of(A, B, C)) {
            int count = picks.getOrDefault(uri, 0);
            assertTrue(count > 60, uri + " picked " + count + " of 300");
            assertTrue(count < 140, uri + " picked " + count + " of 300");
        }
    }

    @Test
    void reportedLoadSteersAwayUntilItAges() throws Exception {
        EndpointPool pool = new EndpointPool(10, TimeUnit.MILLISECONDS.toNanos(200));
        pool.update(List.of(A, B));
        Endpoint a = endpoint(pool, A);
        try (EndpointPool.Lease lease = pool.acquire(Set.of(), soon()).orElseThrow()) {
            lease.endpoint();
        }
        a.reportActiveRequests(5, System.nanoTime());

        for (int i = 0; i < 20; i++) {
            try (EndpointPool.Lease lease = pool.acquire(Set.of(), soon()).orElseThrow()) {
                assertEquals(B, lease.endpoint().baseUri());
            }
        }
        Thread.sleep(250);
        Map<URI, Integer> picks = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            try (EndpointPool.Lease lease = pool.acquire(Set.of(), soon()).orElseThrow()) {
                picks.merge(lease.endpoint().baseUri(), 1, Integer::sum);
            }
        }
        assertTrue(picks.getOrDefault(A, 0) > 0, "aged report still steers traffic: " + picks);
    }

    @Test
    void leaseClosesOnceAndCountStaysAtZero() throws Exception {
        EndpointPool pool = new EndpointPool(10, TTL);
        pool.update(List.of(A));
        EndpointPool.Lease lease = pool.acquire(Set.of(), soon()).orElseThrow();
        assertEquals(1, lease.endpoint().inFlight());

        lease.close();
        lease.close();

        assertEquals(0, lease.endpoint().inFlight());
        lease.endpoint().decrement();
        assertEquals(0, lease.endpoint().inFlight());
    }

    @Test
    void untriedPodPreferred() throws Exception {
        EndpointPool pool = new EndpointPool(10, TTL);
        pool.update(List.of(A, B));
        Endpoint a = endpoint(pool, A);

        for (int i = 0; i < 20; i++) {
            try (EndpointPool.Lease lease = pool.acquire(Set.of(a), soon()).orElseThrow()) {
                assertEquals(B, lease.endpoint().baseUri());
            }
        }
    }

    @Test
    void backedOffPodSkippedUntilReady() throws Exception {
        EndpointPool pool = new EndpointPool(10, TTL);
        pool.update(List.of(A, B));
        Endpoint a = endpoint(pool, A);
        a.backOff(System.nanoTime() + TimeUnit.SECONDS.toNanos(60));

        for (int i = 0; i < 20; i++) {
            try (EndpointPool.Lease lease = pool.acquire(Set.of(), soon()).orElseThrow()) {
                assertNotEquals(A, lease.endpoint().baseUri());
            }
        }
        a.readiness(true, System.nanoTime());
        assertEquals(Endpoint.State.READY, a.state(System.nanoTime()));
    }

    @Test
    void noPodWaitsThenGivesUp() throws Exception {
        EndpointPool pool = new EndpointPool(10, TTL);
        pool.update(List.of(A));
        endpoint(pool, A).readiness(false, System.nanoTime());
        long start = System.nanoTime();

        Optional<EndpointPool.Lease> lease = pool.acquire(Set.of(), start + TimeUnit.MILLISECONDS.toNanos(300));

        long waitedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertFalse(lease.isPresent());
        assertTrue(waitedMillis >= 290, "waited " + waitedMillis + " ms");
        assertTrue(waitedMillis < 2000, "waited " + waitedMillis + " ms");
        assertEquals(0, pool.queued());
    }

    @Test
    void waiterServedWhenPodBecomesReady() throws Exception {
        EndpointPool pool = new EndpointPool(10, TTL);
        pool.update(List.of(A));
        Endpoint a = endpoint(pool, A);
        a.readiness(false, System.nanoTime());
        Thread.ofVirtual().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            a.readiness(true, System.nanoTime());
            pool.wakeWaiters();
        });

        Optional<EndpointPool.Lease> lease = pool.acquire(Set.of(), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));

        assertTrue(lease.isPresent());
        lease.get().close();
    }

    @Test
    void fullQueueRejectsAtOnce() throws Exception {
        EndpointPool pool = new EndpointPool(0, TTL);
        pool.update(List.of());

        Optional<EndpointPool.Lease> lease = pool.acquire(Set.of(), System.nanoTime() + TimeUnit.SECONDS.toNanos(5));

        assertFalse(lease.isPresent());
        assertEquals(0, pool.queued());
    }

    @Test
    void updateKeepsCountersOfRemainingPods() throws Exception {
        EndpointPool pool = new EndpointPool(10, TTL);
        pool.update(List.of(A));
        EndpointPool.Lease lease = pool.acquire(Set.of(), soon()).orElseThrow();

        pool.update(List.of(A, B));

        assertEquals(1, endpoint(pool, A).inFlight());
        lease.close();
        assertEquals(0, endpoint(pool, A).inFlight());
    }

    private static Endpoint endpoint(EndpointPool pool, URI uri) {
        return pool.endpoints().stream().filter(e -> e.baseUri().equals(uri)).findFirst().orElseThrow();
    }
}
