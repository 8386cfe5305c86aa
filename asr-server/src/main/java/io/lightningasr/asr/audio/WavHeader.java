package io.lightningasr.asr.audio;

/**
 * The parts of a RIFF/RF64 WAVE header that sample decoding needs.
 *
 * @param encoding the sample encoding, or {@link Encoding#OTHER} for codecs left to FFmpeg
 * @param channels interleaved channels per frame, at least 1
 * @param sampleRateHz frames per second
 * @param bitsPerSample the container size of one sample in bits ({@code wBitsPerSample})
 * @param blockAlign bytes per frame
 * @param dataOffset offset of the first sample byte in the file
 * @param frames whole frames present in the file, which is fewer than the header declares when the file is
 *     truncated
 */
record WavHeader(Encoding encoding, int channels, int sampleRateHz, int bitsPerSample, int blockAlign,
                 int dataOffset, long frames) {

    /** Sample encodings decoded in Java. */
    enum Encoding {
        /** Signed little-endian integers, except unsigned for 8 bits. */
        PCM,
        /** IEEE 754 little-endian floats of 32 or 64 bits. */
        IEEE_FLOAT,
        /** ITU-T G.711 mu-law, 8 bits. */
        MULAW,
        /** ITU-T G.711 A-law, 8 bits. */
        ALAW,
        /** Any other format tag (ADPCM, GSM, MP3 in WAV, ...). */
        OTHER
    }

    double durationSeconds() {
        return frames / (double) sampleRateHz;
    }
}
