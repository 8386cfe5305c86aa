package io.lightningasr.asr;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A POST sent over a plain socket in two steps, so a test can hold a request with its headers sent and its
 * body incomplete, then finish it or close the connection.
 */
final class RawHttpRequest implements AutoCloseable {

    /** A parsed response: status, lower-case header names, body. */
    record Response(int status, Map<String, String> headers, String body) {
    }

    private final Socket socket;
    private final byte[] body;
    private int sent;

    private RawHttpRequest(Socket socket, byte[] body) {
        this.socket = socket;
        this.body = body;
    }

    /** Connects and sends the headers plus the first {@code prefixBytes} bytes of {@code body}. */
    static RawHttpRequest begin(int port, String pathAndQuery, String contentType, byte[] body, int prefixBytes)
            throws IOException {
        Socket socket = new Socket("127.0.0.1", port);
        socket.setSoTimeout(120_000);
        RawHttpRequest request = new RawHttpRequest(socket, body);
        String head = "POST " + pathAndQuery + " HTTP/1.1\r\n"
                + "Host: 127.0.0.1:" + port + "\r\n"
                + "Content-Type: " + contentType + "\r\n"
                + "Content-Length: " + body.length + "\r\n"
                + "Connection: close\r\n\r\n";
        OutputStream out = socket.getOutputStream();
        out.write(head.getBytes(StandardCharsets.US_ASCII));
        out.write(body, 0, prefixBytes);
        out.flush();
        request.sent = prefixBytes;
        return request;
    }

    /** Sends the rest of the body and reads the response. */
    Response finish() throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(body, sent, body.length - sent);
        out.flush();
        sent = body.length;
        return readResponse(socket.getInputStream());
    }

    /** Closes the connection; an unfinished body stays incomplete. */
    @Override
    public void close() throws IOException {
        socket.close();
    }

    private static Response readResponse(InputStream in) throws IOException {
        String statusLine = readLine(in);
        int status = Integer.parseInt(statusLine.split(" ")[1]);
        Map<String, String> headers = new HashMap<>();
        String line;
        while (!(line = readLine(in)).isEmpty()) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        byte[] content = headers.containsKey("content-length")
                ? in.readNBytes(Integer.parseInt(headers.get("content-length")))
                : in.readAllBytes();
        return new Response(status, headers, new String(content, StandardCharsets.UTF_8));
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) != -1 && b != '\n') {
            if (b != '\r') {
                line.write(b);
            }
        }
        if (b == -1 && line.size() == 0) {
            throw new IOException("connection closed before a response line");
        }
        return line.toString(StandardCharsets.US_ASCII);
    }
}
