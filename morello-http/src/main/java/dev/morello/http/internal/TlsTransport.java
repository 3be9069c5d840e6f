package dev.morello.http.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSession;

/**
 * TLS on one connection: an {@link SSLEngine} between the socket and the {@link Connection}'s
 * plaintext buffers. Everything here runs on the connection's own thread (the handshake
 * included, under the connection's deadlines), except {@link #prefetch}, which the readiness loop
 * calls while it holds the connection, to take ciphertext off a ready socket.
 *
 * <p>Three buffers, made when first needed and dropped while the connection idles with nothing
 * in them ({@link #trim}): {@code netIn} holds ciphertext received and not yet decrypted (fill
 * mode: data in {@code [0, position)}); {@code appIn} holds plaintext decrypted and not yet taken
 * (read mode: data in {@code [position, limit)}); {@code netOut} holds ciphertext on its way out.
 *
 * <p>Reads never block here: when a record is incomplete and the socket has nothing more,
 * {@link #read} returns 0 and the connection parks until the loop reports input. Writes go out
 * through {@link Sink}, the connection's blocking write with its deadline.
 */
final class TlsTransport {
    /** Where ciphertext goes: the connection's raw write, which waits for room in the send buffer. */
    interface Sink {
        void writeNet(ByteBuffer ciphertext) throws IOException;
    }

    /** A client spoke plain HTTP to the TLS port: it is answered in plain text, then closed. */
    static final class PlainHttpException extends IOException {
        private static final long serialVersionUID = 1L;

        PlainHttpException() {
            super("a plain HTTP request on the TLS port");
        }
    }

    private static final int TLS_HANDSHAKE_RECORD = 0x16;
    /** No TLS record is longer (2^14 plaintext plus expansion, twice over for large fragments). */
    private static final int MAX_NET_IN = 64 * 1024;

    private final SSLEngine engine;
    private final Sink sink;
    private final java.util.concurrent.locks.ReentrantLock wrapLock = new java.util.concurrent.locks.ReentrantLock();
    private ByteBuffer netIn;
    private ByteBuffer appIn;
    private ByteBuffer netOut;
    private boolean established;
    private boolean firstByteSeen;
    private boolean inboundClosed;

    TlsTransport(SSLEngine engine, Sink sink) {
        this.engine = engine;
        this.sink = sink;
    }

    /** Whether the first handshake has completed (the request's bytes can follow). */
    boolean established() {
        if (!established && firstByteSeen && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && !"SSL_NULL_WITH_NULL_NULL".equals(engine.getSession().getCipherSuite())) {
            established = true;
        }
        return established;
    }

    /** The protocol ALPN chose in the handshake; empty or null when none was. */
    String applicationProtocol() {
        return engine.getApplicationProtocol();
    }

    SSLSession session() {
        return engine.getSession();
    }

    /** Whether input is waiting here, decrypted or not, that the socket will not report again. */
    boolean hasBufferedInput() {
        return (appIn != null && appIn.hasRemaining()) || (netIn != null && netIn.position() > 0);
    }

    /**
     * On the loop's thread, while it holds the connection: reads what the socket has into the
     * ciphertext buffer. Returns the count, 0 when nothing came (or there is no room), -1 at
     * the end of the stream.
     */
    int prefetch(SocketChannel channel) throws IOException {
        ensureNetIn();
        if (!netIn.hasRemaining()) {
            return 0;
        }
        return channel.read(netIn);
    }

    /**
     * Decrypts into {@code dst}, taking the handshake forward on the way (its replies are
     * written here). Returns the plaintext bytes moved, 0 when a record is incomplete and the
     * socket has nothing more, or -1 when the client closed (close_notify or end of stream).
     *
     * @throws PlainHttpException when the first bytes are a plain HTTP request
     * @throws SSLException       when the handshake fails or a record is bad
     */
    int read(SocketChannel channel, ByteBuffer dst) throws IOException {
        while (true) {
            if (appIn != null && appIn.hasRemaining()) {
                int n = Math.min(appIn.remaining(), dst.remaining());
                int limit = appIn.limit();
                appIn.limit(appIn.position() + n);
                dst.put(appIn);
                appIn.limit(limit);
                return n;
            }
            if (inboundClosed) {
                return -1;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_WRAP) {
                wrapHandshake();
                continue;
            }
            ensureNetIn();
            if (netIn.position() == 0 || !unwrap()) {
                // nothing decrypted from what is here: more ciphertext is needed
                if (!netIn.hasRemaining()) {
                    growNetIn();
                }
                int n = channel.read(netIn);
                if (n < 0) {
                    inboundClosed = true;
                    return -1;
                }
                if (n == 0) {
                    return 0;
                }
            }
        }
    }

    /**
     * Decrypts one record from {@code netIn} into {@code appIn}. Returns false when the record is
     * incomplete (more ciphertext is needed), true when the engine made progress.
     */
    private boolean unwrap() throws IOException {
        if (!firstByteSeen) {
            firstByteSeen = true;
            int first = netIn.get(0) & 0xff;
            if (first != TLS_HANDSHAKE_RECORD) {
                // RFC 9110 §9.1's method token starts with a letter in every request a client
                // would send; anything else is just not TLS
                if (first >= 'A' && first <= 'Z') {
                    throw new PlainHttpException();
                }
                throw new SSLException("not a TLS handshake record (first byte 0x" + Integer.toHexString(first) + ")");
            }
        }
        ensureAppIn();
        appIn.compact(); // to fill mode; it was empty
        netIn.flip();
        SSLEngineResult result;
        try {
            result = engine.unwrap(netIn, appIn);
        } catch (SSLException e) {
            sendAlert();
            throw e;
        } finally {
            netIn.compact();
            appIn.flip();
        }
        switch (result.getStatus()) {
            case BUFFER_UNDERFLOW -> {
                return false;
            }
            case BUFFER_OVERFLOW -> {
                appIn = ByteBuffer.allocate(Math.max(appIn.capacity() * 2, engine.getSession().getApplicationBufferSize()));
                appIn.limit(0);
                return true;
            }
            case CLOSED -> {
                // close_notify: the client sends no more; our own is sent when the connection ends
                inboundClosed = true;
                return true;
            }
            default -> {
                HandshakeStatus hs = result.getHandshakeStatus();
                if (hs == HandshakeStatus.FINISHED) {
                    if (established) {
                        return true;
                    }
                    established = true;
                } else if (established && hs != HandshakeStatus.NOT_HANDSHAKING
                        && "TLSv1.2".equals(engine.getSession().getProtocol())) {
                    // a client-initiated renegotiation: a cheap way to make the server work
                    // (testssl.sh's "potential DoS"); TLS 1.3 has none, its key updates pass
                    throw new SSLException("TLS renegotiation is not supported");
                }
                return true;
            }
        }
    }

    /** Encrypts and sends all of {@code srcs}. */
    void write(ByteBuffer... srcs) throws IOException {
        wrapLock.lock();
        try {
            if (remaining(srcs) > RECORD_PLAINTEXT) {
                writeBatched(srcs);
                return;
            }
            while (hasRemaining(srcs)) {
                if (!wrapLocked(srcs)) {
                    throw new SSLException("cannot send: the TLS handshake has not completed");
                }
            }
        } finally {
            wrapLock.unlock();
        }
    }

    /** The most plaintext one TLS record carries (RFC 8446 §5.1). */
    private static final int RECORD_PLAINTEXT = 1 << 14;
    /** Records wrapped before they are written together: a large body leaves in fewer writes. */
    private static final int RECORDS_PER_WRITE = 4;

    /**
     * A large write (a file, a big body): several records are wrapped one after the other into
     * the outgoing buffer and written together, a quarter of the system calls of one write per
     * record. Under the wrap lock.
     */
    private void writeBatched(ByteBuffer[] srcs) throws IOException {
        int packet = engine.getSession().getPacketBufferSize();
        if (netOut == null || netOut.capacity() < RECORDS_PER_WRITE * packet) {
            netOut = ByteBuffer.allocate(RECORDS_PER_WRITE * packet);
        }
        netOut.clear();
        while (hasRemaining(srcs)) {
            if (netOut.remaining() < packet) {
                flushNetOut();
            }
            SSLEngineResult result = engine.wrap(srcs, netOut);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                flushNetOut();
                continue;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED) {
                throw new SSLException("the TLS connection is closed");
            }
            if (result.bytesConsumed() == 0 && result.bytesProduced() == 0) {
                // the engine has handshake work first (a key update, say): the one-record path does it
                flushNetOut();
                if (!wrapLocked(srcs)) {
                    throw new SSLException("cannot send: the TLS handshake has not completed");
                }
                netOut.clear();
            }
        }
        flushNetOut();
    }

    private void flushNetOut() throws IOException {
        netOut.flip();
        if (netOut.hasRemaining()) {
            sink.writeNet(netOut);
        }
        netOut.clear();
    }

    private static long remaining(ByteBuffer[] buffers) {
        long n = 0;
        for (ByteBuffer b : buffers) {
            n += b.remaining();
        }
        return n;
    }

    /** Sends close_notify, as a well-behaved TLS peer does before it closes; failures are the client's business. */
    void closeOutbound() {
        try {
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                if (!wrap(new ByteBuffer[] {EMPTY})) {
                    break;
                }
            }
        } catch (IOException e) {
            // the connection ends either way
        }
    }

    /**
     * Sends the alert the engine has queued after a failed unwrap (a handshake that failed, say),
     * so the client learns why; best effort.
     */
    private void sendAlert() {
        try {
            if (engine.getHandshakeStatus() == HandshakeStatus.NEED_WRAP) {
                wrap(new ByteBuffer[] {EMPTY});
            }
        } catch (IOException e) {
            // the connection ends either way
        }
    }

    private void wrapHandshake() throws IOException {
        if (!wrap(new ByteBuffer[] {EMPTY})) {
            throw new SSLException("the TLS engine produced nothing to send");
        }
        if (!established && engine.getHandshakeStatus() == HandshakeStatus.NOT_HANDSHAKING
                && engine.getSession().isValid()) {
            // in TLS 1.2 with a resumed session, or 1.3, the server's own flight ends the handshake
            established = true;
        }
    }

    /**
     * One wrap and its ciphertext sent; false when the engine produced nothing. Writers may be
     * several (a long-lived connection others write to) and the reader wraps handshake messages:
     * one at a time, so that records leave in the order they were made.
     */
    private boolean wrap(ByteBuffer[] srcs) throws IOException {
        wrapLock.lock();
        try {
            return wrapLocked(srcs);
        } finally {
            wrapLock.unlock();
        }
    }

    private boolean wrapLocked(ByteBuffer[] srcs) throws IOException {
        if (netOut == null) {
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }
        while (true) {
            netOut.clear();
            SSLEngineResult result = engine.wrap(srcs, netOut);
            switch (result.getStatus()) {
                case BUFFER_OVERFLOW -> {
                    netOut = ByteBuffer.allocate(Math.max(netOut.capacity() * 2, engine.getSession().getPacketBufferSize()));
                    continue;
                }
                case CLOSED -> {
                    if (result.bytesProduced() == 0) {
                        if (hasRemaining(srcs) && srcs[0] != EMPTY) {
                            throw new SSLException("the TLS connection is closed");
                        }
                        return false;
                    }
                }
                default -> {
                    // OK: sent below
                }
            }
            if (result.getHandshakeStatus() == HandshakeStatus.FINISHED) {
                established = true;
            }
            netOut.flip();
            if (netOut.hasRemaining()) {
                sink.writeNet(netOut);
            }
            if (result.bytesProduced() > 0 || result.bytesConsumed() > 0) {
                return true;
            }
            HandshakeStatus hs = engine.getHandshakeStatus();
            if (hs == HandshakeStatus.NEED_TASK) {
                runTasks();
                continue;
            }
            if (hs == HandshakeStatus.NEED_UNWRAP) {
                if (!established) {
                    return false;
                }
                // the engine wants the client's handshake messages before it sends more data:
                // only a renegotiation does that, which is not served
                throw new SSLException("TLS renegotiation is not supported");
            }
            return false;
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    /** While the connection idles with nothing buffered, its TLS buffers go (they come back with its next request). */
    void trim() {
        if (!hasBufferedInput()) {
            netIn = null;
            appIn = null;
        }
        if (wrapLock.tryLock()) {
            try {
                netOut = null;
            } finally {
                wrapLock.unlock();
            }
        }
    }

    private void ensureNetIn() {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }
    }

    private void growNetIn() throws SSLException {
        if (netIn.capacity() >= MAX_NET_IN) {
            throw new SSLException("a TLS record larger than " + MAX_NET_IN + " bytes");
        }
        ByteBuffer bigger = ByteBuffer.allocate(Math.max(netIn.capacity() * 2, engine.getSession().getPacketBufferSize()));
        netIn.flip();
        bigger.put(netIn);
        netIn = bigger;
    }

    private void ensureAppIn() {
        if (appIn == null) {
            appIn = ByteBuffer.allocate(engine.getSession().getApplicationBufferSize());
            appIn.limit(0);
        }
    }

    private static boolean hasRemaining(ByteBuffer[] buffers) {
        for (ByteBuffer b : buffers) {
            if (b.hasRemaining()) {
                return true;
            }
        }
        return false;
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);
}
