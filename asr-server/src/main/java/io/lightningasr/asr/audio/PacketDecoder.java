package io.lightningasr.asr.audio;

import static org.bytedeco.ffmpeg.global.avcodec.avcodec_receive_frame;
import static org.bytedeco.ffmpeg.global.avcodec.avcodec_send_packet;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_frame_unref;

import io.lightningasr.asr.audio.AudioException.Reason;
import org.bytedeco.ffmpeg.avcodec.AVCodecContext;
import org.bytedeco.ffmpeg.avcodec.AVPacket;
import org.bytedeco.ffmpeg.avutil.AVFrame;

/**
 * Runs FFmpeg's send/receive decoding loop for one call and turns the frames into 16 kHz output, counting the
 * decoded duration before any resampling. Not thread-safe: one instance per decode.
 *
 * <p>A packet or frame the decoder rejects is skipped, like the ffmpeg command-line tool does, except for
 * ENOMEM. Skipped packets fail the decode only when no sample results at all, with the last FFmpeg error as the
 * reason.
 */
final class PacketDecoder {

    private static final System.Logger LOG = System.getLogger(PacketDecoder.class.getName());
    private static final int ERROR_AGAIN = -11;
    private static final int ERROR_NO_MEMORY = -12;

    private final AVCodecContext codec;
    private final AVFrame frame;
    private final double maxDurationSeconds;
    private final FrameMixer mixer = new FrameMixer();
    private final SampleBuffer output;
    private Resampler resampler;
    private int sampleRate;
    private int channels;
    private double seconds;
    private int skipped;
    private String lastError;

    PacketDecoder(AVCodecContext codec, AVFrame frame, double maxDurationSeconds) {
        this.codec = codec;
        this.frame = frame;
        this.maxDurationSeconds = maxDurationSeconds;
        this.output = new SampleBuffer(maxDurationSeconds);
    }

    /**
     * Sends one packet, or the end-of-stream marker when {@code packet} is null, and drains the frames.
     *
     * @throws AudioException AUDIO_TOO_LONG as soon as the decoded duration exceeds the limit, INVALID_AUDIO
     *     when FFmpeg runs out of memory or a frame is unusable
     */
    void send(AVPacket packet) throws AudioException {
        int sent = avcodec_send_packet(codec, packet);
        if (sent < 0 && sent != AVERROR_EOF) {
            skipOrFail(sent, "decode a packet");
            return;
        }
        while (true) {
            int received = avcodec_receive_frame(codec, frame);
            if (received == ERROR_AGAIN || received == AVERROR_EOF) {
                return;
            }
            if (received < 0) {
                skipOrFail(received, "decode a frame");
                return;
            }
            try {
                consume();
            } finally {
                av_frame_unref(frame);
            }
        }
    }

    /** Records an error of av_read_frame, which ends the stream like the end of file. */
    void recordReadError(int code) {
        lastError = FfmpegDecoder.describe(code);
        skipped++;
    }

    private void skipOrFail(int code, String action) throws AudioException {
        if (code == ERROR_NO_MEMORY) {
            FfmpegDecoder.check(code, action);
        }
        lastError = FfmpegDecoder.describe(code);
        skipped++;
    }

    private void consume() throws AudioException {
        int rate = frame.sample_rate();
        if (rate < WavParser.MIN_SAMPLE_RATE_HZ || rate > WavParser.MAX_SAMPLE_RATE_HZ) {
            throw new AudioException(Reason.INVALID_AUDIO, "decoded sample rate " + rate
                    + " Hz is outside the supported range " + WavParser.MIN_SAMPLE_RATE_HZ + ".."
                    + WavParser.MAX_SAMPLE_RATE_HZ + " Hz");
        }
        int samples = frame.nb_samples();
        seconds += samples / (double) rate;
        if (seconds > maxDurationSeconds) {
            throw AudioDecoder.tooLong(maxDurationSeconds);
        }
        float[] mono = mixer.mix(frame);
        if (rate != sampleRate) {
            // Chained Ogg streams and some AAC files change rate mid-stream, so the old rate is finished first.
            if (resampler != null) {
                resampler.finish(output);
            }
            resampler = new Resampler(rate);
            sampleRate = rate;
        }
        channels = Math.max(channels, frame.ch_layout().nb_channels());
        resampler.process(mono, 0, samples, output);
    }

    /**
     * Flushes the resampler and returns the decoded audio.
     *
     * @throws AudioException INVALID_AUDIO when no sample was decoded
     */
    DecodedAudio finish(AudioFormat format) throws AudioException {
        if (resampler != null) {
            resampler.finish(output);
        }
        if (output.count() == 0) {
            String reason = lastError == null ? "the stream contains no audio samples" : lastError;
            throw new AudioException(Reason.INVALID_AUDIO, "could not decode " + format + " audio: " + reason);
        }
        if (skipped > 0) {
            LOG.log(System.Logger.Level.INFO, "decoded {0} audio of {1} s after skipping {2} damaged packets, last"
                    + " error: {3}", format, output.count() / (double) DecodedAudio.SAMPLE_RATE_HZ, skipped,
                    lastError);
        }
        return new DecodedAudio(output.toArray(), format, sampleRate, channels);
    }
}
