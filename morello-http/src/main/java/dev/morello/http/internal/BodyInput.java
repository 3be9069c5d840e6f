package dev.morello.http.internal;

import dev.morello.http.Headers;
import dev.morello.http.RequestException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The request body as the handler reads it: bounded by {@code Content-Length} or decoded from
 * chunks, taken first from bytes already in the connection's read buffer, then from the socket.
 * Reused for every request of a connection.
 */
final class BodyInput extends InputStream {
    private final ServerExchange exchange;
    private final Connection conn;
    /** Made on the first chunked request of the connection; most never have one. */
    private ChunkedDecoder decoder;

    private static final int SMALL_READ = 512;

    private long remaining;
    private boolean chunked;
    private boolean failed;
    /** Body bytes handed to the reader (decoded, for a chunked body). */
    private long consumed;

    BodyInput(ServerExchange exchange, Connection conn) {
        this.exchange = exchange;
        this.conn = conn;
    }

    void reset(long contentLength, boolean isChunked) {
        this.chunked = isChunked;
        this.remaining = isChunked ? 0 : contentLength;
        this.failed = false;
        this.consumed = 0;
        if (isChunked) {
            if (decoder == null) {
                var config = conn.server.config();
                decoder = new ChunkedDecoder(config.maxBodySize(), config.maxHeaderSize(), config.maxHeaderCount(),
                        config.allows(dev.morello.http.Leniency.BARE_LF_LINE_ENDINGS));
            } else {
                decoder.reset();
            }
        }
    }

    /** The chunked body's trailer section once it has been read; else none. */
    Headers trailers() {
        return chunked && decoder.done() ? decoder.trailers() : FieldList.EMPTY;
    }

    /** Body bytes read so far by the handler. */
    long consumed() {
        return consumed;
    }

    /** Whether the whole body has been read (or there was none). */
    boolean finished() {
        return chunked ? decoder.done() : remaining == 0;
    }

    private final byte[] one = new byte[1];

    @Override
    public int read() throws IOException {
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        java.util.Objects.checkFromIndexSize(off, len, b.length);
        if (failed) {
            throw new IOException("the request body failed earlier");
        }
        if (finished()) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        try {
            exchange.beforeBodyRead();
            int n = chunked ? readChunked(b, off, len) : readFixed(b, off, len);
            if (n > 0) {
                consumed += n;
            }
            return n;
        } catch (IOException e) {
            failed = true;
            exchange.bodyFailed();
            throw e;
        }
    }

    private int readFixed(byte[] b, int off, int len) throws IOException {
        int want = (int) Math.min(len, remaining);
        int buffered = conn.inEnd - conn.inStart;
        if (buffered == 0 && want < SMALL_READ) {
            // A small read (a byte at a time, say) goes through the buffer: one system call
            // then serves many of them.
            if (conn.fillBody() < 0) {
                throw new RequestException(400, "Incomplete request body");
            }
            buffered = conn.inEnd - conn.inStart;
        }
        int n;
        if (buffered > 0) {
            n = Math.min(want, buffered);
            System.arraycopy(conn.in, conn.inStart, b, off, n);
            conn.inStart += n;
        } else {
            n = conn.readBodyDirect(b, off, want);
            if (n < 0) {
                throw new RequestException(400, "Incomplete request body");
            }
        }
        remaining -= n;
        return n;
    }

    private int readChunked(byte[] b, int off, int len) throws IOException {
        while (true) {
            if (conn.inStart == conn.inEnd && conn.fillBody() < 0) {
                throw new RequestException(400, "Incomplete chunked request body");
            }
            decoder.decode(conn.in, conn.inStart, conn.inEnd - conn.inStart, b, off, len);
            conn.inStart += decoder.consumed();
            if (decoder.produced() > 0) {
                return decoder.produced();
            }
            if (decoder.done()) {
                return -1;
            }
        }
    }

    /**
     * Whether the rest of the body may be drained after the response: a short declared rest, or
     * a chunked one (drained up to the limit; past it the connection closes after the response,
     * which a client must be ready for in any case, RFC 9112 §9.3).
     */
    boolean drainable(long limit) {
        return chunked || remaining <= limit;
    }

    /**
     * Reads and discards the rest of the body if it is at most {@code limit} bytes. Returns
     * whether the body was consumed to its end.
     */
    boolean drain(long limit) throws IOException {
        if (!chunked && remaining > limit) {
            return false;
        }
        byte[] sink = new byte[(int) Math.min(8192, Math.max(1, limit))];
        long drained = 0;
        while (!finished()) {
            if (drained > limit) {
                return false;
            }
            int n = chunked ? readChunked(sink, 0, sink.length) : readFixed(sink, 0, sink.length);
            if (n < 0) {
                break;
            }
            drained += n;
        }
        return true;
    }

    @Override
    public int available() {
        if (finished()) {
            return 0;
        }
        int buffered = conn.inEnd - conn.inStart;
        return chunked ? 0 : (int) Math.min(buffered, remaining);
    }
}
