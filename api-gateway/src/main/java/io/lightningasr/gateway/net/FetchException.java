package io.lightningasr.gateway.net;

/**
 * A URL fetch that failed; {@link #code()} is the API error code (INVALID_URL, FORBIDDEN_URL, FETCH_FAILED,
 * FETCH_TIMEOUT or FILE_TOO_LARGE). Messages never contain the URL's user info or query string.
 */
public final class FetchException extends Exception {
    private final String code;
    private final Integer upstreamStatus;

    private FetchException(String code, String message, Integer upstreamStatus) {
        super(message);
        this.code = code;
        this.upstreamStatus = upstreamStatus;
    }

    public static FetchException invalidUrl(String message) {
        return new FetchException("INVALID_URL", message, null);
    }

    public static FetchException forbidden() {
        return new FetchException("FORBIDDEN_URL",
                "the URL's address is not allowed (loopback, private, link-local or metadata address)", null);
    }

    public static FetchException failed(String message, Integer upstreamStatus) {
        return new FetchException("FETCH_FAILED", message, upstreamStatus);
    }

    public static FetchException timeout(String message) {
        return new FetchException("FETCH_TIMEOUT", message, null);
    }

    public static FetchException tooLarge() {
        return new FetchException("FILE_TOO_LARGE", "the fetched file exceeds the size limit", null);
    }

    public String code() {
        return code;
    }

    /** HTTP status of the remote server, present for FETCH_FAILED after a non-2xx response. */
    public Integer upstreamStatus() {
        return upstreamStatus;
    }
}
