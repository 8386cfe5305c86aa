package io.lightningasr.gateway.http;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Parser for a buffered {@code multipart/form-data} body (RFC 7578). Parts are returned as ranges of the
 * original array, so the audio is not copied.
 */
public final class Multipart {

    /** One part: its form field name, optional file name, and the byte range of its content. */
    public record Part(String name, Optional<String> filename, int offset, int length) {
        /** Decodes the content as UTF-8 text, for plain form fields. */
        public String text(byte[] body) {
            return new String(body, offset, length, StandardCharsets.UTF_8);
        }
    }

    private Multipart() {
    }

    /** Extracts the boundary parameter from a Content-Type header value. */
    public static Optional<String> boundary(String contentType) {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            if (trimmed.toLowerCase(Locale.ROOT).startsWith("boundary=")) {
                String value = trimmed.substring("boundary=".length());
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                return value.isEmpty() || value.length() > 200 ? Optional.empty() : Optional.of(value);
            }
        }
        return Optional.empty();
    }

    /**
     * Splits the body into parts.
     *
     * @throws IllegalArgumentException when the body is not well-formed multipart with that boundary
     */
    public static List<Part> parse(byte[] body, int length, String boundary) {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        byte[] partDelimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
        int position = indexOf(body, length, delimiter, 0);
        if (position < 0) {
            throw new IllegalArgumentException("multipart boundary not found");
        }
        List<Part> parts = new ArrayList<>();
        position += delimiter.length;
        while (true) {
            if (position + 2 <= length && body[position] == '-' && body[position + 1] == '-') {
                return parts;
            }
            position = skipLineEnd(body, length, position);
            int headersEnd = indexOf(body, length, "\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1), position);
            if (headersEnd < 0) {
                throw new IllegalArgumentException("multipart part without a header end");
            }
            String headers = new String(body, position, headersEnd - position, StandardCharsets.UTF_8);
            int contentStart = headersEnd + 4;
            int contentEnd = indexOf(body, length, partDelimiter, contentStart);
            if (contentEnd < 0) {
                throw new IllegalArgumentException("multipart part without a closing boundary");
            }
            parts.add(part(headers, contentStart, contentEnd - contentStart));
            position = contentEnd + partDelimiter.length;
        }
    }

    private static Part part(String headers, int offset, int length) {
        String name = null;
        String filename = null;
        for (String line : headers.split("\r\n")) {
            if (!line.toLowerCase(Locale.ROOT).startsWith("content-disposition:")) {
                continue;
            }
            for (String parameter : line.substring(line.indexOf(':') + 1).split(";")) {
                String trimmed = parameter.trim();
                int equals = trimmed.indexOf('=');
                if (equals < 0) {
                    continue;
                }
                String key = trimmed.substring(0, equals).trim().toLowerCase(Locale.ROOT);
                String value = trimmed.substring(equals + 1).trim();
                if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
                    value = value.substring(1, value.length() - 1);
                }
                if (key.equals("name")) {
                    name = value;
                } else if (key.equals("filename")) {
                    filename = value;
                }
            }
        }
        if (name == null) {
            throw new IllegalArgumentException("multipart part without a form field name");
        }
        return new Part(name, Optional.ofNullable(filename), offset, length);
    }

    private static int skipLineEnd(byte[] body, int length, int position) {
        if (position + 1 < length && body[position] == '\r' && body[position + 1] == '\n') {
            return position + 2;
        }
        throw new IllegalArgumentException("multipart boundary not followed by a line end");
    }

    private static int indexOf(byte[] data, int length, byte[] pattern, int from) {
        outer:
        for (int i = from; i <= length - pattern.length; i++) {
            for (int j = 0; j < pattern.length; j++) {
                if (data[i + j] != pattern[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
