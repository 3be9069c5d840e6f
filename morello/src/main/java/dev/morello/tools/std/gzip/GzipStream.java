package dev.morello.tools.std.gzip;

import dev.morello.tools.std.body.BodyClose;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * A body compressed as it is read: each source chunk goes through one Deflater and what comes out
 * is a chunk of one gzip member (or zlib stream), so the whole body is never held. With
 * {@code flushEachChunk} (a streamed response) every source chunk is pushed out with a sync
 * flush, so the client sees each part when the handler produces it; otherwise the deflater
 * decides when it has enough to emit, which compresses better.
 *
 * <p>Closing it (the framework closes a body once sent, or when sending failed) returns the
 * deflater and closes the source.
 */
final class GzipStream implements Iterator<byte[]>, AutoCloseable {
    private static final int OUT_BUFFER = 16 * 1024;
    private static final int READ_BUFFER = 32 * 1024;

    private final Iterator<byte[]> source;
    private final AutoCloseable owner;
    private final GzipCoding coding;
    private final int level;
    private final boolean flushEachChunk;
    private final CRC32 crc = new CRC32();
    private long size;
    private Deflater deflater;
    private byte[] buffer;
    private boolean started;
    private boolean ended;
    private boolean closed;
    private byte[] next;

    GzipStream(Iterator<byte[]> source, AutoCloseable owner, GzipCoding coding, int level, boolean flushEachChunk) {
        this.source = source;
        this.owner = owner;
        this.coding = coding;
        this.level = level;
        this.flushEachChunk = flushEachChunk;
    }

    /** Chunks read from a stream as they become available, at most 32 KiB each. */
    static Iterator<byte[]> chunksOf(InputStream in) {
        return new Iterator<>() {
            private final byte[] buf = new byte[READ_BUFFER];
            private byte[] next;
            private boolean eof;

            @Override
            public boolean hasNext() {
                if (next == null && !eof) {
                    try {
                        int n = in.read(buf);
                        while (n == 0) {
                            n = in.read(buf);
                        }
                        if (n < 0) {
                            eof = true;
                        } else {
                            next = Arrays.copyOf(buf, n);
                        }
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                }
                return next != null;
            }

            @Override
            public byte[] next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                byte[] b = next;
                next = null;
                return b;
            }
        };
    }

    @Override
    public boolean hasNext() {
        if (next == null && !ended) {
            next = produce();
        }
        return next != null;
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[] b = next;
        next = null;
        return b;
    }

    /** The next non-empty piece of output, or null at the end. */
    private byte[] produce() {
        if (deflater == null) {
            deflater = coding.borrow(level);
            buffer = new byte[OUT_BUFFER];
        }
        Out out = new Out();
        if (!started) {
            started = true;
            out.reserve(GzipCoding.GZIP_HEADER_LENGTH);
            out.pos += coding.header(out.bytes, level);
        }
        while (source.hasNext()) {
            byte[] chunk = source.next();
            if (chunk.length == 0) {
                continue;
            }
            crc.update(chunk);
            size += chunk.length;
            deflater.setInput(chunk);
            if (flushEachChunk) {
                int n;
                do {
                    n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                    out.write(buffer, n);
                } while (n == buffer.length);
            } else {
                while (!deflater.needsInput()) {
                    out.write(buffer, deflater.deflate(buffer, 0, buffer.length, Deflater.NO_FLUSH));
                }
            }
            if (out.pos > 0) {
                return out.toArray();
            }
        }
        deflater.finish();
        while (!deflater.finished()) {
            out.write(buffer, deflater.deflate(buffer));
        }
        out.reserve(coding.trailerLength());
        out.pos += coding.trailer(out.bytes, out.pos, crc, size);
        ended = true;
        releaseDeflater();
        return out.pos > 0 ? out.toArray() : null;
    }

    private void releaseDeflater() {
        if (deflater != null) {
            Deflater d = deflater;
            deflater = null;
            coding.release(d, level);
        }
    }

    @Override
    public void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        ended = true;
        next = null;
        if (deflater != null) {
            // abandoned half way: the deflater's state is of no use to anyone else
            deflater.end();
            deflater = null;
        }
        BodyClose.close(owner);
    }

    /** A growable output buffer for one piece. */
    private static final class Out {
        byte[] bytes = new byte[256];
        int pos;

        void reserve(int n) {
            if (bytes.length - pos < n) {
                bytes = Arrays.copyOf(bytes, Math.max(bytes.length * 2, pos + n));
            }
        }

        void write(byte[] b, int n) {
            if (n > 0) {
                reserve(n);
                System.arraycopy(b, 0, bytes, pos, n);
                pos += n;
            }
        }

        byte[] toArray() {
            return pos == bytes.length ? bytes : Arrays.copyOf(bytes, pos);
        }
    }
}
