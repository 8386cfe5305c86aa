package io.lightningasr.gateway;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/** A closed-loop load of {@code concurrency} workers that stops after a request count or a duration. */
final class LoadRun {
    /** Outcome of a run: successful requests and a description of every failure. */
    record Result(int succeeded, List<String> failures) {
    }

    private LoadRun() {
    }

    /**
     * Runs requests until {@code maxRequests} were sent or {@code maxDuration} passed, whichever comes first.
     * A request fails when it does not return 200.
     */
    static Result run(HttpClient client, int concurrency, int maxRequests, Duration maxDuration,
                      Supplier<HttpRequest> requests) throws InterruptedException {
        AtomicInteger issued = new AtomicInteger();
        AtomicInteger succeeded = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        long deadline = System.nanoTime() + maxDuration.toNanos();
        try (ExecutorService workers = Executors.newFixedThreadPool(concurrency)) {
            for (int w = 0; w < concurrency; w++) {
                workers.submit(() -> {
                    while (issued.incrementAndGet() <= maxRequests && System.nanoTime() < deadline) {
                        try {
                            HttpResponse<String> response = client.send(requests.get(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (response.statusCode() == 200) {
                                succeeded.incrementAndGet();
                            } else {
                                failures.add(response.statusCode() + " " + response.body());
                            }
                        } catch (Exception e) {
                            failures.add(e.toString());
                        }
                    }
                });
            }
            workers.shutdown();
            if (!workers.awaitTermination(maxDuration.toSeconds() + 120, TimeUnit.SECONDS)) {
                workers.shutdownNow();
                failures.add("load run did not finish in time");
            }
        }
        return new Result(succeeded.get(), List.copyOf(failures));
    }
}
