package dev.morello.http.internal;

import dev.morello.http.RequestException;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SocketChannel;

/**
 * One client connection, served start to end on its own virtual thread: read a request head,
 * run the exchange, write the response, repeat while the connection is persistent.
 *
 * <p>It owns the bytes: one read buffer (the request head is parsed in place; leftovers are the
 * next pipelined request or the body) and one write buffer (a small response leaves in one write;
 * responses to pipelined requests wait while further requests are already buffered, RFC 9112
 * §9.3.2). Blocking reads and writes carry a deadline that the {@link ServerCore}'s watchdog
 * enforces, the same way for TCP and Unix domain sockets.
 */
public final class Connection implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");

    /**
     * Both buffers start small: an idle keep-alive connection holds them the whole time it waits
     * (10,000 idle connections must not cost much), and the read buffer grows when a head needs it.
     */
    static final int INITIAL_BUFFER = 2048;
    private static final long LINGER_NANOS = 2_000_000_000L;
    private static final int WRITE_SLICE = 256 * 1024;
    private static final long LINGER_BYTES = 1 << 20;

    /** Nothing to read yet: the connection waits for a request. */
    static final int IDLE = 0;
    /** Reading a request head or body. */
    static final int READING = 1;
    /** Running the handler or writing. */
    static final int BUSY = 2;

    final ServerCore server;
    final SocketChannel channel;
    /** The client's address when a per-address limit counts it, else null. */
    final InetAddress address;
    private final RequestHeadParser parser;
    private final ServerExchange exchange;
    private final int maxHeadBuffer;

    // ---- input: unread bytes are in[inStart, inEnd) ----
    byte[] in = new byte[INITIAL_BUFFER];
    private ByteBuffer inBuffer = ByteBuffer.wrap(in);
    int inStart;
    int inEnd;
    /** Bytes below this belong to the current request head and must not move. */
    int floor;

    // ---- output: pending bytes are out[outStart, outLen) ----
    byte[] out;
    private ByteBuffer outBuffer;
    int outStart;
    int outLen;

    // ---- deadlines, enforced by the watchdog ----
    static final java.lang.invoke.VarHandle DEADLINE;

    static {
        try {
            DEADLINE = java.lang.invoke.MethodHandles.lookup().findVarHandle(Connection.class, "deadline", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    volatile long deadline;
    volatile boolean writing;
    volatile boolean timedOut;
    volatile int phase = IDLE;
    /** When the connection began waiting for its next request (System.nanoTime). */
    volatile long idleSince = System.nanoTime();
    /** Set when the stop or the connection limit closed it while it waited: not an error. */
    private volatile boolean closedWhileIdle;

    /**
     * How far the body may still fall behind the minimum rate, in bytes: it starts at the rate
     * over one read timeout, each byte received adds one (up to that cap), and each second spent
     * waiting for the client takes away the rate. Below zero the body is too slow (408).
     */
    private double bodyCredit;

    Connection(ServerCore server, SocketChannel channel, InetAddress address) {
        this.server = server;
        this.channel = channel;
        this.address = address;
        this.parser = new RequestHeadParser(server.config());
        this.exchange = new ServerExchange(this, parser.head());
        this.maxHeadBuffer = server.config().maxRequestLine() + server.config().maxHeaderSize() + 64;
    }

    @Override
    public void run() {
        try {
            serve();
        } catch (ClosedChannelException e) {
            if (!closedWhileIdle) {
                LOG.log(Level.DEBUG, "connection closed under us");
            }
        } catch (IOException e) {
            // The client went away or broke the connection: its business, not a server fault.
            LOG.log(Level.DEBUG, () -> "connection ended: " + e);
        } catch (Throwable t) {
            LOG.log(Level.ERROR, "unexpected failure in connection loop", t);
        } finally {
            close();
            server.connectionClosed(this);
        }
    }

    private void serve() throws IOException {
        while (true) {
            parser.reset();
            floor = 0;
            if (inStart == inEnd) {
                inStart = 0;
                inEnd = 0;
            }
            int headLength;
            try {
                headLength = readHead();
            } catch (RequestException e) {
                exchange.protocolError(e, null);
                server.refused(remoteAddress(), null, e.status(), e.getMessage());
                lingeringClose();
                return;
            }
            if (headLength < 0) {
                return;
            }
            phase = BUSY;
            int headBase = inStart;
            inStart += headLength;
            floor = inStart;
            boolean keep = exchange.run(headBase);
            if (exchange.aborted()) {
                if (exchange.abortNeedsReset()) {
                    reset();
                } else {
                    // A chunked or sized body that stops short is visibly incomplete.
                    flush();
                }
                return;
            }
            if (!keep) {
                flush();
                lingeringClose();
                return;
            }
            if (inStart == inEnd) {
                // Nothing more is buffered: send what is pending before waiting for the client.
                flush();
            }
        }
    }

    /**
     * RFC 9112 §9.6: closing a socket that still has unread input makes the kernel reset the
     * connection, which can destroy the response before the client reads it (a 413 sent while
     * the client still uploads, say). So: send FIN, then read and discard what the client still
     * sends, for a short while, and only then close.
     */
    private void lingeringClose() {
        try {
            channel.shutdownOutput();
            phase = IDLE; // a stopping server may cut this short
            deadline = System.nanoTime() + Math.min(server.readTimeoutNanos(), LINGER_NANOS);
            long discarded = 0;
            while (discarded < LINGER_BYTES) {
                inBuffer.clear();
                int n = channel.read(inBuffer);
                if (n < 0) {
                    break;
                }
                discarded += n;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "lingering close ended: " + e);
        } finally {
            deadline = 0;
        }
    }

    /**
     * Reads until the parser has a whole head. Returns its length, or -1 when the connection
     * ends quietly between requests (the client closed, or stayed idle too long).
     */
    private int readHead() throws IOException {
        long headDeadline = 0;
        while (true) {
            int length = parser.parse(in, inStart, inEnd);
            if (length >= 0) {
                deadline = 0;
                return length;
            }
            if (inEnd == in.length) {
                makeRoomForHead();
            }
            boolean idle = !parser.started();
            if (outLen > outStart) {
                flush();
            }
            if (idle) {
                // A stopping server still answers a request that comes now; it closes the
                // connection when none has come by the end of its grace (ServerCore.stop).
                if (inStart == inEnd && in.length > INITIAL_BUFFER) {
                    // One large head must not make an idle connection hold a large buffer.
                    in = new byte[INITIAL_BUFFER];
                    inBuffer = ByteBuffer.wrap(in);
                    inStart = 0;
                    inEnd = 0;
                }
                idleSince = System.nanoTime();
                phase = IDLE;
                deadline = idleSince + server.idleTimeoutNanos();
            } else {
                phase = READING;
                if (headDeadline == 0) {
                    headDeadline = System.nanoTime() + server.headerTimeoutNanos();
                }
                deadline = headDeadline;
            }
            int n = readInto(inEnd, in.length - inEnd);
            if (n < 0) {
                deadline = 0;
                if (!idle) {
                    // A client that stops sending mid-head still gets an answer (as Cheroot's
                    // "Illegal end of headers"); a slow one gets 408.
                    throw timedOut ? new RequestException(408, "Request Timeout")
                            : new RequestException(400, "Incomplete request head");
                }
                return -1;
            }
            inEnd += n;
            if (idle) {
                phase = READING;
                headDeadline = System.nanoTime() + server.headerTimeoutNanos();
            }
        }
    }

    private void makeRoomForHead() throws RequestException {
        if (inStart > 0) {
            System.arraycopy(in, inStart, in, 0, inEnd - inStart);
            inEnd -= inStart;
            inStart = 0;
            return;
        }
        if (in.length >= maxHeadBuffer) {
            // The parser refuses an oversized line or section before this; a guard all the same.
            throw new RequestException(431, "Request Header Fields Too Large");
        }
        grow(Math.min(maxHeadBuffer, in.length * 2));
    }

    private void grow(int capacity) {
        byte[] bigger = new byte[capacity];
        System.arraycopy(in, 0, bigger, 0, inEnd);
        in = bigger;
        inBuffer = ByteBuffer.wrap(in);
    }

    /** One blocking read into {@code in[at, at + len)}; -1 at end of stream or on timeout. */
    private int readInto(int at, int len) throws IOException {
        inBuffer.limit(at + len).position(at);
        int n = channel.read(inBuffer);
        return n;
    }

    /**
     * Reads more body bytes into the input window, keeping the request head intact. Returns the
     * count, or -1 at the end of the stream.
     *
     * @throws RequestException 408 when the client is too slow
     */
    int fillBody() throws IOException {
        if (inStart == inEnd) {
            inStart = floor;
            inEnd = floor;
        }
        if (in.length - inEnd < 512) {
            grow(in.length * 2);
            exchange.rebind(in);
        }
        return timedRead(inEnd, in.length - inEnd, true);
    }

    /** Whether the start of another request is already in the buffer, behind a finished body. */
    boolean nextRequestBuffered(boolean bodyFinished) {
        return bodyFinished && inEnd > inStart;
    }

    /** Reads body bytes straight into the caller's array. */
    int readBodyDirect(byte[] dst, int off, int len) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, off, len);
        long start = beginBodyRead();
        int n = 0;
        try {
            n = channel.read(b);
            if (n < 0 && timedOut) {
                throw new RequestException(408, "Request Timeout");
            }
            return n;
        } finally {
            endBodyRead(start, n);
        }
    }

    private int timedRead(int at, int len, boolean appendToWindow) throws IOException {
        long start = beginBodyRead();
        int n = 0;
        try {
            n = readInto(at, len);
            if (n < 0) {
                if (timedOut) {
                    throw new RequestException(408, "Request Timeout");
                }
                return -1;
            }
            if (appendToWindow) {
                inEnd += n;
            }
            return n;
        } finally {
            endBodyRead(start, n);
        }
    }

    /** A new request's body: it may start a read timeout's worth of the minimum rate behind. */
    void startBody() {
        bodyCredit = server.bodyCreditCap();
    }

    /**
     * Before a body read: the deadline is the read timeout, or sooner, when the body would fall
     * below the minimum rate (ServerConfig.minBodyRate) before any byte came.
     */
    private long beginBodyRead() {
        phase = READING;
        long now = System.nanoTime();
        long wait = server.readTimeoutNanos();
        double rate = server.minBodyRate();
        if (rate > 0) {
            wait = Math.min(wait, Math.max(1, (long) (bodyCredit / rate * 1e9)));
        }
        deadline = now + wait;
        return now;
    }

    /** After a body read: only the time spent waiting for the client is charged to it. */
    private void endBodyRead(long start, int n) {
        deadline = 0;
        phase = BUSY;
        double rate = server.minBodyRate();
        if (rate > 0) {
            double waited = (System.nanoTime() - start) / 1e9;
            bodyCredit = Math.min(server.bodyCreditCap(), bodyCredit - rate * waited + Math.max(0, n));
        }
    }

    // ---- output ---------------------------------------------------------------------------

    void ensureOutput() {
        if (out == null) {
            out = new byte[INITIAL_BUFFER];
            outBuffer = ByteBuffer.wrap(out);
        }
    }

    /** Makes the write buffer at least {@code capacity} bytes, keeping what is pending. */
    void growOutput(int capacity) {
        if (out.length < capacity) {
            out = java.util.Arrays.copyOf(out, capacity);
            outBuffer = ByteBuffer.wrap(out);
        }
    }

    /** Free bytes at the end of the write buffer. */
    int outRoom() {
        return out.length - outLen;
    }

    void put(byte[] bytes) throws IOException {
        put(bytes, 0, bytes.length);
    }

    void put(byte[] bytes, int off, int len) throws IOException {
        while (len > 0) {
            if (outLen == out.length) {
                flush();
            }
            int n = Math.min(len, out.length - outLen);
            System.arraycopy(bytes, off, out, outLen, n);
            outLen += n;
            off += n;
            len -= n;
        }
    }

    void put(byte b) throws IOException {
        if (outLen == out.length) {
            flush();
        }
        out[outLen++] = b;
    }

    /** Writes a header value's characters (all U+0000-U+00FF, checked when set) as bytes. */
    void putLatin1(String s) throws IOException {
        int i = 0;
        int n = s.length();
        while (i < n) {
            if (outLen == out.length) {
                flush();
            }
            int chunk = Math.min(n - i, out.length - outLen);
            for (int k = 0; k < chunk; k++) {
                out[outLen++] = (byte) s.charAt(i++);
            }
        }
    }

    void putDecimal(long value) throws IOException {
        if (value == 0) {
            put((byte) '0');
            return;
        }
        int digits = 0;
        for (long v = value; v > 0; v /= 10) {
            digits++;
        }
        if (out.length - outLen < digits) {
            flush();
        }
        int end = outLen + digits;
        for (int i = end - 1; i >= outLen; i--) {
            out[i] = (byte) ('0' + value % 10);
            value /= 10;
        }
        outLen = end;
    }

    /** Writes everything pending. */
    void flush() throws IOException {
        if (outLen > outStart) {
            outBuffer.limit(outLen).position(outStart);
            writeFully(outBuffer);
        }
        outStart = 0;
        outLen = 0;
    }

    /** Writes what is pending and then {@code bytes}, in one gathering write where possible. */
    void flushWith(byte[] bytes, int off, int len) throws IOException {
        if (outLen > outStart) {
            outBuffer.limit(outLen).position(outStart);
            writeFully(new ByteBuffer[] {outBuffer, ByteBuffer.wrap(bytes, off, len)});
        } else {
            writeFully(ByteBuffer.wrap(bytes, off, len));
        }
        outStart = 0;
        outLen = 0;
    }

    /**
     * Writes all of {@code buffer}. A blocking write returns only once everything is out, so a
     * large one goes in slices, each with a fresh deadline: the timeout bounds a write that makes
     * no progress, not a large body sent to a slow but steady reader.
     */
    void writeFully(ByteBuffer buffer) throws IOException {
        beginWrite();
        try {
            int end = buffer.limit();
            while (true) {
                buffer.limit(Math.min(end, buffer.position() + WRITE_SLICE));
                channel.write(buffer);
                if (buffer.position() >= end) {
                    break;
                }
                deadline = System.nanoTime() + server.readTimeoutNanos();
            }
        } finally {
            endWrite();
        }
    }

    void writeFully(ByteBuffer[] buffers) throws IOException {
        long total = 0;
        for (ByteBuffer b : buffers) {
            total += b.remaining();
        }
        if (total > WRITE_SLICE) {
            for (ByteBuffer b : buffers) {
                writeFully(b);
            }
            return;
        }
        beginWrite();
        try {
            ByteBuffer last = buffers[buffers.length - 1];
            while (last.hasRemaining()) {
                channel.write(buffers);
            }
        } finally {
            endWrite();
        }
    }

    /** Sends a file region, by the kernel where it can (sendfile for TCP). */
    void transferFile(java.nio.channels.FileChannel file, long position, long count) throws IOException {
        flush();
        beginWrite();
        try {
            long end = position + count;
            while (position < end) {
                long n = file.transferTo(position, end - position, channel);
                if (n <= 0) {
                    if (position >= file.size()) {
                        throw new IOException("file shorter than the length announced");
                    }
                    continue;
                }
                position += n;
                // Each transfer that made progress earns a fresh deadline.
                deadline = System.nanoTime() + server.readTimeoutNanos();
            }
        } finally {
            endWrite();
        }
    }

    private void beginWrite() {
        writing = true;
        deadline = System.nanoTime() + server.readTimeoutNanos();
    }

    private void endWrite() {
        deadline = 0;
        writing = false;
    }

    // ---- lifecycle ------------------------------------------------------------------------

    /** Called by the watchdog: the current read or write has taken too long. */
    void expire() {
        if (phase == IDLE) {
            // idle too long: closed, unless a request has just arrived (then it is answered)
            closeIfNothingArrived();
            return;
        }
        timedOut = true;
        try {
            if (writing) {
                channel.close();
            } else {
                // The blocked read returns end-of-stream; the loop can still answer 408.
                channel.shutdownInput();
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing an expired connection failed", e);
        }
    }

    /**
     * Closes a connection waiting for its next request, unless that request has already arrived
     * (then its thread is about to read and answer it). Returns whether it closed it. A request
     * arriving after this check meets a closed connection, which a client must expect of an idle
     * one (RFC 9112 §9.3.1); unlike {@code shutdownInput}, nothing already received is dropped.
     */
    boolean closeIfNothingArrived() {
        if (phase != IDLE) {
            return false;
        }
        try {
            if (channel.socket().getInputStream().available() > 0) {
                return false;
            }
            closedWhileIdle = true;
            channel.close();
            return true;
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing an idle connection failed", e);
            return false;
        }
    }

    /**
     * Ends a connection whose response was cut short with a reset, not a FIN: for a body
     * delimited by the connection's end, a FIN would make the truncated body look complete.
     */
    private void reset() {
        outStart = 0;
        outLen = 0;
        try {
            if (server.config().unixSocket() == null) {
                channel.setOption(java.net.StandardSocketOptions.SO_LINGER, 0);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "could not set SO_LINGER", e);
        }
        close();
    }

    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a connection failed", e);
        }
    }

    SocketAddress remoteAddress() {
        try {
            return channel.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    SocketAddress localAddress() {
        try {
            return channel.getLocalAddress();
        } catch (IOException e) {
            return null;
        }
    }
}
