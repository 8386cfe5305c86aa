package io.lightningasr.gateway.api;

import io.lightningasr.gateway.http.BodyBuffer;

import io.lightningasr.gateway.net.FetchTarget;

import java.util.Map;
import java.util.Optional;

/**
 * A parsed /v1/listen request: either a URL to fetch or uploaded audio (a byte range of {@code buffer}), and the
 * parameters to pass to the pod. Closing it releases the buffered audio.
 *
 * @param url         URL to fetch the audio from; empty for uploads
 * @param buffer      buffer that contains the uploaded or fetched audio
 * @param audioOffset start of the audio in the buffer (non-zero for multipart uploads)
 * @param audioLength audio length in bytes; -1 until a URL was fetched
 * @param parameters  validated parameters for the pod's query string
 */
record ListenInput(Optional<FetchTarget> url, BodyBuffer buffer, int audioOffset, int audioLength,
                   Map<String, String> parameters) implements AutoCloseable {

    /** Returns this request with the audio set to the whole buffer, after a URL fetch. */
    ListenInput withFetchedAudio() {
        return new ListenInput(url, buffer, 0, buffer.length(), parameters);
    }

    @Override
    public void close() {
        buffer.close();
    }
}
