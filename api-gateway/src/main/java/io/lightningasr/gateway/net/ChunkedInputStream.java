package io.lightningasr.gateway.net;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Decodes an HTTP/1.1 chunked body; trailers are read and dropped. */
final class ChunkedInputStream extends InputStream {
    private static final int MAX_LINE = 8 * 1024;

    private final InputStream in;
    private long chunkRemaining;
    private boolean finished;

    ChunkedInputStream(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (finished) {
            return -1;
        }
        if (chunkRemaining == 0) {
            String sizeLine = ResponseHead.readLine(in, new int[] {MAX_LINE});
            int extension = sizeLine.indexOf(';');
            String hex = (extension >= 0 ? sizeLine.substring(0, extension) : sizeLine).trim();
            try {
                chunkRemaining = Long.parseLong(hex, 16);
            } catch (NumberFormatException e) {
                throw new IOException("invalid chunk size", e);
            }
            if (chunkRemaining < 0) {
                throw new IOException("invalid chunk size");
            }
            if (chunkRemaining == 0) {
                while (!ResponseHead.readLine(in, new int[] {MAX_LINE}).isEmpty()) {
                    // Trailer fields carry nothing the gateway uses.
                }
                finished = true;
                return -1;
            }
        }
        int n = in.read(b, off, (int) Math.min(len, chunkRemaining));
        if (n < 0) {
            throw new EOFException("connection closed inside a chunk");
        }
        chunkRemaining -= n;
        if (chunkRemaining == 0) {
            ResponseHead.readLine(in, new int[] {MAX_LINE});
        }
        return n;
    }
}
