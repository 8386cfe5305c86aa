package io.lightningasr.asr.audio;

/**
 * Signals audio that cannot be decoded or exceeds a limit. The {@link Reason} maps one to one to an API
 * error code, so the HTTP layer never inspects messages.
 */
public final class AudioException extends Exception {

    /** Cause of a decoding failure, one per API error code. */
    public enum Reason {
        /** The bytes are not a format the pod decodes (HTTP 415 UNSUPPORTED_FORMAT). */
        UNSUPPORTED_FORMAT,
        /** A supported format whose content is corrupt, truncated or inconsistent (HTTP 400 INVALID_AUDIO). */
        INVALID_AUDIO,
        /** The decoded duration exceeds the configured maximum (HTTP 422 AUDIO_TOO_LONG). */
        AUDIO_TOO_LONG
    }

    private final Reason reason;

    public AudioException(Reason reason, String message) {
        super(message);
        this.reason = reason;
    }

    public AudioException(Reason reason, String message, Throwable cause) {
        super(message, cause);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
