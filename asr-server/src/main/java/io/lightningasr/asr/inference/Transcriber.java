package io.lightningasr.asr.inference;

import io.lightningasr.asr.decode.Transcript;

/**
 * Turns 16 kHz mono samples into a transcript. Implementations are thread-safe; the caller bounds how many
 * calls run at once.
 */
public interface Transcriber extends AutoCloseable {

    /**
     * Transcribes one utterance of any length; long audio is processed in chunks so memory stays bounded.
     *
     * @param samples mono samples at 16 kHz in [-1, 1]
     * @return the transcript, with word times relative to the start of {@code samples}
     */
    Transcript transcribe(float[] samples);

    @Override
    void close();
}
