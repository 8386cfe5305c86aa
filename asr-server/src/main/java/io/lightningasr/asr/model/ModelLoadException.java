package io.lightningasr.asr.model;

/**
 * Signals a model directory that cannot be used: a missing or unreadable file, an ONNX graph whose inputs or
 * outputs do not fit a NeMo CTC model, a vocabulary that does not match the model, or a device that is not
 * available. The message names the file or setting and the problem.
 */
public final class ModelLoadException extends Exception {

    public ModelLoadException(String message) {
        super(message);
    }

    public ModelLoadException(String message, Throwable cause) {
        super(message, cause);
    }
}
