package io.lightningasr.gateway.api;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A rejection sent to the client as {@code {"error": message, "code": code, ...extra}} with the given status.
 * Messages are written for the client and never contain keys, stack traces or internal addresses.
 */
public final class ApiException extends Exception {
    private final int status;
    private final String code;
    private final Map<String, Object> extra = new LinkedHashMap<>();
    private Optional<Integer> retryAfterSeconds = Optional.empty();

    public ApiException(int status, String code, String message) {
        super(message);
        this.status = status;
        this.code = code;
    }

    /** Adds a field to the error body. */
    public ApiException with(String field, Object value) {
        extra.put(field, value);
        return this;
    }

    /** Sets the {@code Retry-After} header and the {@code retry_after} field. */
    public ApiException retryAfter(int seconds) {
        retryAfterSeconds = Optional.of(seconds);
        extra.put("retry_after", seconds);
        return this;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Map<String, Object> extra() {
        return extra;
    }

    public Optional<Integer> retryAfterSeconds() {
        return retryAfterSeconds;
    }

    static ApiException missing(String message) {
        return new ApiException(400, "MISSING_PARAMETER", message);
    }

    static ApiException invalid(String message) {
        return new ApiException(400, "INVALID_PARAMETER", message);
    }

    static ApiException tooLarge(long maxSizeMb) {
        return new ApiException(422, "FILE_TOO_LARGE", "the audio exceeds the size limit of " + maxSizeMb + " MB")
                .with("max_size_mb", maxSizeMb);
    }
}
