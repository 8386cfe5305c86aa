package io.lightningasr.asr.audio;

import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_DBL;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_FLT;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S16;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S32;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_S64;
import static org.bytedeco.ffmpeg.global.avutil.AV_SAMPLE_FMT_U8;
import static org.bytedeco.ffmpeg.global.avutil.av_get_packed_sample_fmt;
import static org.bytedeco.ffmpeg.global.avutil.av_sample_fmt_is_planar;

import io.lightningasr.asr.audio.AudioException.Reason;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Converts decoded FFmpeg frames of any sample format, packed or planar, to mono floats by averaging the
 * channels, the same down-mix as the WAV path. Not thread-safe: one instance per decode, reusing its buffers.
 */
final class FrameMixer {

    /** Upper bound on one frame's sample data; real decoders stay far below (FLAC's maximum is about 4 MiB). */
    private static final long MAX_FRAME_BYTES = 64L << 20;

    private byte[] scratch = new byte[0];
    private float[] mono = new float[0];

    /**
     * Returns the frame's samples as mono floats in a reused array; the first {@code frame.nb_samples()} entries
     * are valid until the next call.
     */
    float[] mix(AVFrame frame) throws AudioException {
        int samples = frame.nb_samples();
        int channels = frame.ch_layout().nb_channels();
        int format = frame.format();
        if (samples < 0 || channels <= 0) {
            throw new AudioException(Reason.INVALID_AUDIO,
                    "decoder produced a frame with " + samples + " samples and " + channels + " channels");
        }

        int packed = av_get_packed_sample_fmt(format);
        int bytesPerSample = bytesPerSample(packed);
        boolean planar = av_sample_fmt_is_planar(format) != 0;
        long frameBytes = (long) samples * channels * bytesPerSample;
        if (frameBytes > MAX_FRAME_BYTES) {
            throw new AudioException(Reason.INVALID_AUDIO, "decoded frame of " + frameBytes + " bytes is too large");
        }
        if (mono.length < samples) {
            mono = new float[samples];
        }
        if (planar) {
            mixPlanar(frame, packed, samples, channels, bytesPerSample);
        } else {
            mixPacked(frame, packed, samples, channels, bytesPerSample);
        }

        float scale = 1f / channels;
        for (int i = 0; i < samples; i++) {
            mono[i] *= scale;
        }
        return mono;
    }

    private void mixPlanar(AVFrame frame, int format, int samples, int channels, int bytesPerSample)
            throws AudioException {
        java.util.Arrays.fill(mono, 0, samples, 0f);
        int planeBytes = samples * bytesPerSample;
        for (int c = 0; c < channels; c++) {
            ByteBuffer plane = copy(frame, c, planeBytes);
            for (int i = 0; i < samples; i++) {
                mono[i] += sample(plane, format, i * bytesPerSample);
            }
        }
    }

    private void mixPacked(AVFrame frame, int format, int samples, int channels, int bytesPerSample)
            throws AudioException {
        int stride = channels * bytesPerSample;
        ByteBuffer data = copy(frame, 0, samples * stride);
        for (int i = 0; i < samples; i++) {
            float sum = 0f;
            for (int c = 0; c < channels; c++) {
                sum += sample(data, format, i * stride + c * bytesPerSample);
            }
            mono[i] = sum;
        }
    }

    private ByteBuffer copy(AVFrame frame, int plane, int length) throws AudioException {
        var pointer = frame.extended_data(plane);
        if (pointer == null || pointer.isNull()) {
            throw new AudioException(Reason.INVALID_AUDIO, "decoder produced a frame without data for plane " + plane);
        }
        if (scratch.length < length) {
            scratch = new byte[length];
        }
        pointer.position(0).get(scratch, 0, length);
        // FFmpeg sample data is in the host's byte order.
        return ByteBuffer.wrap(scratch, 0, length).order(ByteOrder.nativeOrder());
    }

    private static int bytesPerSample(int packedFormat) throws AudioException {
        if (packedFormat == AV_SAMPLE_FMT_U8) {
            return 1;
        } else if (packedFormat == AV_SAMPLE_FMT_S16) {
            return 2;
        } else if (packedFormat == AV_SAMPLE_FMT_S32 || packedFormat == AV_SAMPLE_FMT_FLT) {
            return 4;
        } else if (packedFormat == AV_SAMPLE_FMT_DBL || packedFormat == AV_SAMPLE_FMT_S64) {
            return 8;
        }
        throw new AudioException(Reason.INVALID_AUDIO, "decoder produced unknown sample format " + packedFormat);
    }

    private static float sample(ByteBuffer data, int packedFormat, int offset) {
        if (packedFormat == AV_SAMPLE_FMT_FLT) {
            return data.getFloat(offset);
        } else if (packedFormat == AV_SAMPLE_FMT_S16) {
            return data.getShort(offset) / 32768f;
        } else if (packedFormat == AV_SAMPLE_FMT_S32) {
            return data.getInt(offset) / 2147483648f;
        } else if (packedFormat == AV_SAMPLE_FMT_DBL) {
            return (float) data.getDouble(offset);
        } else if (packedFormat == AV_SAMPLE_FMT_U8) {
            return ((data.get(offset) & 0xFF) - 128) / 128f;
        }
        return data.getLong(offset) / 9.223372036854776E18f;
    }
}
