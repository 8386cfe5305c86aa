package io.lightningasr.asr.audio;

import static org.bytedeco.ffmpeg.global.avcodec.AVDISCARD_ALL;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_alloc;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_free;
import static org.bytedeco.ffmpeg.global.avcodec.av_packet_unref;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_alloc_context3;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_find_decoder;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_free_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_get_name;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_open2;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_parameters_to_context;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_version;
import static org.bytedeco.ffmpeg.global.avformat.av_find_best_stream;
import static org.bytedeco.ffmpeg.global.avformat.av_find_input_format;
import static org.bytedeco.ffmpeg.global.avformat.av_read_frame;
import static org.bytedeco.ffmpeg.global.avformat.avformat_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avformat_close_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_find_stream_info;
import static org.bytedeco.ffmpeg.global.avformat.avformat_open_input;
import static org.bytedeco.ffmpeg.global.avformat.avformat_version;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.AVMEDIA_TYPE_AUDIO;
import static org.bytedeco.ffmpeg.global.avutil.AV_LOG_FATAL;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_alloc;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_free;
import static org.bytedeco.ffmpeg.global.avutil.av_log_set_level;
import static org.bytedeco.ffmpeg.global.avutil.av_strerror;

import io.lightningasr.asr.audio.AudioException.Reason;
import java.nio.charset.StandardCharsets;
import org.bytedeco.ffmpeg.avcodec.AVCodec;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avformat.AVFormatContext;
import org.bytedeco.ffmpeg.avformat.AVInputFormat;
import org.bytedeco.ffmpeg.avutil.AVDictionary;
import org.bytedeco.ffmpeg.avutil.AVFrame;
import org.bytedeco.javacpp.PointerPointer;

/**
 * Decodes compressed audio with FFmpeg 7.1 (the bytedeco JavaCPP presets), reading the bytes through
 * {@link MemoryAvio}. Thread-safe: each call owns its native contexts and frees them before returning.
 *
 * <p>FFmpeg decodes to the codec's native sample format and rate. {@link FrameMixer} averages the channels and
 * {@link Resampler} converts to 16 kHz, rather than swresample, so that every format gets the same down-mix and
 * the same tested anti-aliasing filter as WAV, and so the duration limit is counted on source samples before
 * any resampling work.
 *
 * <p>The demuxer is forced to the sniffed format, so FFmpeg's probing never hands an upload to demuxers that
 * read other files or URLs (playlists, concat). A read error ends the stream, and {@link PacketDecoder} skips
 * packets the decoder rejects. Either fails the decode only when no sample results.
 */
final class FfmpegDecoder {

    private static final int ERROR_IO = -5;

    static {
        // Failures reach callers as AudioException messages built from the return codes, so FFmpeg's own
        // stderr logging would only duplicate them once per corrupt packet.
        av_log_set_level(AV_LOG_FATAL);
    }

    private FfmpegDecoder() {
    }

    /** Loads the FFmpeg native libraries, which JavaCPP extracts from the jar on first use. */
    static void loadLibraries() {
        avformat_version();
        avcodec_version();
    }

    /**
     * Decodes {@code bytes} with the demuxer for {@code format} and the best audio stream's decoder.
     *
     * @throws AudioException UNSUPPORTED_FORMAT when FFmpeg lacks the codec, INVALID_AUDIO when FFmpeg cannot
     *     open the stream or no sample decodes, AUDIO_TOO_LONG as soon as the audio exceeds the limit
     */
    static DecodedAudio decode(byte[] bytes, AudioFormat format, double maxDurationSeconds) throws AudioException {
        AVInputFormat inputFormat = av_find_input_format(demuxerName(format));
        if (inputFormat == null || inputFormat.isNull()) {
            throw new AudioException(Reason.UNSUPPORTED_FORMAT, "FFmpeg has no demuxer for " + format);
        }
        AVFormatContext container = null;
        boolean opened = false;
        AVCodecContext codec = null;
        AVPacket packet = null;
        AVFrame frame = null;
        MemoryAvio input = new MemoryAvio(bytes);
        try {
            container = avformat_alloc_context();
            if (container == null || container.isNull()) {
                throw new OutOfMemoryError("avformat_alloc_context failed");
            }
            container.pb(input.context());
            // On failure avformat_open_input frees the context itself, so it is closed only once opened.
            int openResult = avformat_open_input(container, (String) null, inputFormat, (AVDictionary) null);
            check(openResult, "open the " + format + " stream");
            opened = true;
            int infoResult = avformat_find_stream_info(container, (PointerPointer<?>) null);
            check(infoResult, "read the " + format + " stream info");
            int streamIndex = av_find_best_stream(container, AVMEDIA_TYPE_AUDIO, -1, -1, (PointerPointer<?>) null, 0);
            if (streamIndex < 0) {
                throw new AudioException(Reason.INVALID_AUDIO, format + " file contains no audio stream");
            }
            for (int i = 0; i < container.nb_streams(); i++) {
                if (i != streamIndex) {
                    container.streams(i).discard(AVDISCARD_ALL);
                }
            }
            codec = openDecoder(container, streamIndex);
            packet = av_packet_alloc();
            frame = av_frame_alloc();
            PacketDecoder session = new PacketDecoder(codec, frame, maxDurationSeconds);
            while (true) {
                int read = av_read_frame(container, packet);
                if (read < 0) {
                    if (read != AVERROR_EOF) {
                        session.recordReadError(read);
                    }
                    break;
                }
                try {
                    if (packet.stream_index() == streamIndex) {
                        session.send(packet);
                    }
                } finally {
                    av_packet_unref(packet);
                }
            }
            session.send(null);
            return session.finish(format);
        } finally {
            if (frame != null) {
                av_frame_free(frame);
            }
            if (packet != null) {
                av_packet_free(packet);
            }
            if (codec != null) {
                avcodec_free_context(codec);
            }
            if (opened) {
                avformat_close_input(container);
            }
            input.close();
        }
    }

    private static AVCodecContext openDecoder(AVFormatContext container, int streamIndex) throws AudioException {
        var parameters = container.streams(streamIndex).codecpar();
        AVCodec decoder = avcodec_find_decoder(parameters.codec_id());
        if (decoder == null || decoder.isNull()) {
            String name = avcodec_get_name(parameters.codec_id()).getString(StandardCharsets.US_ASCII);
            throw new AudioException(Reason.UNSUPPORTED_FORMAT, "audio codec '" + name + "' is not supported");
        }
        AVCodecContext codec = avcodec_alloc_context3(decoder);
        if (codec == null || codec.isNull()) {
            throw new OutOfMemoryError("avcodec_alloc_context3 failed");
        }
        try {
            check(avcodec_parameters_to_context(codec, parameters), "copy the codec parameters");
            // One request decodes on one thread: the pod's parallelism comes from concurrent requests.
            codec.thread_count(1);
            check(avcodec_open2(codec, decoder, (PointerPointer<?>) null), "open the audio decoder");
            return codec;
        } catch (AudioException e) {
            avcodec_free_context(codec);
            throw e;
        }
    }

    private static String demuxerName(AudioFormat format) {
        return switch (format) {
            case WAV -> "wav";
            case MP3 -> "mp3";
            case FLAC -> "flac";
            case OGG -> "ogg";
            case M4A -> "mov";
            case WEBM -> "matroska";
            case UNKNOWN -> throw new IllegalArgumentException("no demuxer for UNKNOWN");
        };
    }

    static void check(int code, String action) throws AudioException {
        if (code < 0) {
            throw new AudioException(Reason.INVALID_AUDIO, "could not " + action + ": " + describe(code));
        }
    }

    /** Returns FFmpeg's text for an error code, as {@code av_strerror} writes it. */
    static String describe(int code) {
        byte[] text = new byte[256];
        if (av_strerror(code, text, text.length) < 0) {
            return "FFmpeg error " + code;
        }
        int length = 0;
        while (length < text.length && text[length] != 0) {
            length++;
        }
        String message = new String(text, 0, length, StandardCharsets.UTF_8);
        // MemoryAvio reads never fail, so EIO comes from a demuxer that treats a short read of truncated data
        // as an error.
        return code == ERROR_IO ? message + " (the data ends early)" : message;
    }
}
