package io.lightningasr.asr.audio;

/** Audio container formats detected from the leading bytes of an upload. */
public enum AudioFormat {
    WAV, MP3, FLAC, OGG, M4A, WEBM, UNKNOWN;

    /** Lower-case names of the formats the pod decodes, as listed in 415 responses. */
    public static final java.util.List<String> SUPPORTED = java.util.List.of("wav", "mp3", "flac", "ogg", "m4a", "webm");
}
