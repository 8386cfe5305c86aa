package io.lightningasr.loadtest.http;

import javax.net.ssl.SSLSocketFactory;
import java.io.ByteArrayOutputStream;
import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;

/**
 * One HTTP/1.1 keep-alive connection over a blocking socket, used by one thread at a time.
 *
 * <p>A load generator spends most of its time on tiny responses; this avoids the per-request overhead of a general
 * client. It reads responses framed by {@code Content-Length}, {@code Transfer-Encoding: chunked} or connection
 * close, and keeps the connection open unless the server sends {@code Connection: close}.
 */
public final class HttpConnection implements Closeable {

    private static final int MAX_HEADER_BYTES = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final byte[] buffer = new byte[16 * 1024];
    private int position;
    private int limit;
    private boolean open = true;
    private int exchanges;
    private boolean inResponse;

    private HttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /**
     * Opens a connection.
     *
     * @param readTimeout limit for each blocking read; a slower response fails with
     *                    {@link java.net.SocketTimeoutException}
     */
    public static HttpConnection open(Endpoint endpoint, Duration connectTimeout, Duration readTimeout)
            throws IOException {
        Socket socket = endpoint.tls() ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        try {
            socket.setTcpNoDelay(true);
            socket.setSoTimeout((int) Math.min(Integer.MAX_VALUE, readTimeout.toMillis()));
            socket.connect(new InetSocketAddress(endpoint.host(), endpoint.port()),
                    (int) Math.min(Integer.MAX_VALUE, connectTimeout.toMillis()));
            return new HttpConnection(socket);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
    }

    /**
     * Signals that a kept-alive connection was closed by the server before this request got any response byte,
     * so the request can be sent again on a new connection.
     */
    public static final class StaleConnectionException extends IOException {
        StaleConnectionException() {
            super("kept-alive connection closed by the server before a response");
        }
    }

    /** Returns whether the connection may carry another request. */
    public boolean isOpen() {
        return open;
    }

    /**
     * Sends one request and reads its response.
     *
     * @param head     request line and headers, ending with an empty line
     * @param body     request body, or an empty array
     * @param keepBody whether to return the response body; otherwise it is read and dropped
     * @throws IOException when the connection fails or the response is not valid HTTP/1.1
     */
    public HttpResponse exchange(byte[] head, byte[] body, boolean keepBody) throws IOException {
        out.write(head);
        if (body.length > 0) {
            out.write(body);
        }
        out.flush();

        exchanges++;
        inResponse = false;
        String statusLine = readLine();
        inResponse = true;
        if (!statusLine.startsWith("HTTP/1.")) {
            open = false;
            throw new IOException("invalid HTTP status line: " + abbreviate(statusLine));
        }
        int status = parseStatus(statusLine);
        long contentLength = -1;
        boolean chunked = false;
        boolean close = statusLine.startsWith("HTTP/1.0");
        int headerBytes = 0;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
            headerBytes += line.length();
            if (headerBytes > MAX_HEADER_BYTES) {
                throw new IOException("response headers exceed " + MAX_HEADER_BYTES + " bytes");
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String name = line.substring(0, colon).strip().toLowerCase(Locale.ROOT);
            String value = line.substring(colon + 1).strip();
            switch (name) {
                case "content-length" -> contentLength = Long.parseLong(value);
                case "transfer-encoding" -> chunked = value.toLowerCase(Locale.ROOT).contains("chunked");
                case "connection" -> close = close || value.equalsIgnoreCase("close");
                default -> { }
            }
        }

        ByteArrayOutputStream kept = keepBody ? new ByteArrayOutputStream() : null;
        if (chunked) {
            readChunked(kept);
        } else if (contentLength >= 0) {
            readFixed(contentLength, kept);
        } else if (status >= 200 && status != 204 && status != 304) {
            readToEnd(kept);
            close = true;
        }
        if (close) {
            close();
        }
        return new HttpResponse(status, kept == null ? new byte[0] : kept.toByteArray());
    }

    private void readChunked(ByteArrayOutputStream kept) throws IOException {
        while (true) {
            String sizeLine = readLine();
            int semicolon = sizeLine.indexOf(';');
            long size = Long.parseLong((semicolon >= 0 ? sizeLine.substring(0, semicolon) : sizeLine).strip(), 16);
            if (size == 0) {
                for (String trailer = readLine(); !trailer.isEmpty(); trailer = readLine()) {
                    // Trailers carry nothing a load generator needs.
                }
                return;
            }
            readFixed(size, kept);
            readLine();
        }
    }

    private void readFixed(long length, ByteArrayOutputStream kept) throws IOException {
        long remaining = length;
        while (remaining > 0) {
            if (position == limit && !fill()) {
                throw new EOFException("connection closed with " + remaining + " body bytes missing");
            }
            int count = (int) Math.min(remaining, limit - position);
            if (kept != null) {
                kept.write(buffer, position, count);
            }
            position += count;
            remaining -= count;
        }
    }

    private void readToEnd(ByteArrayOutputStream kept) throws IOException {
        while (position < limit || fill()) {
            if (kept != null) {
                kept.write(buffer, position, limit - position);
            }
            position = limit;
        }
    }

    private String readLine() throws IOException {
        StringBuilder line = new StringBuilder(64);
        while (true) {
            if (position == limit && !fill()) {
                open = false;
                if (line.isEmpty() && exchanges > 1 && !inResponse) {
                    throw new StaleConnectionException();
                }
                throw new EOFException("connection closed in the response headers");
            }
            byte b = buffer[position++];
            if (b == '\n') {
                int length = line.length();
                if (length > 0 && line.charAt(length - 1) == '\r') {
                    line.setLength(length - 1);
                }
                return line.toString();
            }
            line.append((char) (b & 0xff));
            if (line.length() > MAX_HEADER_BYTES) {
                throw new IOException("response line exceeds " + MAX_HEADER_BYTES + " bytes");
            }
        }
    }

    private boolean fill() throws IOException {
        int read = in.read(buffer, 0, buffer.length);
        if (read <= 0) {
            return false;
        }
        position = 0;
        limit = read;
        return true;
    }

    private static int parseStatus(String statusLine) throws IOException {
        int firstSpace = statusLine.indexOf(' ');
        if (firstSpace < 0 || statusLine.length() < firstSpace + 4) {
            throw new IOException("invalid HTTP status line: " + abbreviate(statusLine));
        }
        try {
            return Integer.parseInt(statusLine.substring(firstSpace + 1, firstSpace + 4));
        } catch (NumberFormatException e) {
            throw new IOException("invalid HTTP status line: " + abbreviate(statusLine), e);
        }
    }

    private static String abbreviate(String text) {
        String printable = new String(text.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.US_ASCII);
        return printable.length() > 80 ? printable.substring(0, 80) + "..." : printable;
    }

    @Override
    public void close() {
        open = false;
        try {
            socket.close();
        } catch (IOException e) {
            // Closing a socket that already failed has nothing left to report.
        }
    }
}
