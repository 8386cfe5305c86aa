package io.lightningasr.loadtest.metrics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Polls {@code asr_active_requests} and the replica count once a second on a daemon thread.
 *
 * <p>A URL whose path ends with {@code /metrics} is a raw Prometheus text endpoint of one pod; several such URLs
 * are several pods, and the replica count is the number that responded. Any other URL is a Prometheus server:
 * the poller runs the instant queries {@code activeQuery} and {@code replicasQuery} through {@code /api/v1/query}.
 * Failed polls are counted and the first failure of each URL is reported through the error callback.
 */
public final class MetricsPoller implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<URI> urls;
    private final String activeQuery;
    private final String replicasQuery;
    private final HttpClient client;
    private final AtomicReference<MetricsSample> latest = new AtomicReference<>();
    private final AtomicLong failures = new AtomicLong();
    private final java.util.function.Consumer<String> errors;
    private final java.util.Set<URI> reported = java.util.concurrent.ConcurrentHashMap.newKeySet();
    private volatile boolean running = true;
    private Thread thread;

    /**
     * Creates a poller; {@link #start()} begins polling.
     *
     * @param errors receives one message per URL for its first failed poll
     */
    public MetricsPoller(List<URI> urls, String activeQuery, String replicasQuery,
                         java.util.function.Consumer<String> errors) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("a metrics poller needs at least one URL");
        }
        this.urls = List.copyOf(urls);
        this.activeQuery = activeQuery;
        this.replicasQuery = replicasQuery;
        this.errors = errors;
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2))
                .version(HttpClient.Version.HTTP_1_1).build();
    }

    /** Starts the polling thread; the first poll runs at once. */
    public void start() {
        thread = Thread.ofPlatform().daemon().name("metrics-poller").start(this::loop);
    }

    /** Returns the latest sample, or {@code null} before the first successful poll. */
    public MetricsSample latest() {
        return latest.get();
    }

    /** Returns the number of failed polls. */
    public long failures() {
        return failures.get();
    }

    /** Polls once on the calling thread and returns the sample. */
    public MetricsSample pollOnce() {
        Map<String, Double> active = new LinkedHashMap<>();
        Integer replicas = null;
        int rawAnswered = 0;
        boolean anyRaw = false;
        for (URI url : urls) {
            try {
                if (isRawEndpoint(url)) {
                    anyRaw = true;
                    String text = get(url);
                    double sum = 0;
                    for (PrometheusText.Sample sample : PrometheusText.samples(text, "asr_active_requests")) {
                        sum += sample.value();
                    }
                    active.put(url.getHost() + ":" + url.getPort(), sum);
                    rawAnswered++;
                } else {
                    active.putAll(queryByPod(url, activeQuery));
                    Map<String, Double> count = queryByPod(url, replicasQuery);
                    if (!count.isEmpty()) {
                        replicas = (int) Math.round(count.values().iterator().next());
                    }
                }
            } catch (IOException | RuntimeException e) {
                failures.incrementAndGet();
                if (reported.add(url)) {
                    errors.accept("metrics poll of " + url + " failed: " + e.getMessage()
                            + " (further failures of this URL are counted, not shown)");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        if (anyRaw && replicas == null) {
            replicas = rawAnswered;
        }
        MetricsSample sample = new MetricsSample(active, replicas);
        latest.set(sample);
        return sample;
    }

    private void loop() {
        long next = System.nanoTime();
        while (running) {
            pollOnce();
            next += 1_000_000_000L;
            long wait = next - System.nanoTime();
            if (wait > 0) {
                try {
                    Thread.sleep(Duration.ofNanos(wait));
                } catch (InterruptedException e) {
                    return;
                }
            } else {
                next = System.nanoTime();
            }
        }
    }

    private Map<String, Double> queryByPod(URI base, String query) throws IOException, InterruptedException {
        String path = base.getPath() == null ? "" : base.getPath().replaceAll("/+$", "");
        URI uri = base.resolve(path + "/api/v1/query?query=" + URLEncoder.encode(query, StandardCharsets.UTF_8));
        JsonNode root = JSON.readTree(get(uri));
        if (!"success".equals(root.path("status").asText())) {
            throw new IOException("query '" + query + "' failed: " + root.path("error").asText("no error text"));
        }
        Map<String, Double> byPod = new LinkedHashMap<>();
        JsonNode data = root.path("data");
        if ("scalar".equals(data.path("resultType").asText())) {
            byPod.put("scalar", data.path("result").path(1).asDouble());
            return byPod;
        }
        for (JsonNode series : data.path("result")) {
            JsonNode metric = series.path("metric");
            String pod = metric.hasNonNull("pod") ? metric.get("pod").asText()
                    : metric.hasNonNull("instance") ? metric.get("instance").asText() : "value";
            byPod.merge(pod, series.path("value").path(1).asDouble(), Double::sum);
        }
        return byPod;
    }

    private String get(URI uri) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(2)).GET().build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IOException("HTTP " + response.statusCode() + " from " + uri);
        }
        return response.body();
    }

    static boolean isRawEndpoint(URI url) {
        return url.getPath() != null && url.getPath().endsWith("/metrics");
    }

    /** Stops polling and waits up to 3 s for the thread. */
    @Override
    public void close() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.interrupt();
            thread.join(3000);
        }
    }
}
