package io.lightningasr.loadtest.run;

/**
 * One request, encoded once and sent many times.
 *
 * @param head         request line and headers in bytes, ending with an empty line
 * @param body         body bytes, possibly empty
 * @param audioSeconds audio duration read from the WAV header, or 0 when unknown
 * @param label        file name or URL, for messages
 */
public record PreparedRequest(byte[] head, byte[] body, double audioSeconds, String label) {
}
