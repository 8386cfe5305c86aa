package io.lightningasr.asr.http;

import io.lightningasr.asr.decode.Transcript;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Builds the 200 body of {@code /v1/listen}. */
final class TranscriptionResponse {

    /** Shown in the metadata of every response, because {@code punctuate=true} has no effect. */
    static final String PUNCTUATION_NOTE = "the model outputs lower-case words without punctuation";

    private TranscriptionResponse() {
    }

    /**
     * Returns {@code {request_id, text, confidence, duration, language, words?, metadata}}; times are in
     * seconds, {@code words} is present only when {@code parameters.timestamps()} is set.
     */
    static Map<String, Object> body(String requestId, Transcription.Result result, ListenParameters parameters,
                                    ModelDescription model) {
        Transcript transcript = result.transcript();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("request_id", requestId);
        body.put("text", transcript.text());
        body.put("confidence", round(transcript.confidence(), 4));
        body.put("duration", round(result.audioSeconds(), 3));
        body.put("language", parameters.language());
        if (parameters.timestamps()) {
            List<Map<String, Object>> words = new ArrayList<>(transcript.words().size());
            for (Transcript.Word word : transcript.words()) {
                Map<String, Object> entry = new LinkedHashMap<>();
                entry.put("word", word.word());
                entry.put("start", round(word.startSeconds(), 3));
                entry.put("end", round(word.endSeconds(), 3));
                entry.put("confidence", round(word.confidence(), 4));
                words.add(entry);
            }
            body.put("words", words);
        }
        double processingSeconds = result.processingNanos() / 1e9;
        Map<String, Object> metadata = new LinkedHashMap<>();
        metadata.put("model", model.name());
        metadata.put("device", model.device());
        metadata.put("processing_time", round(processingSeconds, 4));
        metadata.put("real_time_factor", result.audioSeconds() > 0
                ? round(processingSeconds / result.audioSeconds(), 4) : 0.0);
        metadata.put("punctuate_requested", parameters.punctuate());
        metadata.put("punctuated", false);
        metadata.put("note", PUNCTUATION_NOTE);
        body.put("metadata", metadata);
        return body;
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }
}
