package io.lightningasr.asr.http;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Map;
import java.util.OptionalLong;

/** Reads a request body into memory, enforcing the size limit while reading. */
final class BodyReader {

    private static final int CHUNK_BYTES = 64 * 1024;

    private BodyReader() {
    }

    /** Signals a body that ended before its declared length, usually because the client disconnected. */
    static final class IncompleteBodyException extends IOException {
        IncompleteBodyException(Throwable cause) {
            super("request body incomplete: " + cause.getMessage(), cause);
        }
    }

    /**
     * Reads {@code in} to its end. At most {@code maxBytes + 1} bytes are held in memory: a declared
     * Content-Length above the limit is rejected before reading, and a chunked body is rejected as soon as it
     * passes the limit.
     *
     * @param contentLength the declared Content-Length, empty for chunked bodies
     * @param maxBytes the largest body accepted, in bytes; the error reports it in MiB
     * @throws ApiException FILE_TOO_LARGE with {@code max_size_mb} when the body exceeds {@code maxBytes}
     * @throws IncompleteBodyException when reading fails before the end of the body
     */
    static byte[] read(InputStream in, OptionalLong contentLength, long maxBytes)
            throws ApiException, IncompleteBodyException {
        if (contentLength.isPresent() && contentLength.getAsLong() > maxBytes) {
            throw tooLarge(maxBytes);
        }
        // One byte beyond the declared length lets the end of the stream be read without growing the buffer.
        byte[] buffer = new byte[(int) Math.min(contentLength.orElse(CHUNK_BYTES - 1) + 1, maxBytes + 1)];
        int length = 0;
        try {
            while (true) {
                if (length == buffer.length) {
                    if (length > maxBytes) {
                        throw tooLarge(maxBytes);
                    }
                    long grown = Math.min(Math.max(2L * buffer.length, CHUNK_BYTES), maxBytes + 1);
                    buffer = Arrays.copyOf(buffer, (int) grown);
                }
                int read = in.read(buffer, length, buffer.length - length);
                if (read < 0) {
                    break;
                }
                length += read;
            }
        } catch (IOException | UncheckedIOException e) {
            throw new IncompleteBodyException(e);
        } catch (RuntimeException e) {
            // Helidon reports a connection closed in the middle of the entity with its own runtime exceptions.
            throw new IncompleteBodyException(e);
        }
        if (length > maxBytes) {
            throw tooLarge(maxBytes);
        }
        return length == buffer.length ? buffer : Arrays.copyOf(buffer, length);
    }

    private static ApiException tooLarge(long maxBytes) {
        long maxMb = maxBytes / (1024 * 1024);
        return new ApiException(ErrorCode.FILE_TOO_LARGE,
                "request body exceeds the limit of " + maxMb + " MB", Map.of("max_size_mb", maxMb));
    }
}
