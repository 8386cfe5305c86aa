package io.lightningasr.gateway.routing;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The ASR pods and the choice of pod per upstream request: the eligible pod with the lowest load, ties broken
 * at random. Requests that find no eligible pod wait in a bounded queue for a bounded time.
 */
public final class EndpointPool {
    private static final long WAIT_SLICE_MILLIS = 100;

    private final int queueCapacity;
    private final long loadTtlNanos;
    private final AtomicInteger queued = new AtomicInteger();
    private final Object monitor = new Object();
    private volatile Map<URI, Endpoint> endpoints = Map.of();

    /**
     * @param queueCapacity requests that may wait for a pod at once
     * @param loadTtlNanos  how long a pod's reported load counts
     */
    public EndpointPool(int queueCapacity, long loadTtlNanos) {
        this.queueCapacity = queueCapacity;
        this.loadTtlNanos = loadTtlNanos;
    }

    /**
     * A pod taken for one upstream request. {@link #close()} decrements the pod's in-flight count exactly once,
     * however often it is called.
     */
    public final class Lease implements AutoCloseable {
        private final Endpoint endpoint;
        private final AtomicBoolean closed = new AtomicBoolean();

        private Lease(Endpoint endpoint) {
            this.endpoint = endpoint;
        }

        public Endpoint endpoint() {
            return endpoint;
        }

        @Override
        public void close() {
            if (closed.compareAndSet(false, true)) {
                endpoint.decrement();
                wakeWaiters();
            }
        }
    }

    /** Replaces the pod list; pods that stay keep their counters and state. */
    public void update(List<URI> baseUris) {
        synchronized (monitor) {
            Map<URI, Endpoint> next = new LinkedHashMap<>();
            for (URI uri : baseUris) {
                next.put(uri, endpoints.getOrDefault(uri, new Endpoint(uri)));
            }
            endpoints = Map.copyOf(next);
            monitor.notifyAll();
        }
    }

    public List<Endpoint> endpoints() {
        return List.copyOf(endpoints.values());
    }

    /** Requests waiting for a pod now. */
    public int queued() {
        return queued.get();
    }

    /** Wakes requests waiting for a pod, after a readiness or membership change. */
    public void wakeWaiters() {
        synchronized (monitor) {
            monitor.notifyAll();
        }
    }

    /**
     * Takes the least-loaded eligible pod, preferring pods not in {@code tried}; when only tried pods are
     * eligible one of them is taken again. Waits while no pod is eligible.
     *
     * @param deadlineNanos {@link System#nanoTime()} after which to stop waiting
     * @return empty when the wait queue is full or the deadline passed
     */
    public Optional<Lease> acquire(Set<Endpoint> tried, long deadlineNanos) throws InterruptedException {
        Optional<Lease> lease = tryAcquire(tried);
        if (lease.isPresent()) {
            return lease;
        }
        if (queued.incrementAndGet() > queueCapacity) {
            queued.decrementAndGet();
            return Optional.empty();
        }
        try {
            while (true) {
                long remaining = deadlineNanos - System.nanoTime();
                if (remaining <= 0) {
                    return Optional.empty();
                }
                synchronized (monitor) {
                    lease = tryAcquire(tried);
                    if (lease.isPresent()) {
                        return lease;
                    }
                    long millis = Math.min(WAIT_SLICE_MILLIS, Math.max(1, remaining / 1_000_000));
                    monitor.wait(millis);
                }
            }
        } finally {
            queued.decrementAndGet();
        }
    }

    private Optional<Lease> tryAcquire(Set<Endpoint> tried) {
        synchronized (monitor) {
            long now = System.nanoTime();
            List<Endpoint> eligible = new ArrayList<>();
            for (Endpoint endpoint : endpoints.values()) {
                if (endpoint.isEligible(now)) {
                    eligible.add(endpoint);
                }
            }
            List<Endpoint> fresh = eligible.stream().filter(e -> !tried.contains(e)).toList();
            Optional<Endpoint> chosen = leastLoaded(fresh.isEmpty() ? eligible : fresh, now);
            chosen.ifPresent(Endpoint::increment);
            return chosen.map(Lease::new);
        }
    }

    private Optional<Endpoint> leastLoaded(List<Endpoint> candidates, long now) {
        Endpoint best = null;
        double bestLoad = Double.MAX_VALUE;
        int ties = 0;
        for (Endpoint candidate : candidates) {
            double load = candidate.load(now, loadTtlNanos);
            if (load < bestLoad) {
                best = candidate;
                bestLoad = load;
                ties = 1;
            } else if (load == bestLoad && ThreadLocalRandom.current().nextInt(++ties) == 0) {
                best = candidate;
            }
        }
        return Optional.ofNullable(best);
    }
}
