package io.lightningasr.gateway.net;

import io.lightningasr.gateway.http.BodyBuffer;
import io.lightningasr.gateway.http.BodyLimitException;

import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Downloads audio from http and https URLs with SSRF protection.
 *
 * <p>Each hop's host is checked by {@link AddressPolicy} and the socket is opened to exactly the checked address,
 * with the Host header (and, for https, SNI and certificate host name verification) taken from the URL, so DNS
 * is consulted once per hop. Redirects (at most {@value #MAX_REDIRECTS}) are checked the same way. The size limit
 * is enforced while reading, and connect, read and total time are bounded.
 */
public final class UrlFetcher implements AutoCloseable {
    static final int MAX_REDIRECTS = 3;
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final List<Integer> REDIRECTS = List.of(301, 302, 303, 307, 308);

    private final AddressPolicy policy;
    private final Duration connectTimeout;
    private final Duration readTimeout;
    private final Duration totalTimeout;
    private final java.util.concurrent.atomic.LongAdder connectionAttempts = new java.util.concurrent.atomic.LongAdder();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("url-fetch-watchdog").factory());

    public UrlFetcher(AddressPolicy policy, Duration connectTimeout, Duration readTimeout, Duration totalTimeout) {
        this.policy = policy;
        this.connectTimeout = connectTimeout;
        this.readTimeout = readTimeout;
        this.totalTimeout = totalTimeout;
    }

    /**
     * Checks that a URL is a fetchable http(s) URL and returns it parsed.
     *
     * @throws FetchException INVALID_URL for other schemes, user info, or an invalid host or port
     */
    public static FetchTarget parse(String url) throws FetchException {
        return FetchTarget.parse(url);
    }

    /**
     * Fetches the URL into the buffer.
     *
     * @throws FetchException  with the API error code for every failure
     * @throws BodyLimitException when the body exceeds the buffer's limits
     */
    public void fetch(FetchTarget url, BodyBuffer into) throws FetchException, BodyLimitException {
        long deadline = System.nanoTime() + totalTimeout.toNanos();
        FetchTarget current = url;
        for (int hop = 0; ; hop++) {
            Hop result = fetchOnce(current, into, deadline);
            if (result.redirect() == null) {
                return;
            }
            if (hop >= MAX_REDIRECTS) {
                throw FetchException.failed("too many redirects (more than " + MAX_REDIRECTS + ")", result.status());
            }
            try {
                current = parse(current.uri().resolve(result.redirect().trim()).toString());
            } catch (IllegalArgumentException e) {
                throw FetchException.failed("the URL redirected to an invalid location", result.status());
            }
        }
    }

    /** Connections attempted so far, redirect hops included; rejected URLs never count. */
    public long connectionAttempts() {
        return connectionAttempts.sum();
    }

    private record Hop(int status, String redirect) {
    }

    private Hop fetchOnce(FetchTarget target, BodyBuffer into, long deadline) throws FetchException, BodyLimitException {
        boolean https = target.https();
        int port = target.port();
        InetAddress address = policy.resolve(target.host());
        AtomicBoolean expired = new AtomicBoolean();
        Socket socket = new Socket();
        ScheduledFuture<?> timer = watchdog.schedule(() -> {
            expired.set(true);
            closeQuietly(socket);
        }, Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        try {
            connectionAttempts.increment();
            socket.connect(new InetSocketAddress(address, port), (int) connectTimeout.toMillis());
            socket.setSoTimeout((int) readTimeout.toMillis());
            Socket stream = https ? startTls(socket, target.host(), port) : socket;
            sendRequest(stream.getOutputStream(), target);
            InputStream in = new BufferedInputStream(stream.getInputStream());
            ResponseHead head = ResponseHead.read(in, MAX_HEADER_BYTES);
            if (REDIRECTS.contains(head.status()) && head.header("location") != null) {
                return new Hop(head.status(), head.header("location"));
            }
            if (head.status() < 200 || head.status() > 299) {
                throw FetchException.failed("the URL returned HTTP " + head.status(), head.status());
            }
            readBody(in, head, into);
            return new Hop(head.status(), null);
        } catch (SocketTimeoutException e) {
            throw FetchException.timeout("no data from the URL for " + readTimeout.toMillis() + " ms");
        } catch (IOException e) {
            if (expired.get()) {
                throw FetchException.timeout("fetching the URL took longer than " + totalTimeout.toSeconds() + " s");
            }
            throw FetchException.failed("fetching the URL failed: " + e.getClass().getSimpleName(), null);
        } finally {
            timer.cancel(false);
            closeQuietly(socket);
        }
    }

    private static Socket startTls(Socket plain, String host, int port) throws IOException {
        SSLSocket tls = (SSLSocket) ((SSLSocketFactory) SSLSocketFactory.getDefault())
                .createSocket(plain, host, port, true);
        SSLParameters parameters = tls.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        if (AddressPolicy.parseLiteral(host.replaceAll("^\\[|]$", "")).isEmpty()) {
            parameters.setServerNames(List.of(new SNIHostName(host)));
        }
        tls.setSSLParameters(parameters);
        tls.startHandshake();
        return tls;
    }

    private static void sendRequest(OutputStream out, FetchTarget target) throws IOException {
        String path = target.path();
        String host = target.hostHeader();
        String request = "GET " + path + " HTTP/1.1\r\n"
                + "Host: " + host + "\r\n"
                + "User-Agent: lightning-asr-gateway\r\n"
                + "Accept: */*\r\n"
                + "Accept-Encoding: identity\r\n"
                + "Connection: close\r\n\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    private static void readBody(InputStream in, ResponseHead head, BodyBuffer into)
            throws IOException, BodyLimitException {
        String transferEncoding = head.header("transfer-encoding");
        if (transferEncoding != null && transferEncoding.toLowerCase(java.util.Locale.ROOT).contains("chunked")) {
            into.readAll(new ChunkedInputStream(in));
            return;
        }
        String contentLength = head.header("content-length");
        if (contentLength == null) {
            into.readAll(in);
            return;
        }
        long expected;
        try {
            expected = Long.parseLong(contentLength.trim());
        } catch (NumberFormatException e) {
            throw new IOException("invalid Content-Length", e);
        }
        if (expected > into.remainingCapacity()) {
            throw new BodyLimitException(BodyLimitException.Kind.TOO_LARGE);
        }
        into.readAll(new BoundedInputStream(in, expected));
        if (into.length() < expected) {
            throw new IOException("connection closed before the end of the body");
        }
    }

    private static void closeQuietly(Socket socket) {
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that already failed has nothing left to report.
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
