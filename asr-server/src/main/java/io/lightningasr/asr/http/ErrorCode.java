package io.lightningasr.asr.http;

/**
 * Error codes of {@code /v1/listen} with their HTTP status. Their lower-case names are the values of the
 * {@code error_type} label of {@code asr_errors_total}.
 */
public enum ErrorCode {
    MISSING_PARAMETER(400),
    INVALID_PARAMETER(400),
    INVALID_AUDIO(400),
    UNSUPPORTED_FORMAT(415),
    FILE_TOO_LARGE(422),
    AUDIO_TOO_LONG(422),
    INTERNAL_ERROR(500),
    SERVICE_UNAVAILABLE(503),
    /**
     * The request body ended before its declared length, or the response could not be written, because the
     * client closed the connection. The request is counted with status 499, the code nginx uses for this
     * case; a client that is still connected receives 400 INVALID_PARAMETER.
     */
    CLIENT_CLOSED_REQUEST(499);

    private final int status;

    ErrorCode(int status) {
        this.status = status;
    }

    /** Returns the HTTP status code of responses with this code. */
    public int status() {
        return status;
    }
}
