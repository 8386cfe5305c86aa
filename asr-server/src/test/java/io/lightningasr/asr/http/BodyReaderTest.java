package io.lightningasr.asr.http;

import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.OptionalLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BodyReaderTest {

    private static final long ONE_MB = 1024 * 1024;

    @Test
    void bodyWithinLimitIsReadWhole() throws Exception {
        byte[] body = new byte[300_000];
        body[299_999] = 7;

        assertArrayEquals(body, BodyReader.read(new ByteArrayInputStream(body), OptionalLong.of(body.length), ONE_MB));
        assertArrayEquals(body, BodyReader.read(new ByteArrayInputStream(body), OptionalLong.empty(), ONE_MB));
    }

    @Test
    void bodyOfExactlyTheLimitIsAccepted() throws Exception {
        byte[] body = new byte[(int) ONE_MB];

        assertEquals(ONE_MB, BodyReader.read(new ByteArrayInputStream(body), OptionalLong.empty(), ONE_MB).length);
    }

    @Test
    void declaredLengthOverLimitIsRejectedWithoutReading() {
        CountingStream in = new CountingStream(new byte[10]);

        ApiException e = assertThrows(ApiException.class,
                () -> BodyReader.read(in, OptionalLong.of(2 * ONE_MB), ONE_MB));

        assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        assertEquals(1L, e.extraFields().get("max_size_mb"));
        assertEquals(0, in.read);
    }

    @Test
    void chunkedBodyOverLimitStopsAfterTheLimit() {
        CountingStream in = new CountingStream(new byte[(int) (5 * ONE_MB)]);

        ApiException e = assertThrows(ApiException.class, () -> BodyReader.read(in, OptionalLong.empty(), ONE_MB));

        assertEquals(ErrorCode.FILE_TOO_LARGE, e.code());
        assertTrue(in.read <= ONE_MB + 1, "read " + in.read + " bytes");
    }

    @Test
    void failingStreamIsIncompleteBody() {
        InputStream failing = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }
        };

        assertThrows(BodyReader.IncompleteBodyException.class,
                () -> BodyReader.read(failing, OptionalLong.of(100), ONE_MB));
    }

    private static final class CountingStream extends ByteArrayInputStream {
        long read;

        CountingStream(byte[] bytes) {
            super(bytes);
        }

        @Override
        public synchronized int read(byte[] b, int off, int len) {
            int n = super.read(b, off, len);
            read += Math.max(n, 0);
            return n;
        }
    }
}
