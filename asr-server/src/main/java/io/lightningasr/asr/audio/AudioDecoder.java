package io.lightningasr.asr.audio;

import io.lightningasr.asr.audio.AudioException.Reason;
import java.util.Locale;
import java.util.Objects;

/**
 * Decodes uploaded audio bytes to mono 16 kHz float samples. Thread-safe: calls share no mutable state.
 *
 * <p>The format comes from the leading bytes ({@link #sniff}), never from a file name or content type. Java
 * decodes WAV (RIFF, RF64 or BW64, plain or WAVE_FORMAT_EXTENSIBLE) with PCM samples of 8 (unsigned), 16, 24 or
 * 32 bits, IEEE floats of 32 or 64 bits, mu-law or A-law. FFmpeg decodes WAV with any other codec, MP3, FLAC,
 * Ogg (Vorbis, Opus, FLAC), M4A/MP4 (AAC, ALAC) and WebM/Matroska. Every channel count is averaged to mono, and
 * every sample rate from 1 kHz to 384 kHz is resampled by {@link Resampler}.
 *
 * <p>Limits: decoding stops with AUDIO_TOO_LONG as soon as the duration exceeds
 * {@link AudioLimits#maxDurationSeconds()}. WAV is checked from its header before any sample is decoded, other
 * formats after each decoded frame. The output never contains more than {@code maxDurationSeconds * 16000 + 1}
 * samples. Working memory besides it: the resampler's coefficient table (at most about 4 MB, for a rate near
 * 384 kHz whose ratio to 16 kHz has no small terms) and history, one decoded frame, one 64 Ki-sample chunk, and
 * FFmpeg's own demuxer and decoder state.
 */
public final class AudioDecoder {

    private static final System.Logger LOG = System.getLogger(AudioDecoder.class.getName());

    private final AudioLimits limits;

    public AudioDecoder(AudioLimits limits) {
        this.limits = Objects.requireNonNull(limits, "limits");
    }

    /**
     * Loads the FFmpeg native libraries now, so that start-up fails fast when they are missing and the first
     * compressed upload does not pay the extraction and loading time (about 1 s on a 2-core machine).
     *
     * @throws UnsatisfiedLinkError when the native libraries for this platform are not on the class path
     */
    public static void loadNativeLibraries() {
        FfmpegDecoder.loadLibraries();
    }

    /**
     * Returns the container format whose signature starts {@code bytes}, or {@link AudioFormat#UNKNOWN}.
     * Reads only the leading bytes, the bytes right after an ID3v2 tag and, to find MP3 frames behind junk, at
     * most the first 4 KiB plus one frame. Never throws, also for null.
     */
    public static AudioFormat sniff(byte[] bytes) {
        return FormatSniffer.sniff(bytes);
    }

    /**
     * Decodes {@code bytes} to mono float samples at 16 kHz in [-1, 1].
     *
     * @param bytes the whole uploaded file; not modified and not retained
     * @throws AudioException UNSUPPORTED_FORMAT when the bytes are no supported format or use a codec FFmpeg
     *     lacks, INVALID_AUDIO when a supported format is empty, corrupt or inconsistent, AUDIO_TOO_LONG when the
     *     audio exceeds the duration limit. No other exception results from the content of {@code bytes}.
     * @throws NullPointerException when {@code bytes} is null
     */
    public DecodedAudio decode(byte[] bytes) throws AudioException {
        Objects.requireNonNull(bytes, "bytes");
        if (bytes.length == 0) {
            throw new AudioException(Reason.INVALID_AUDIO, "audio is empty (0 bytes)");
        }
        AudioFormat format = sniff(bytes);
        if (format == AudioFormat.UNKNOWN) {
            throw new AudioException(Reason.UNSUPPORTED_FORMAT,
                    "audio format not recognized from the leading bytes; supported formats: " + AudioFormat.SUPPORTED);
        }
        try {
            return decode(bytes, format);
        } catch (RuntimeException e) {
            // A bug in a decoder must not turn into a server error for one odd file, but it must stay visible.
            LOG.log(System.Logger.Level.WARNING, "unexpected failure decoding " + format + " audio of "
                    + bytes.length + " bytes", e);
            throw new AudioException(Reason.INVALID_AUDIO, "could not decode " + format + " audio: " + e, e);
        }
    }

    private DecodedAudio decode(byte[] bytes, AudioFormat format) throws AudioException {
        double maxSeconds = limits.maxDurationSeconds();
        if (format == AudioFormat.WAV) {
            WavHeader header = WavParser.parse(bytes);
            if (header.encoding() != WavHeader.Encoding.OTHER) {
                return WavDecoder.decode(bytes, header, maxSeconds);
            }
        }
        return FfmpegDecoder.decode(bytes, format, maxSeconds);
    }

    static AudioException tooLong(double maxDurationSeconds) {
        return new AudioException(Reason.AUDIO_TOO_LONG, String.format(Locale.ROOT,
                "audio is longer than the maximum of %.1f seconds", maxDurationSeconds));
    }
}
