package dev.morello.http.internal;

import dev.morello.http.RequestException;
import dev.morello.http.internal.h2.Frames;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.locks.LockSupport;
import javax.net.ssl.SSLEngine;

/**
 * One client connection, served by its own virtual thread: read a request head, run the
 * exchange, write the response, go on with any request already buffered (pipelined). Between
 * requests the thread does not wait on the socket: the socket stays registered with a
 * {@link ReadinessLoop}, the thread parks with nothing on its stack, and the loop reads what
 * arrives and hands it to the thread ({@link #owner} says whose turn it is).
 *
 * <p>Its socket is non-blocking. A read or write that cannot proceed mid-request parks the
 * serving thread until the loop sees the socket ready ({@link #awaitReadable},
 * {@link #awaitWritable}); handlers still see plain blocking streams.
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
    /** TLS on this connection, or null for plain HTTP. */
    final TlsTransport tls;

    // ---- input: unread bytes are in[inStart, inEnd) ----
    /** Made when the first bytes arrive, dropped while the connection idles (trimIfIdle). */
    byte[] in;
    private ByteBuffer inBuffer;
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
    static final java.lang.invoke.VarHandle WRITE_DEADLINE;
    private static final java.lang.invoke.VarHandle OWNER;
    private static final java.lang.invoke.VarHandle READ_WAITING;
    private static final java.lang.invoke.VarHandle WRITE_WAITING;

    static {
        try {
            var lookup = java.lang.invoke.MethodHandles.lookup();
            DEADLINE = lookup.findVarHandle(Connection.class, "deadline", long.class);
            WRITE_DEADLINE = lookup.findVarHandle(Connection.class, "writeDeadline", long.class);
            OWNER = lookup.findVarHandle(Connection.class, "owner", int.class);
            READ_WAITING = lookup.findVarHandle(Connection.class, "readWaiting", boolean.class);
            WRITE_WAITING = lookup.findVarHandle(Connection.class, "writeWaiting", boolean.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    // ---- who serves it, and what its thread waits for ----
    private static final int FREE = 0;
    private static final int SERVED = 1;
    private static final int CLOSED = 2;
    /** The loop is reading what arrived, for the thread it is about to wake. */
    private static final int PREFETCHING = 3;
    /** The watchdog is taking an idle connection's buffers away. */
    private static final int TRIMMING = 4;
    private static final int READABLE = 1;
    private static final int WRITABLE = 2;

    /**
     * FREE while idle; SERVED while its thread serves it; CLOSED once closed while idle; briefly
     * PREFETCHING or TRIMMING. Only the holder of a state other than FREE touches the buffers.
     */
    private volatile int owner = FREE;
    /** The connection's thread, made when its first request arrives. */
    private volatile Thread thread;
    /**
     * A thread parked until input arrives, and one parked until there is room to write: the same
     * thread in turn while it serves a request, two at once when one reads a long-lived
     * connection while others write to it.
     */
    private volatile boolean readWaiting;
    private volatile Thread readWaiter;
    private volatile boolean writeWaiting;
    private volatile Thread writeWaiter;
    /**
     * Read interest. On for the connection's life, except when input arrives while a thread
     * serves it and is not waiting to read (a pipelined request, say): the loop would otherwise
     * report it again and again; the thread turns it back on when it wants input or ends.
     */
    volatile boolean armed = true;
    /** Write interest: on while the serving thread waits for room in the send buffer. */
    volatile boolean wantWrite;
    /** Set by the loop that registered the socket, before the socket can report anything. */
    SelectionKey key;
    private ReadinessLoop loop;
    /** Whether the serving thread should read before it goes idle (the loop could not read for it). */
    private boolean dispatched;

    /** When the read in progress (or the wait for a request) must end; 0 for none. */
    volatile long deadline;
    /** When the write in progress must have made progress; 0 for none. */
    volatile long writeDeadline;
    volatile boolean writing;
    /** The read's deadline passed: the reader gets end-of-stream (and may answer 408). */
    volatile boolean timedOut;
    /** A write made no progress in time: the connection is closed. */
    private volatile boolean writeTimedOut;
    volatile int phase = IDLE;
    /** When the connection began waiting for its next request (System.nanoTime). */
    volatile long idleSince = System.nanoTime();
    /** Set when the stop or the connection limit closed it while it waited: not an error. */
    private volatile boolean closedWhileIdle;
    /** In the lingering close: whoever stops the server may cut it short. */
    private volatile boolean lingering;

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
        var tlsContext = server.tlsContext();
        this.tls = tlsContext == null ? null
                : new TlsTransport(offerH2(tlsContext.newEngine(), server.config().http2()), this::writeNet);
        this.h2Candidate = server.config().http2();
    }

    /**
     * With HTTP/2 on, ALPN (RFC 7301) picks {@code h2} when the client offers it, else
     * {@code http/1.1}; a client that offers neither gets no ALPN answer rather than a failed
     * handshake, and is served HTTP/1.1.
     */
    private static SSLEngine offerH2(SSLEngine engine, boolean http2) {
        if (http2) {
            engine.setHandshakeApplicationProtocolSelector((e, offered) ->
                    offered.contains(ALPN_H2) ? ALPN_H2 : offered.contains(ALPN_HTTP_1_1) ? ALPN_HTTP_1_1 : "");
        }
        return engine;
    }

    static final String ALPN_H2 = "h2";
    static final String ALPN_HTTP_1_1 = "http/1.1";

    /** Registers the connection with its loop; its thread starts when its first request arrives. */
    void register(ReadinessLoop loop) throws IOException {
        this.loop = loop;
        // A client that connects and sends nothing is idle from the start. Over TLS the
        // handshake and the request head must come within the header timeout of the connect.
        deadline = idleSince + (tls == null ? server.idleTimeoutNanos() : server.headerTimeoutNanos());
        loop.register(this);
    }

    /**
     * On the loop's thread: the socket is ready. Input wakes a parked reader, or is read and
     * handed to the connection's thread when the connection is idle, or else (the thread is busy
     * with it) turns read interest off until the thread wants input. Room to write wakes a
     * parked writer.
     */
    void ready(int ops, ReadinessLoop loop) {
        if ((ops & SelectionKey.OP_WRITE) != 0 && wantWrite) {
            wantWrite = false;
            loop.apply(this);
            wake(WRITABLE);
        }
        if ((ops & SelectionKey.OP_READ) == 0) {
            return;
        }
        if (wake(READABLE)) {
            return;
        }
        if (OWNER.compareAndSet(this, FREE, PREFETCHING)) {
            prefetchAndDispatch();
            return;
        }
        armed = false;
        loop.apply(this);
        // The serving thread may have begun to wait for input, or parked idle, since we looked: it
        // then either saw read interest still on (and we see its new state here) or saw it off
        // (and asks for it again). Either way the input is not left unnoticed.
        if (readWaiting) {
            armed = true;
            loop.apply(this);
            wake(READABLE);
        } else if (OWNER.compareAndSet(this, FREE, PREFETCHING)) {
            armed = true;
            loop.apply(this);
            prefetchAndDispatch();
        }
    }

    /**
     * Reads what has arrived here, on the loop's thread, before waking the connection's thread
     * (or starting it, the first time): the socket is level-triggered, and input left unread
     * until that thread runs would be reported again by the next select.
     */
    private void prefetchAndDispatch() {
        int n;
        try {
            if (in == null) {
                in = new byte[INITIAL_BUFFER];
                inBuffer = ByteBuffer.wrap(in);
            }
            if (inStart == inEnd) {
                inStart = 0;
                inEnd = 0;
            }
            if (tls != null) {
                n = tls.prefetch(channel);
                if (n == 0) {
                    owner = FREE;
                    return;
                }
            } else if (inEnd == in.length) {
                n = 0; // the serving thread makes room
            } else {
                inBuffer.limit(in.length).position(inEnd);
                n = channel.read(inBuffer);
                if (n == 0) {
                    owner = FREE; // nothing after all; the socket stays armed
                    return;
                }
                if (n > 0) {
                    inEnd += n;
                    server.counters.read(n);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "connection ended: " + e);
            close();
            server.connectionClosed(this);
            return;
        }
        // at the end of the stream (or with no room), the thread reads for itself and sees it;
        // over TLS it always does, to decrypt what came
        dispatched = n <= 0 || tls != null;
        owner = SERVED;
        Thread t = thread;
        if (t != null) {
            LockSupport.unpark(t);
            return;
        }
        try {
            t = server.connectionThread(this);
            thread = t;
            t.start();
        } catch (RuntimeException | Error e) {
            LOG.log(Level.ERROR, "could not start a connection's thread", e);
            close();
            server.connectionClosed(this);
        }
    }

    /** Wakes the thread parked for {@code what} (READABLE or WRITABLE), if one is; returns whether one was. */
    private boolean wake(int what) {
        if (what == READABLE ? READ_WAITING.compareAndSet(this, true, false) : WRITE_WAITING.compareAndSet(this, true, false)) {
            LockSupport.unpark(what == READABLE ? readWaiter : writeWaiter);
            return true;
        }
        return false;
    }

    /** Wakes whoever is parked on the socket (a deadline passed, or the socket closed). */
    private void wakeAny() {
        wake(READABLE);
        wake(WRITABLE);
    }

    /** The connection's thread: serves what arrives, and parks between requests. */
    @Override
    public void run() {
        try {
            while (serve() && awaitTurn()) {
                // served all that had arrived; the loop has handed over what came next
            }
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

    /** Parks until the loop hands the thread more input; false once the connection is closed. */
    private boolean awaitTurn() {
        while (true) {
            int o = owner;
            if (o == SERVED) {
                return true;
            }
            if (o == CLOSED || !channel.isOpen()) {
                return false;
            }
            LockSupport.park(this);
            // nothing of ours interrupts an idle connection's thread; it waits on regardless
            Thread.interrupted();
        }
    }

    /**
     * Serves requests while they come without waiting between them. Returns true when the
     * connection is left idle (the loop hands over its next request), false when it is to be
     * closed.
     */
    private boolean serve() throws IOException {
        while (true) {
            parser.reset();
            floor = 0;
            timedOut = false;
            if (inStart == inEnd) {
                inStart = 0;
                inEnd = 0;
            }
            int headLength;
            try {
                headLength = readHead();
            } catch (TlsTransport.PlainHttpException e) {
                answerPlainHttp();
                return false;
            } catch (RequestException e) {
                if (tls != null && !tls.established()) {
                    // a handshake that timed out or broke off: nothing can be said in TLS yet
                    LOG.log(Level.DEBUG, () -> "TLS handshake did not complete: " + e.getMessage());
                    return false;
                }
                exchange.protocolError(e, null);
                server.refused(remoteAddress(), null, e.status(), e.getMessage());
                lingeringClose();
                return false;
            }
            if (headLength == IDLE_AGAIN) {
                return goIdle();
            }
            if (headLength == HTTP_2) {
                phase = BUSY;
                Http2Connection c = new Http2Connection(this, server);
                server.counters.http2Connections.increment();
                h2 = c;
                c.serve();
                return false;
            }
            if (headLength < 0) {
                return false;
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
                return false;
            }
            if (!keep) {
                flush();
                lingeringClose();
                return false;
            }
            if (inStart == inEnd) {
                // Nothing more is buffered: send what is pending before waiting for the client.
                flush();
            }
        }
    }

    /** readHead's answer when no request has begun: the thread parks and the loop waits. */
    private static final int IDLE_AGAIN = -2;
    /** readHead's answer when the connection speaks HTTP/2 (ALPN said h2, or the preface came). */
    private static final int HTTP_2 = -3;

    /** The first bytes may still turn out to be HTTP/2's; false once a request head began. */
    private boolean h2Candidate;
    /** The HTTP/2 connection this connection now serves, or null. */
    private volatile Http2Connection h2;

    /**
     * Hands the connection back to its loop. Once {@link #owner} is FREE the loop or the
     * watchdog may take it, so nothing is touched after that but the interest it may need again.
     */
    private boolean goIdle() {
        if (inStart == inEnd && in.length > INITIAL_BUFFER) {
            // One large head must not make an idle connection hold a large buffer.
            in = new byte[INITIAL_BUFFER];
            inBuffer = ByteBuffer.wrap(in);
            inStart = 0;
            inEnd = 0;
        }
        idleSince = System.nanoTime();
        deadline = idleSince + server.idleTimeoutNanos();
        phase = IDLE;
        release();
        return true;
    }

    /** Lets the loop take the next input, read interest back on if it was off. */
    private void release() {
        owner = FREE;
        if (!armed) {
            armed = true;
            loop.update(this);
        }
    }

    /** How long a connection waits for its next request before it gives its buffers back. */
    static final long TRIM_AFTER_NANOS = 1_000_000_000L;

    /**
     * Called by the watchdog: a connection idle for a while drops its buffers (they come back
     * with its next request), so that thousands of held keep-alive connections cost little.
     */
    void trimIfIdle(long now) {
        if (phase != IDLE || owner != FREE || (in == null && out == null) || now - idleSince < TRIM_AFTER_NANOS) {
            return;
        }
        // claimed, so the loop does not read into a buffer going away
        if (!OWNER.compareAndSet(this, FREE, TRIMMING)) {
            return;
        }
        if (inStart == inEnd) {
            in = null;
            inBuffer = null;
            inStart = 0;
            inEnd = 0;
        }
        out = null;
        outBuffer = null;
        if (tls != null) {
            tls.trim();
        }
        release();
    }

    /**
     * RFC 9112 §9.6: closing a socket that still has unread input makes the kernel reset the
     * connection, which can destroy the response before the client reads it (a 413 sent while
     * the client still uploads, say). So: send FIN, then read and discard what the client still
     * sends, for a short while, and only then close.
     */
    void lingeringClose() {
        try {
            if (tls != null) {
                tls.closeOutbound();
            }
            channel.shutdownOutput();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "lingering close ended: " + e);
            return;
        }
        discardInput();
    }

    /** After our FIN: reads and drops what the client still sends, for a short while. */
    private void discardInput() {
        timedOut = false; // a read that timed out has been answered: the linger has its own deadline
        lingering = true; // a stopping server may cut this short
        deadline = System.nanoTime() + Math.min(server.readTimeoutNanos(), LINGER_NANOS);
        try {
            ByteBuffer sink = inBuffer != null ? inBuffer : ByteBuffer.allocate(INITIAL_BUFFER);
            long discarded = 0;
            while (discarded < LINGER_BYTES) {
                sink.clear();
                int n = read(sink, true);
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
     * Reads until the parser has a whole head. Returns its length; -1 when the connection ends
     * quietly between requests (the client closed, or stayed idle too long); or
     * {@link #IDLE_AGAIN} when no request has begun and none is waiting in the socket.
     */
    private int readHead() throws IOException {
        long headDeadline = 0;
        while (true) {
            if (h2Candidate && h2Decided()) {
                return HTTP_2;
            }
            // a part of the preface is not parsed as HTTP/1.1: "PRI * HTTP/2.0" is a whole head
            int length = h2Candidate && tls == null && inEnd > inStart ? -1 : parser.parse(in, inStart, inEnd);
            if (length >= 0) {
                h2Candidate = false;
                deadline = 0;
                return length;
            }
            if (inEnd == in.length) {
                makeRoomForHead();
            }
            // over TLS, the handshake is part of the head: under its deadline, not the idle one
            boolean idle = !parser.started() && (tls == null || tls.established());
            if (outLen > outStart) {
                flush();
            }
            if (idle) {
                if (!dispatched && (tls == null || !tls.hasBufferedInput())) {
                    // After a response the next request is rarely there yet, and what the loop
                    // saw arrive it has read: rather than a read that finds nothing, leave it
                    // to the loop to say when more comes.
                    return IDLE_AGAIN;
                }
                dispatched = false;
                phase = READING;
                inBuffer.limit(in.length).position(inEnd);
                int n = tls == null ? channel.read(inBuffer) : tls.read(channel, inBuffer);
                server.counters.read(n);
                if (n == 0) {
                    return IDLE_AGAIN;
                }
                if (n < 0) {
                    return -1;
                }
                inEnd += n;
                headDeadline = System.nanoTime() + server.headerTimeoutNanos();
                continue;
            }
            phase = READING;
            if (headDeadline == 0) {
                // the handshake's deadline runs from the connect (see register)
                headDeadline = tls != null && !tls.established() ? idleSince + server.headerTimeoutNanos()
                        : System.nanoTime() + server.headerTimeoutNanos();
            }
            deadline = headDeadline;
            boolean handshaking = tls != null && !tls.established();
            int n = handshaking ? readHandshake(inEnd, in.length - inEnd) : readInto(inEnd, in.length - inEnd);
            if (handshaking && n == 0) {
                // the handshake completed with no request yet: the connection is idle now, as a
                // new plain one is (a browser's preconnect), so the idle timeout applies and it
                // ends silently, not with a 408 for a request that never began
                continue;
            }
            if (n < 0) {
                deadline = 0;
                // A client that stops sending mid-head still gets an answer (as Cheroot's
                // "Illegal end of headers"); a slow one gets 408.
                throw timedOut ? new RequestException(408, "Request Timeout")
                        : new RequestException(400, "Incomplete request head");
            }
            inEnd += n;
        }
    }

    /**
     * Whether the connection is to speak HTTP/2: over TLS when ALPN chose h2 (RFC 9113 §3.2),
     * in plain text when the client opens with the connection preface (prior knowledge, §3.3).
     * Clears {@link #h2Candidate} once the answer is known either way.
     */
    private boolean h2Decided() {
        if (tls != null) {
            if (!tls.established()) {
                return false;
            }
            h2Candidate = false;
            return ALPN_H2.equals(tls.applicationProtocol());
        }
        if (inEnd == inStart) {
            return false;
        }
        if (!Frames.prefaceSoFar(in, inStart, inEnd)) {
            h2Candidate = false;
            return false;
        }
        if (inEnd - inStart < Frames.CONNECTION_PREFACE.length) {
            return false;
        }
        h2Candidate = false;
        return true;
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

    /**
     * Takes the TLS handshake forward into {@code in[at, at + len)}, waiting for input while it
     * lasts. Returns the request bytes that came (0 when the handshake completed without any),
     * -1 at end of stream or on timeout.
     */
    private int readHandshake(int at, int len) throws IOException {
        inBuffer.limit(at + len).position(at);
        while (true) {
            int n = tls.read(channel, inBuffer);
            server.counters.read(n);
            if (n != 0 || tls.established()) {
                return n;
            }
            if (!awaitReadable()) {
                return -1;
            }
        }
    }

    /** Reads into {@code in[at, at + len)}, waiting for input; -1 at end of stream or on timeout. */
    private int readInto(int at, int len) throws IOException {
        inBuffer.limit(at + len).position(at);
        return read(inBuffer);
    }

    /**
     * Reads what the socket has, waiting for the loop to report input when it has none. Returns
     * -1 at the end of the stream, or when the deadline passed ({@link #timedOut} then says so).
     */
    private int read(ByteBuffer buffer) throws IOException {
        return read(buffer, false);
    }

    /** As {@link #read(ByteBuffer)}; {@code raw} reads the socket's bytes as they are, TLS or not. */
    private int read(ByteBuffer buffer, boolean raw) throws IOException {
        while (true) {
            int n = tls == null || raw ? channel.read(buffer) : tls.read(channel, buffer);
            server.counters.read(n);
            if (n != 0 || !buffer.hasRemaining()) {
                return n;
            }
            if (!awaitReadable()) {
                return -1;
            }
        }
    }

    /** Parks until input arrives; false when the deadline passed first. */
    private boolean awaitReadable() throws IOException {
        readWaiter = Thread.currentThread();
        readWaiting = true;
        if (!armed) {
            armed = true;
            loop.update(this);
        }
        park(READABLE);
        return !timedOut;
    }

    /** Parks until the socket has room for more output. */
    private void awaitWritable() throws IOException {
        writeWaiter = Thread.currentThread();
        writeWaiting = true;
        wantWrite = true;
        loop.update(this);
        park(WRITABLE);
        if (writeTimedOut) {
            // the watchdog closes a write that makes no progress; the next write says so
            channel.close();
        }
    }

    private void park(int what) throws IOException {
        java.lang.invoke.VarHandle slot = what == READABLE ? READ_WAITING : WRITE_WAITING;
        while ((boolean) slot.getVolatile(this)) {
            if ((what == READABLE ? timedOut : writeTimedOut) || !channel.isOpen()) {
                slot.compareAndSet(this, true, false);
                break;
            }
            LockSupport.park(this);
            if (Thread.interrupted()) {
                // as a blocking channel does when its thread is interrupted
                slot.compareAndSet(this, true, false);
                close();
                throw new ClosedByInterruptException();
            }
        }
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
            n = read(b);
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

    // ---- after an upgrade (WebSocket) ------------------------------------------------------

    /** The WebSocket this connection now serves, or null. */
    private volatile WebSocketSession upgradedTo;

    void upgraded(WebSocketSession session) {
        upgradedTo = session;
    }

    /**
     * Reads for the protocol the connection was upgraded to: first what is left in the read
     * buffer after the handshake request, then what arrives, waiting until {@code deadlineNanos}
     * ({@code expectQuiet}: nothing is expected yet, so wait before reading).
     * Returns the count, or -1 at the end of the stream or when the deadline passed
     * ({@link #readTimedOut()} tells which).
     */
    int readUpgraded(ByteBuffer dst, long deadlineNanos, boolean expectQuiet) throws IOException {
        if (inStart < inEnd) {
            int n = Math.min(dst.remaining(), inEnd - inStart);
            dst.put(in, inStart, n);
            inStart += n;
            return n;
        }
        timedOut = false;
        phase = READING;
        deadline = deadlineNanos;
        try {
            if (expectQuiet && tls == null && !awaitReadable()) {
                // after an answer the client's next message is rarely there yet: rather than a
                // read that finds nothing, wait for the loop to say it came
                return -1;
            }
            return read(dst);
        } finally {
            deadline = 0;
            phase = BUSY;
        }
    }

    boolean readTimedOut() {
        return timedOut;
    }

    /**
     * Waits, without reading, until input arrives or {@code deadlineNanos} passes; true when input
     * is there (or the connection ended: the next read says so), false when the deadline passed.
     */
    boolean awaitUpgradedInput(long deadlineNanos) throws IOException {
        if (inStart < inEnd || (tls != null && tls.hasBufferedInput())) {
            return true;
        }
        timedOut = false;
        phase = READING;
        deadline = deadlineNanos;
        try {
            return awaitReadable();
        } finally {
            deadline = 0;
            phase = BUSY;
        }
    }

    /** Brings a read's deadline forward to {@code deadlineNanos}, when it is later (or unset). */
    void limitReadDeadline(long deadlineNanos) {
        long current = deadline;
        if (current == 0 || deadlineNanos - current < 0) {
            DEADLINE.compareAndSet(this, current, deadlineNanos);
        }
    }

    /** As the server stops: a WebSocket is closed with 1001, an HTTP/2 connection sent GOAWAY, on a thread of its own. */
    void goingAway() {
        Http2Connection c = h2;
        if (c != null) {
            Thread.ofVirtual().name("morello-h2-goaway").start(c::goingAway);
        }
        WebSocketSession s = upgradedTo;
        if (s != null) {
            Thread.ofVirtual().name("morello-ws-close").start(s::goingAway);
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
     * Writes all of {@code buffer}, parking while the send buffer is full. The timeout bounds a
     * write that makes no progress, not a large body sent to a slow but steady reader: each
     * write that moves bytes earns a fresh deadline.
     */
    void writeFully(ByteBuffer buffer) throws IOException {
        beginWrite();
        int before = buffer.remaining();
        try {
            if (tls != null) {
                tls.write(buffer);
            } else {
                writeRaw(buffer);
            }
        } finally {
            server.counters.written(before - buffer.remaining());
            endWrite();
        }
    }

    /** Writes all of {@code buffer} to the socket as it is; within beginWrite and endWrite. */
    private void writeRaw(ByteBuffer buffer) throws IOException {
        while (buffer.hasRemaining()) {
            if (channel.write(buffer) == 0) {
                awaitWritable();
            } else if (buffer.hasRemaining()) {
                writeDeadline = System.nanoTime() + server.readTimeoutNanos();
            }
        }
    }

    /**
     * Where TLS sends its ciphertext: within a write, as part of it; from a read (the handshake's
     * replies), as a write of its own, after which the read's deadline is back in force.
     */
    private void writeNet(ByteBuffer ciphertext) throws IOException {
        if (writing) {
            writeRaw(ciphertext);
            return;
        }
        beginWrite();
        try {
            writeRaw(ciphertext);
        } finally {
            endWrite();
        }
    }

    void writeFully(ByteBuffer[] buffers) throws IOException {
        beginWrite();
        // counted over all the buffers: the last may be empty (a WebSocket frame without payload)
        long before = remaining(buffers);
        try {
            if (tls != null) {
                tls.write(buffers);
                return;
            }
            long left = before;
            while (left > 0) {
                long n = channel.write(buffers);
                if (n == 0) {
                    awaitWritable();
                } else {
                    left -= n;
                    if (left > 0) {
                        writeDeadline = System.nanoTime() + server.readTimeoutNanos();
                    }
                }
            }
        } finally {
            server.counters.written(before - remaining(buffers));
            endWrite();
        }
    }

    private static long remaining(ByteBuffer[] buffers) {
        long n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        return n;
    }

    /** Sends a file region, by the kernel where it can (sendfile for TCP). */
    void transferFile(java.nio.channels.FileChannel file, long position, long count) throws IOException {
        flush();
        if (tls != null) {
            copyFileThroughTls(file, position, count);
            return;
        }
        beginWrite();
        try {
            long end = position + count;
            while (position < end) {
                long n = file.transferTo(position, end - position, channel);
                if (n <= 0) {
                    if (position >= file.size()) {
                        throw new IOException("file shorter than the length announced");
                    }
                    awaitWritable();
                    continue;
                }
                position += n;
                server.counters.written(n);
                // Each transfer that made progress earns a fresh deadline.
                writeDeadline = System.nanoTime() + server.readTimeoutNanos();
            }
        } finally {
            endWrite();
        }
    }

    /**
     * Over TLS the kernel cannot send a file: its bytes must be encrypted here. They are read in
     * pieces of four TLS records' plaintext (64 KiB), each encrypted and sent before the next is
     * read.
     */
    private void copyFileThroughTls(java.nio.channels.FileChannel file, long position, long count) throws IOException {
        beginWrite();
        try {
            ByteBuffer piece = ByteBuffer.allocate((int) Math.min(count, TLS_FILE_PIECE));
            long end = position + count;
            while (position < end) {
                piece.clear().limit((int) Math.min(piece.capacity(), end - position));
                int n = file.read(piece, position);
                if (n < 0) {
                    throw new IOException("file shorter than the length announced");
                }
                piece.flip();
                tls.write(piece);
                server.counters.written(n);
                position += n;
                writeDeadline = System.nanoTime() + server.readTimeoutNanos();
            }
        } finally {
            endWrite();
        }
    }

    /** Four TLS records' plaintext: read at once, wrapped, and written together. */
    private static final int TLS_FILE_PIECE = 64 * 1024;

    /**
     * Answers a plain HTTP request sent to the TLS port in plain text, as nginx does, rather
     * than leaving the client waiting for a handshake that will not come.
     */
    private void answerPlainHttp() {
        server.refused(remoteAddress(), null, 400, "plain HTTP on the TLS port");
        beginWrite();
        try {
            writeRaw(ByteBuffer.wrap(PLAIN_HTTP_ON_TLS_PORT));
            server.counters.written(PLAIN_HTTP_ON_TLS_PORT.length);
            channel.shutdownOutput();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "answering plain HTTP on the TLS port failed: " + e);
            return;
        } finally {
            endWrite();
        }
        // the request's rest is read and dropped, so the answer is not lost to a reset
        discardInput();
    }

    private static final byte[] PLAIN_HTTP_ON_TLS_PORT = ("HTTP/1.1 400 Bad Request\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 45\r\nConnection: close\r\n\r\n"
            + "The plain HTTP request was sent to HTTPS port").getBytes(java.nio.charset.StandardCharsets.US_ASCII);

    /** A write has a deadline of its own, apart from any read's: it may wait for room in the send buffer. */
    private void beginWrite() {
        writing = true;
        writeDeadline = System.nanoTime() + server.readTimeoutNanos();
    }

    private void endWrite() {
        writeDeadline = 0;
        writing = false;
    }

    // ---- lifecycle ------------------------------------------------------------------------

    /** Called by the watchdog: the current read (or the wait for a request) has taken too long. */
    void expire() {
        if (phase == IDLE || lingering) {
            // idle too long: closed, unless a request has just arrived (then it is answered)
            closeIfNothingArrived();
            return;
        }
        timedOut = true;
        // a parked read returns end-of-stream, and the thread can still answer 408
        wake(READABLE);
    }

    /** Called by the watchdog: a write has made no progress in time; the connection is closed. */
    void expireWrite() {
        writeTimedOut = true;
        close();
    }

    /**
     * Closes a connection waiting for its next request, unless that request has already arrived
     * (then a thread is about to read and answer it). Returns whether it closed it. A request
     * arriving after this check meets a closed connection, which a client must expect of an idle
     * one (RFC 9112 §9.3.1); unlike {@code shutdownInput}, nothing already received is dropped.
     * A connection in its lingering close is closed at once: its response is out.
     */
    boolean closeIfNothingArrived() {
        if (lingering) {
            closedWhileIdle = true;
            close();
            return true;
        }
        if (phase != IDLE || owner != FREE || (tls != null && tls.hasBufferedInput())) {
            return false;
        }
        try {
            if (channel.socket().getInputStream().available() > 0) {
                return false;
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing an idle connection failed", e);
            return false;
        }
        // Claimed, so the loop hands it to no thread; its parked thread wakes and ends.
        if (!OWNER.compareAndSet(this, FREE, CLOSED)) {
            return false;
        }
        closedWhileIdle = true;
        close();
        server.connectionClosed(this);
        return true;
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

    /** At the end of a stop: closes it whatever it was doing. */
    void forceClose() {
        boolean idle = OWNER.compareAndSet(this, FREE, CLOSED);
        close();
        if (idle) {
            server.connectionClosed(this);
        }
    }

    /** Closes the socket, waking a thread parked on it and letting the loop drop its key. */
    void close() {
        try {
            channel.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a connection failed", e);
        }
        wakeAny();
        Thread t = thread;
        if (t != null && t != Thread.currentThread()) {
            LockSupport.unpark(t); // parked between requests: it sees the close and ends
        }
        if (loop != null) {
            loop.wakeup();
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
