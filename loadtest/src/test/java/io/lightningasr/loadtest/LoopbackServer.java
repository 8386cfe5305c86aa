package io.lightningasr.loadtest;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/** A JDK HTTP server on 127.0.0.1 with a free port that counts requests and keeps the first few of them. */
public final class LoopbackServer implements AutoCloseable {

    /** The parts of one request that the handler receives. */
    public record Seen(String method, String path, String authorization, String contentType, byte[] body) {
    }

    /** Returns the reply to one request: status and JSON body. */
    @FunctionalInterface
    public interface Handler {
        Reply handle(long index, Seen request) throws Exception;
    }

    /** Status and body of a reply. */
    public record Reply(int status, String body) {
    }

    private final HttpServer server;
    private final ExecutorService executor;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicInteger concurrent = new AtomicInteger();
    private final AtomicInteger maxConcurrent = new AtomicInteger();
    private final List<Seen> kept = new CopyOnWriteArrayList<>();

    /**
     * Starts the server.
     *
     * @param threads handler threads; 0 uses a virtual thread per request
     */
    public LoopbackServer(int threads, Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1024);
        executor = threads == 0 ? Executors.newVirtualThreadPerTaskExecutor() : Executors.newFixedThreadPool(threads);
        server.setExecutor(executor);
        server.createContext("/", exchange -> serve(exchange, handler));
        server.start();
    }

    private void serve(HttpExchange exchange, Handler handler) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            Seen seen = new Seen(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    exchange.getRequestHeaders().getFirst("Authorization"),
                    exchange.getRequestHeaders().getFirst("Content-Type"), body);
            long index = requests.getAndIncrement();
            if (kept.size() < 20) {
                kept.add(seen);
            }
            Reply reply;
            // Counted until the reply is sent, so a client's next request cannot overlap its previous one here.
            int now = concurrent.incrementAndGet();
            maxConcurrent.accumulateAndGet(now, Math::max);
            try {
                reply = handler.handle(index, seen);
            } catch (Exception e) {
                reply = new Reply(500, "{\"error\":\"" + e.getMessage() + "\",\"code\":\"INTERNAL_ERROR\"}");
            } finally {
                concurrent.decrementAndGet();
            }
            byte[] bytes = reply.body().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "application/json");
            exchange.sendResponseHeaders(reply.status(), bytes.length);
            exchange.getResponseBody().write(bytes);
        }
    }

    /** Returns {@code http://127.0.0.1:port} plus the path. */
    public String url(String path) {
        return "http://127.0.0.1:" + server.getAddress().getPort() + path;
    }

    /** Returns the number of requests the handler received. */
    public long requests() {
        return requests.get();
    }

    /** Returns the most requests handled at once. */
    public int maxConcurrent() {
        return maxConcurrent.get();
    }

    /** Returns the first 20 requests. */
    public List<Seen> kept() {
        return kept;
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
