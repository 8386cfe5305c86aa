package io.lightningasr.asr.http;

import java.util.Map;

/**
 * A request that ends with an error response {@code {"error": message, "code": code, ...extraFields}}. The
 * message is shown to the client, so it never contains a stack trace or internal paths.
 */
public final class ApiException extends Exception {

    private final ErrorCode code;
    private final Map<String, Object> extraFields;

    public ApiException(ErrorCode code, String message) {
        this(code, message, Map.of());
    }

    public ApiException(ErrorCode code, String message, Map<String, Object> extraFields) {
        super(message);
        this.code = code;
        this.extraFields = Map.copyOf(extraFields);
    }

    public ApiException(ErrorCode code, String message, Throwable cause) {
        super(message, cause);
        this.code = code;
        this.extraFields = Map.of();
    }

    public ErrorCode code() {
        return code;
    }

    /** Returns fields added to the JSON body besides {@code error} and {@code code}. */
    public Map<String, Object> extraFields() {
        return extraFields;
    }
}
