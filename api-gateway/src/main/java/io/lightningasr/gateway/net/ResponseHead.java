package io.lightningasr.gateway.net;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Status line and headers of an HTTP/1.1 response; header names are lower-cased, the last value wins. */
record ResponseHead(int status, Map<String, String> headers) {

    String header(String lowerCaseName) {
        return headers.get(lowerCaseName);
    }

    /** Reads the head, failing when it exceeds {@code maxBytes} or the status line is malformed. */
    static ResponseHead read(InputStream in, int maxBytes) throws IOException {
        int[] budget = {maxBytes};
        String statusLine = readLine(in, budget);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x response");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new IOException("invalid HTTP status code", e);
        }
        Map<String, String> headers = new HashMap<>();
        for (String line = readLine(in, budget); !line.isEmpty(); line = readLine(in, budget)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
            }
        }
        if (status >= 100 && status < 200) {
            return read(in, budget[0]);
        }
        return new ResponseHead(status, headers);
    }

    static String readLine(InputStream in, int[] budget) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        while (true) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed inside the response head");
            }
            if (--budget[0] < 0) {
                throw new IOException("response head too large");
            }
            if (b == '\n') {
                break;
            }
            if (b != '\r') {
                line.write(b);
            }
        }
        return line.toString(StandardCharsets.ISO_8859_1);
    }
}
