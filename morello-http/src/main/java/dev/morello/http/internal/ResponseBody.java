package dev.morello.http.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The response body stream returned by {@code HttpExchange.start}: exactly {@code length} bytes,
 * or chunks (RFC 9112 §7.1) when the length is unknown, or raw bytes ended by closing the
 * connection for an HTTP/1.0 client; or nothing at all for HEAD, 204 and 304. Reused for every
 * response of a connection.
 *
 * <p>A chunked body ends with the exchange's trailer fields, if it has any (RFC 9112 §7.1.2); the
 * other kinds of body cannot carry them.
 *
 * <p>Chunks are built in the connection's write buffer: a few bytes are kept free in front of
 * each chunk's data, and its size line is written into them once the chunk is complete.
 */
final class ResponseBody extends OutputStream {
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] LAST_CHUNK_LINE = "0\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] COLON_SP = {':', ' '};
    private static final byte[] CRLF = {'\r', '\n'};
    /** Room for a size line: up to 8 hex digits and CRLF. */
    private static final int SIZE_LINE_ROOM = 10;
    private static final int STREAM_BUFFER = 16 * 1024;
    /** Writes at least this large bypass the buffer. */
    private static final int DIRECT_WRITE = 2048;

    private enum Mode { NONE, DISCARD, FIXED, CHUNKED, RAW }

    private final ServerExchange exchange;
    private final Connection conn;
    private Mode mode = Mode.NONE;
    private long remaining;
    private int chunkHeader = -1;
    private int chunkData;
    private boolean closed;
    /** Body bytes written through this stream for the current response (not the framing). */
    private long written;

    ResponseBody(ServerExchange exchange, Connection conn) {
        this.exchange = exchange;
        this.conn = conn;
    }

    /** Body bytes written for the current response. */
    long written() {
        return written;
    }

    void reset() {
        mode = Mode.NONE;
        closed = false;
        chunkHeader = -1;
        written = 0;
    }

    /**
     * @param length bytes to expect; -1 for unknown; -2 when no body may be sent
     * @param raw    with an unknown length: no chunking, the connection's end delimits the body
     */
    void open(long length, boolean raw) {
        closed = false;
        if (length == -2) {
            mode = Mode.DISCARD;
        } else if (length >= 0) {
            mode = Mode.FIXED;
            remaining = length;
        } else {
            mode = raw ? Mode.RAW : Mode.CHUNKED;
            // A streamed body goes out a buffer at a time: a larger one means fewer, larger chunks.
            conn.growOutput(STREAM_BUFFER);
        }
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (closed) {
            throw new IOException("the response body is closed");
        }
        switch (mode) {
            case NONE -> throw new IllegalStateException("no response body was started");
            case DISCARD -> { }
            case FIXED -> {
                if (len > remaining) {
                    throw new IOException("more bytes than the declared Content-Length");
                }
                remaining -= len;
                writeThrough(b, off, len);
                written += len;
            }
            case RAW -> {
                writeThrough(b, off, len);
                written += len;
            }
            case CHUNKED -> {
                writeChunked(b, off, len);
                written += len;
            }
        }
    }

    private void writeThrough(byte[] b, int off, int len) throws IOException {
        if (len >= DIRECT_WRITE && len > conn.outRoom()) {
            conn.flushWith(b, off, len);
        } else {
            conn.put(b, off, len);
        }
    }

    private void writeChunked(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return;
        }
        if (len >= DIRECT_WRITE) {
            endChunk();
            // A large write becomes a chunk of its own, written without copying.
            putSizeLine(len);
            conn.flushWith(b, off, len);
            conn.put(CRLF);
            return;
        }
        while (len > 0) {
            if (chunkHeader < 0) {
                beginChunk();
            }
            int room = conn.out.length - CRLF.length - conn.outLen;
            if (room <= 0) {
                endChunk();
                conn.flush();
                continue;
            }
            int n = Math.min(room, len);
            System.arraycopy(b, off, conn.out, conn.outLen, n);
            conn.outLen += n;
            off += n;
            len -= n;
        }
    }

    private void putSizeLine(int size) throws IOException {
        int digits = (32 - Integer.numberOfLeadingZeros(size) + 3) / 4;
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            conn.put((byte) Character.forDigit((size >>> shift) & 0xf, 16));
        }
        conn.put(CRLF);
    }

    private void beginChunk() throws IOException {
        if (conn.out.length - conn.outLen < SIZE_LINE_ROOM + CRLF.length + 64) {
            conn.flush();
        }
        chunkHeader = conn.outLen;
        conn.outLen += SIZE_LINE_ROOM;
        chunkData = conn.outLen;
    }

    /** Completes the open chunk: writes its size line into the room kept before the data. */
    private void endChunk() {
        if (chunkHeader < 0) {
            return;
        }
        int size = conn.outLen - chunkData;
        if (size == 0) {
            // Nothing was written: give the room back (an empty chunk would end the body).
            conn.outLen = chunkHeader;
            chunkHeader = -1;
            return;
        }
        byte[] out = conn.out;
        int digits = (32 - Integer.numberOfLeadingZeros(size) + 3) / 4;
        int lineStart = chunkData - digits - 2;
        int v = size;
        for (int i = lineStart + digits - 1; i >= lineStart; i--) {
            out[i] = (byte) Character.forDigit(v & 0xf, 16);
            v >>>= 4;
        }
        out[chunkData - 2] = '\r';
        out[chunkData - 1] = '\n';
        int gap = lineStart - chunkHeader;
        if (gap > 0) {
            // Close the gap by moving what precedes the chunk forward; it is short (a head, or
            // nothing) compared with the chunk.
            System.arraycopy(out, conn.outStart, out, conn.outStart + gap, chunkHeader - conn.outStart);
            conn.outStart += gap;
        }
        out[conn.outLen++] = '\r';
        out[conn.outLen++] = '\n';
        chunkHeader = -1;
    }

    @Override
    public void flush() throws IOException {
        if (mode == Mode.CHUNKED) {
            endChunk();
        }
        if (mode != Mode.NONE && mode != Mode.DISCARD) {
            conn.flush();
        }
    }

    @Override
    public void close() throws IOException {
        if (closed || mode == Mode.NONE) {
            return;
        }
        closed = true;
        ResponseFields trailers = exchange.trailerFields();
        trailers.freeze();
        switch (mode) {
            case FIXED -> {
                if (remaining > 0) {
                    throw new IOException("response body closed " + remaining + " bytes short of its Content-Length");
                }
            }
            case CHUNKED -> {
                endChunk();
                if (trailers.size() == 0) {
                    conn.put(LAST_CHUNK);
                } else {
                    putLastChunk(trailers);
                }
            }
            default -> { }
        }
    }

    /** RFC 9112 §7.1.2: the last chunk, the trailer fields, and the empty line that ends them. */
    private void putLastChunk(ResponseFields trailers) throws IOException {
        conn.put(LAST_CHUNK_LINE);
        for (int i = 0, n = trailers.size(); i < n; i++) {
            conn.putLatin1(trailers.name(i).name());
            conn.put(COLON_SP);
            conn.putLatin1(trailers.value(i));
            conn.put(CRLF);
        }
        conn.put(CRLF);
    }

    /** Whether the body is delimited by closing the connection (an HTTP/1.0 client, length unknown). */
    boolean closeDelimited() {
        return mode == Mode.RAW;
    }

    /**
     * The response is being cut short: a chunk still being filled is dropped, so that nothing but
     * well-formed chunks (and never the room kept for a size line) reaches the wire.
     */
    void abort() {
        if (mode == Mode.CHUNKED && chunkHeader >= 0) {
            conn.outLen = chunkHeader;
            chunkHeader = -1;
        }
        closed = true;
    }

    /** Called when the handler returns: ends a body the handler left open. */
    void finish() throws IOException {
        close();
    }
}
