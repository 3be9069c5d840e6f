package dev.morello.http.internal;

import dev.morello.http.Headers;
import dev.morello.http.RequestException;
import dev.morello.http.internal.h2.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.lang.System.Logger.Level;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP/2 stream: a request and its response (RFC 9113 §5.1, §8.1), its handler run on a
 * virtual thread of its own by {@link #run()}.
 *
 * <p>The connection's reader hands in the body's DATA ({@link #received}), which waits here
 * until the handler reads it; each octet read is given back to the peer's windows
 * ({@link Http2Connection#consumed}). The stream's send window is changed under the
 * connection's {@code flowLock}.
 *
 * <p>States, as RFC 9113 §5.1 names them for a server: <em>open</em> while the request body
 * still comes, <em>half-closed (remote)</em> once END_STREAM came, <em>closed</em> when the
 * response is out or either side reset the stream.
 */
final class Http2Stream {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");
    private static final byte[] NO_BYTES = new byte[0];

    private final Http2Connection connection;
    private final int id;
    private final RequestFields fields;
    /** The request's HEADERS ended the stream: there is no body. */
    private final boolean noBody;

    // ---- the request body: the reader fills, the handler drains; under bodyLock -----------------
    private final ReentrantLock bodyLock = new ReentrantLock();
    private final Condition bodyArrived = bodyLock.newCondition();
    private final ArrayDeque<byte[]> chunks = new ArrayDeque<>();
    private int chunkPos;
    private int buffered;
    private boolean remoteEnded;
    private long received;
    /** What the handler will see instead of more body, once set. */
    private IOException failure;
    /** The trailer section that ended the stream, if one did. */
    private RequestFields trailers;

    // ---- flow control -------------------------------------------------------------------------
    /** What the peer may still send us; under bodyLock. */
    private long receiveWindow;
    /** Octets read since the stream's window was last given back; under bodyLock. */
    private int unacknowledged;
    /** What we may still send; under the connection's flowLock. */
    private long sendWindow;

    /** Whether the stream still counts among the connection's open streams. */
    private final AtomicBoolean counted = new AtomicBoolean(true);
    private volatile boolean resetByPeer;
    private volatile boolean resetByUs;

    Http2Stream(Http2Connection connection, int id, RequestFields fields, boolean endStream, int sendWindow,
            int receiveWindow) {
        this.connection = connection;
        this.id = id;
        this.fields = fields;
        this.remoteEnded = endStream;
        this.noBody = endStream;
        this.sendWindow = sendWindow;
        this.receiveWindow = receiveWindow;
    }

    int id() {
        return id;
    }

    RequestFields fields() {
        return fields;
    }

    /** The declared body length; 0 without a body; -1 when DATA frames will tell. */
    long contentLength() {
        return fields.contentLength() >= 0 ? fields.contentLength() : noBody ? 0 : -1;
    }

    Http2Connection connection() {
        return connection;
    }

    /** The handler's thread: runs the exchange, then lets the connection forget the stream. */
    void run() {
        Http2Exchange exchange = new Http2Exchange(this);
        try {
            exchange.run();
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "unexpected failure serving an HTTP/2 stream", t);
        } finally {
            int unread;
            boolean stillOpen;
            bodyLock.lock();
            try {
                unread = buffered;
                chunks.clear();
                buffered = 0;
                stillOpen = !remoteEnded && !wasReset();
                remoteEnded = true;
                if (failure == null) {
                    failure = new IOException("HTTP/2 stream closed");
                }
            } finally {
                bodyLock.unlock();
            }
            if (stillOpen) {
                // §8.1: the response is complete; the client need not send the rest
                connection.resetStream(id, ErrorCode.NO_ERROR);
            }
            connection.streamDone(this, unread);
        }
    }

    /** Takes the stream out of the open count; true the first time only. */
    boolean leaveOpenCount() {
        return counted.getAndSet(false);
    }

    // ---- from the reader ----------------------------------------------------------------------

    /** Whether DATA or trailers may still come on this stream. */
    boolean receiving() {
        bodyLock.lock();
        try {
            return !remoteEnded && !wasReset();
        } finally {
            bodyLock.unlock();
        }
    }

    /** Takes {@code n} octets of the stream's receive window; false when the peer sent beyond it. */
    boolean takeReceiveWindow(int n) {
        bodyLock.lock();
        try {
            if (n > receiveWindow) {
                return false;
            }
            receiveWindow -= n;
            return true;
        } finally {
            bodyLock.unlock();
        }
    }

    /**
     * Body octets arrived (copied here). Returns why the stream is malformed (a body longer or
     * shorter than its content-length, §8.1.1), or null.
     */
    String received(byte[] buf, int offset, int length, boolean endStream) {
        long declared = fields.contentLength();
        bodyLock.lock();
        try {
            if (failure != null) {
                // the handler will not see more: what comes is dropped (see discarding())
                remoteEnded |= endStream;
                return null;
            }
            received += length;
            if (declared >= 0 && (received > declared || (endStream && received != declared))) {
                // marked reset before the handler wakes, so that it answers nothing: the reset is the answer
                resetByUs = true;
                failure = new IOException("HTTP/2 stream reset: body length differs from content-length");
                bodyArrived.signalAll();
                return "body length differs from content-length";
            }
            long max = connection.server().config().maxBodySize();
            if (max > 0 && received > max) {
                // the handler's next read throws, and it (or the server) answers 413
                failure = new RequestException(413, "Payload Too Large");
                remoteEnded |= endStream;
                bodyArrived.signalAll();
                return null;
            }
            if (length > 0) {
                chunks.addLast(Arrays.copyOfRange(buf, offset, offset + length));
                buffered += length;
            }
            if (endStream) {
                remoteEnded = true;
            }
            bodyArrived.signalAll();
            return null;
        } finally {
            bodyLock.unlock();
        }
    }

    /**
     * The trailers ended the stream (their fields already checked). Returns why the stream is
     * malformed (the body shorter than its content-length), or null.
     */
    String receivedTrailers(RequestFields fields) {
        bodyLock.lock();
        try {
            if (failure == null) {
                trailers = fields;
            }
        } finally {
            bodyLock.unlock();
        }
        return received(NO_BYTES, 0, 0, true);
    }

    /**
     * The trailers ended the stream but decode to more than {@code maxHeaderSize}: the handler,
     * once it has read the body, gets a 431 instead of its end (as a chunked body's too large
     * trailer section gives over HTTP/1.1).
     */
    void trailersTooLarge() {
        bodyLock.lock();
        try {
            if (failure == null) {
                failure = new RequestException(431, "Request Header Fields Too Large");
            }
            remoteEnded = true;
            bodyArrived.signalAll();
        } finally {
            bodyLock.unlock();
        }
    }

    /** The trailers, once the handler has read the body to its end; else none. */
    Headers trailers() {
        bodyLock.lock();
        try {
            boolean readToEnd = remoteEnded && failure == null && chunks.isEmpty();
            return readToEnd && trailers != null ? trailers : FieldList.EMPTY;
        } finally {
            bodyLock.unlock();
        }
    }

    /** Whether DATA that arrives is dropped, the body having failed already. */
    boolean discarding() {
        bodyLock.lock();
        try {
            return failure != null;
        } finally {
            bodyLock.unlock();
        }
    }

    void resetByPeer() {
        resetByPeer = true;
        fail(new IOException("HTTP/2 stream reset by the client"));
    }

    void resetByUs() {
        resetByUs = true;
        fail(new IOException("HTTP/2 stream reset"));
    }

    void connectionClosed() {
        fail(new IOException("HTTP/2 connection closed"));
    }

    private void fail(IOException e) {
        bodyLock.lock();
        try {
            if (failure == null && !remoteEnded) {
                failure = e; // a body already complete stays readable to its end
            }
            remoteEnded = true;
            bodyArrived.signalAll();
        } finally {
            bodyLock.unlock();
        }
    }

    boolean wasReset() {
        return resetByPeer || resetByUs;
    }

    // ---- send window (under the connection's flowLock) -------------------------------------------

    long sendWindow() {
        return sendWindow;
    }

    /** Moves the send window; false when it would pass 2^31-1 (§6.9.1). */
    boolean adjustSendWindow(long delta) {
        long w = sendWindow + delta;
        if (w > Integer.MAX_VALUE) {
            return false;
        }
        sendWindow = w;
        return true;
    }

    /**
     * The handler read {@code n} octets; returns the increment to send for the stream's window
     * once at least {@code threshold} are due, else 0.
     */
    int consumed(int n, int threshold) {
        bodyLock.lock();
        try {
            unacknowledged += n;
            if (unacknowledged < threshold || remoteEnded) {
                return 0;
            }
            int increment = unacknowledged;
            unacknowledged = 0;
            receiveWindow += increment;
            return increment;
        } finally {
            bodyLock.unlock();
        }
    }

    // ---- the handler's body ---------------------------------------------------------------------

    /** The request body as the handler reads it. */
    InputStream body() {
        return new Body();
    }

    private final class Body extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (len == 0) {
                return 0;
            }
            int n;
            bodyLock.lock();
            try {
                long deadline = System.nanoTime() + connection.server().readTimeoutNanos();
                while (chunks.isEmpty()) {
                    if (failure != null) {
                        throw failure;
                    }
                    if (remoteEnded) {
                        return -1;
                    }
                    long left = deadline - System.nanoTime();
                    if (left <= 0) {
                        throw new RequestException(408, "Request Timeout");
                    }
                    bodyArrived.awaitNanos(left);
                }
                byte[] chunk = chunks.peekFirst();
                n = Math.min(len, chunk.length - chunkPos);
                System.arraycopy(chunk, chunkPos, b, off, n);
                chunkPos += n;
                if (chunkPos == chunk.length) {
                    chunks.removeFirst();
                    chunkPos = 0;
                }
                buffered -= n;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted reading an HTTP/2 body");
            } finally {
                bodyLock.unlock();
            }
            connection.consumed(Http2Stream.this, n);
            return n;
        }

        @Override
        public int available() {
            bodyLock.lock();
            try {
                return buffered;
            } finally {
                bodyLock.unlock();
            }
        }
    }
}
