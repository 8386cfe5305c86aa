package io.lightningasr.asr.audio;

import static org.bytedeco.ffmpeg.global.avformat.AVSEEK_SIZE;
import static org.bytedeco.ffmpeg.global.avformat.avio_alloc_context;
import static org.bytedeco.ffmpeg.global.avformat.avio_context_free;
import static org.bytedeco.ffmpeg.global.avutil.AVERROR_EOF;
import static org.bytedeco.ffmpeg.global.avutil.av_free;
import static org.bytedeco.ffmpeg.global.avutil.av_malloc;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.bytedeco.ffmpeg.avformat.AVIOContext;
import org.bytedeco.ffmpeg.avformat.Read_packet_Pointer_BytePointer_int;
import org.bytedeco.ffmpeg.avformat.Seek_Pointer_long_int;
import org.bytedeco.javacpp.BytePointer;
import org.bytedeco.javacpp.LongPointer;
import org.bytedeco.javacpp.Pointer;

/**
 * A read-only, seekable FFmpeg AVIOContext over a Java byte array, so that uploads never touch the disk.
 *
 * <p>JavaCPP backs each callback object with a native thunk, and only a few may exist at once, so two shared
 * callbacks serve every instance. FFmpeg passes each instance's {@code opaque} pointer back to them, and its
 * address is the key of {@link #OPEN}. FFmpeg calls them on the decoding thread, so concurrent decodes only
 * share the map.
 */
final class MemoryAvio implements AutoCloseable {

    private static final int BUFFER_BYTES = 32 * 1024;
    private static final int SEEK_SET = 0;
    private static final int SEEK_CUR = 1;
    private static final int SEEK_END = 2;
    private static final int ERROR_IO = -5;
    private static final Map<Long, MemoryAvio> OPEN = new ConcurrentHashMap<>();

    private static final Read_packet_Pointer_BytePointer_int READ = new Read_packet_Pointer_BytePointer_int() {
        @Override
        public int call(Pointer opaque, BytePointer buffer, int size) {
            MemoryAvio input = OPEN.get(opaque.address());
            return input == null ? ERROR_IO : input.read(buffer, size);
        }
    };

    private static final Seek_Pointer_long_int SEEK = new Seek_Pointer_long_int() {
        @Override
        public long call(Pointer opaque, long offset, int whence) {
            MemoryAvio input = OPEN.get(opaque.address());
            return input == null ? ERROR_IO : input.seek(offset, whence);
        }
    };

    private final byte[] bytes;
    private final LongPointer opaque;
    private final AVIOContext context;
    private long position;

    /** Allocates the native context; the caller must {@link #close()} it after the format context is closed. */
    MemoryAvio(byte[] bytes) {
        this.bytes = bytes;
        this.opaque = new LongPointer(1);
        OPEN.put(opaque.address(), this);
        Pointer buffer = av_malloc(BUFFER_BYTES);
        if (buffer == null || buffer.isNull()) {
            close();
            throw new OutOfMemoryError("av_malloc of the " + BUFFER_BYTES + "-byte AVIO buffer failed");
        }
        AVIOContext allocated = avio_alloc_context(new BytePointer(buffer), BUFFER_BYTES, 0, opaque, READ, null, SEEK);
        if (allocated == null || allocated.isNull()) {
            av_free(buffer);
            close();
            throw new OutOfMemoryError("avio_alloc_context failed");
        }
        this.context = allocated;
    }

    AVIOContext context() {
        return context;
    }

    private int read(BytePointer buffer, int size) {
        long available = bytes.length - position;
        if (available <= 0) {
            return AVERROR_EOF;
        }
        int count = (int) Math.min(size, available);
        buffer.position(0).put(bytes, (int) position, count);
        position += count;
        return count;
    }

    private long seek(long offset, int whence) {
        if ((whence & AVSEEK_SIZE) != 0) {
            return bytes.length;
        }
        long target = switch (whence & 0xFF) {
            case SEEK_SET -> offset;
            case SEEK_CUR -> position + offset;
            case SEEK_END -> bytes.length + offset;
            default -> -1;
        };
        // A position past the end is valid, as for files: the next read returns end of file.
        if (target < 0) {
            return ERROR_IO;
        }
        position = target;
        return target;
    }

    /** Frees the AVIO buffer (which FFmpeg may have replaced) and the context, and unregisters this input. */
    @Override
    public void close() {
        if (context != null) {
            av_free(context.buffer());
            context.buffer(null);
            avio_context_free(context);
        }
        OPEN.remove(opaque.address());
        opaque.close();
    }
}
