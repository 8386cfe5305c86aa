package io.lightningasr.asr.model;

/** Signals that running the acoustic model failed for one input; the model stays usable for other inputs. */
public final class InferenceException extends RuntimeException {

    public InferenceException(String message, Throwable cause) {
        super(message, cause);
    }
}
