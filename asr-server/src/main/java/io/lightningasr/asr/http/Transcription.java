package io.lightningasr.asr.http;

import io.lightningasr.asr.audio.AudioException;
import io.lightningasr.asr.audio.AudioFormat;
import io.lightningasr.asr.audio.DecodedAudio;
import io.lightningasr.asr.decode.Transcript;
import io.lightningasr.asr.inference.Transcriber;
import io.micrometer.core.instrument.Clock;

/**
 * Decoding plus inference of one upload, the work that runs on an inference slot.
 */
public final class Transcription {

    /** Decodes an upload to 16 kHz mono samples. */
    @FunctionalInterface
    public interface Decoder {
        DecodedAudio decode(byte[] bytes) throws AudioException;
    }

    /** Detects the container format from leading bytes without decoding. */
    @FunctionalInterface
    public interface FormatSniffer {
        AudioFormat sniff(byte[] bytes);
    }

    /**
     * The outcome of one transcription.
     *
     * @param transcript the recognised text and words
     * @param audioSeconds the decoded audio duration, in seconds
     * @param processingNanos decoding plus inference time, in nanoseconds
     */
    public record Result(Transcript transcript, double audioSeconds, long processingNanos) {
    }

    private final Decoder decoder;
    private final FormatSniffer sniffer;
    private final Transcriber transcriber;
    private final ModelDescription model;
    private final Clock clock;

    public Transcription(Decoder decoder, FormatSniffer sniffer, Transcriber transcriber, ModelDescription model,
                         Clock clock) {
        this.decoder = decoder;
        this.sniffer = sniffer;
        this.transcriber = transcriber;
        this.model = model;
        this.clock = clock;
    }

    /** Returns the format that the leading bytes of {@code bytes} announce. */
    public AudioFormat sniff(byte[] bytes) {
        return sniffer.sniff(bytes);
    }

    /**
     * Decodes and transcribes {@code bytes}; blocks for the whole inference.
     *
     * @throws AudioException when the bytes are not decodable audio or exceed the duration limit
     */
    public Result transcribe(byte[] bytes) throws AudioException {
        long start = clock.monotonicTime();
        DecodedAudio audio = decoder.decode(bytes);
        Transcript transcript = transcriber.transcribe(audio.samples());
        return new Result(transcript, audio.durationSeconds(), clock.monotonicTime() - start);
    }

    /** Returns the model that {@link #transcribe} uses. */
    public ModelDescription model() {
        return model;
    }
}
