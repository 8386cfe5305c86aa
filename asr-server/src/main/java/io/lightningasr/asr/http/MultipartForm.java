package io.lightningasr.asr.http;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * A parsed {@code multipart/form-data} body (RFC 7578): the {@code audio} file part and the text fields.
 *
 * @param audio the content of the part named {@code audio}, empty when the form has none
 * @param fields the other parts by name, decoded as UTF-8
 */
record MultipartForm(Optional<byte[]> audio, Map<String, String> fields) {

    /** Name of the part that carries the audio file. */
    static final String AUDIO_PART = "audio";

    private static final byte[] CRLF = {'\r', '\n'};
    private static final int MAX_FIELD_BYTES = 1024;

    /**
     * Returns the {@code boundary} parameter of a multipart Content-Type, quoted or not.
     *
     * @throws ApiException INVALID_PARAMETER when the parameter is missing, empty or longer than 70 characters
     */
    static String boundary(String contentType) throws ApiException {
        for (String parameter : contentType.split(";")) {
            String trimmed = parameter.trim();
            int equals = trimmed.indexOf('=');
            if (equals > 0 && trimmed.substring(0, equals).trim().equalsIgnoreCase("boundary")) {
                String value = unquote(trimmed.substring(equals + 1).trim());
                if (value.isEmpty() || value.length() > 70) {
                    throw invalid("the multipart boundary must have 1 to 70 characters");
                }
                return value;
            }
        }
        throw invalid("the multipart/form-data Content-Type has no boundary parameter");
    }

    /**
     * Parses {@code body}. Line breaks may be CRLF or bare LF; the preamble and epilogue are ignored.
     *
     * @throws ApiException INVALID_PARAMETER when the body is not well-formed multipart, a part is repeated
     *     or a text field exceeds 1 KiB
     */
    static MultipartForm parse(byte[] body, String boundary) throws ApiException {
        byte[] delimiter = ("--" + boundary).getBytes(StandardCharsets.US_ASCII);
        int position = indexOf(body, delimiter, 0);
        if (position < 0) {
            throw invalid("the multipart body does not contain its boundary");
        }
        byte[] audio = null;
        Map<String, String> fields = new HashMap<>();
        while (true) {
            position += delimiter.length;
            if (startsWith(body, position, new byte[] {'-', '-'})) {
                return new MultipartForm(Optional.ofNullable(audio), Map.copyOf(fields));
            }
            position = skipLineEnd(body, skipBlanks(body, position));
            int headersEnd = indexOfBlankLine(body, position);
            if (headersEnd < 0) {
                throw invalid("a multipart part has no end of headers");
            }
            String name = partName(new String(body, position, headersEnd - position, StandardCharsets.UTF_8));
            int contentStart = skipLineEnd(body, headersEnd);
            int next = indexOf(body, delimiter, contentStart);
            if (next < 0) {
                throw invalid("the multipart body ends before its closing boundary");
            }
            int contentEnd = stripLineEnd(body, contentStart, next);
            if (AUDIO_PART.equals(name)) {
                if (audio != null) {
                    throw invalid("the form contains more than one 'audio' part");
                }
                audio = Arrays.copyOfRange(body, contentStart, contentEnd);
            } else if (name != null) {
                if (contentEnd - contentStart > MAX_FIELD_BYTES) {
                    throw invalid("form field '" + name + "' exceeds " + MAX_FIELD_BYTES + " bytes");
                }
                if (fields.put(name, new String(body, contentStart, contentEnd - contentStart,
                        StandardCharsets.UTF_8)) != null) {
                    throw invalid("the form contains more than one '" + name + "' field");
                }
            }
            position = next;
        }
    }

    private static String partName(String headers) throws ApiException {
        for (String line : headers.split("\r?\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().equalsIgnoreCase("Content-Disposition")) {
                for (String parameter : line.substring(colon + 1).split(";")) {
                    String trimmed = parameter.trim();
                    if (trimmed.toLowerCase(Locale.ROOT).startsWith("name=")) {
                        return unquote(trimmed.substring("name=".length()));
                    }
                }
            }
        }
        throw invalid("a multipart part has no Content-Disposition name");
    }

    private static String unquote(String value) {
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
            return value.substring(1, value.length() - 1);
        }
        return value;
    }

    private static int skipBlanks(byte[] body, int position) {
        while (position < body.length && (body[position] == ' ' || body[position] == '\t')) {
            position++;
        }
        return position;
    }

    private static int skipLineEnd(byte[] body, int position) throws ApiException {
        if (startsWith(body, position, CRLF)) {
            return position + 2;
        }
        if (position < body.length && body[position] == '\n') {
            return position + 1;
        }
        throw invalid("the multipart body has no line break after a boundary or header block");
    }

    /** Returns the end of the content before the line break that precedes the next delimiter. */
    private static int stripLineEnd(byte[] body, int start, int delimiterStart) {
        int end = delimiterStart;
        if (end > start && body[end - 1] == '\n') {
            end--;
            if (end > start && body[end - 1] == '\r') {
                end--;
            }
        }
        return end;
    }

    /** Returns the index of the line break that ends the header block, or -1. */
    private static int indexOfBlankLine(byte[] body, int from) {
        if (startsWith(body, from, CRLF)) {
            return from;
        }
        if (from < body.length && body[from] == '\n') {
            return from;
        }
        for (int i = from; i < body.length - 1; i++) {
            if (body[i] == '\n' && (body[i + 1] == '\n' || startsWith(body, i + 1, CRLF))) {
                return i + 1;
            }
        }
        return -1;
    }

    private static boolean startsWith(byte[] body, int position, byte[] prefix) {
        if (position < 0 || position + prefix.length > body.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (body[position + i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static int indexOf(byte[] body, byte[] pattern, int from) {
        int last = body.length - pattern.length;
        for (int i = from; i <= last; i++) {
            if (body[i] == pattern[0] && startsWith(body, i, pattern)) {
                return i;
            }
        }
        return -1;
    }

    private static ApiException invalid(String message) {
        return new ApiException(ErrorCode.INVALID_PARAMETER, message);
    }
}
