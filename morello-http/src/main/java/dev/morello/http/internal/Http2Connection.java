package dev.morello.http.internal;

import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.FrameListener;
import dev.morello.http.internal.h2.FrameReader;
import dev.morello.http.internal.h2.FrameType;
import dev.morello.http.internal.h2.FrameWriter;
import dev.morello.http.internal.h2.Frames;
import dev.morello.http.internal.h2.H2Exception;
import dev.morello.http.internal.h2.HeaderField;
import dev.morello.http.internal.h2.HeaderListTooLargeException;
import dev.morello.http.internal.h2.HpackDecoder;
import dev.morello.http.internal.h2.HpackEncoder;
import dev.morello.http.internal.h2.Setting;
import dev.morello.http.internal.h2.SettingId;
import dev.morello.http.internal.h2.Settings;
import dev.morello.http.internal.h2.WireBuffer;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One HTTP/2 connection (RFC 9113), served on the connection's own virtual thread once ALPN chose
 * {@code h2} or the client opened with the connection preface.
 *
 * <p>That thread is the one reader: it turns frames into calls on this {@link FrameListener},
 * keeps the state of the streams and the receive windows, and starts each request's handler on a
 * virtual thread of its own ({@link Http2Stream}). Writers are many (the reader for control
 * frames, each stream for its response) append their frames to one buffer under
 * {@link #writeLock}, each frame whole and in the order the HPACK encoder saw it; the writer that
 * finds nobody sending sends the buffer, and goes on sending what the others appended meanwhile
 * until it is empty (a group commit: under load, the frames of many streams go out in one
 * write). A writer waits only while the buffer is over {@link #MAX_PENDING}, and a stream
 * sending a large body lets the others in between its frames. Send flow
 * control (§5.2) lives under {@link #flowLock}: a stream whose window, or the connection's, is
 * empty waits on {@link #windowOpened} for the peer's WINDOW_UPDATE, at most the server's read
 * timeout, after which the stream is reset.
 *
 * <p>What a hostile peer could make expensive is bounded, each bound a connection error that
 * ends with GOAWAY: a header block's accumulated octets and frame count (CONTINUATION floods),
 * resets, SETTINGS and PINGs per second (rapid reset, control-frame floods: ENHANCE_YOUR_CALM),
 * and the data a stream may send beyond its window (FLOW_CONTROL_ERROR). More streams than we
 * advertised are refused one by one (REFUSED_STREAM); a header list over
 * {@code maxHeaderSize} is answered 431 without calling the handler.
 */
final class Http2Connection implements FrameListener {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");

    /** Our SETTINGS_MAX_CONCURRENT_STREAMS. */
    static final int MAX_CONCURRENT_STREAMS = 100;
    /**
     * Handlers that may still run on one connection. A stream whose response has ended no longer
     * counts against MAX_CONCURRENT_STREAMS, though its handler may not have returned yet; this
     * bounds those threads all the same.
     */
    static final int MAX_RUNNING_HANDLERS = 2 * MAX_CONCURRENT_STREAMS;
    /**
     * How long a new stream waits for one of those handlers to return before it is refused: under
     * load they return within moments of their response, and the reader waiting (reading nothing
     * more meanwhile) slows the client down rather than refusing a stream within its limit.
     */
    static final long HANDLER_SLOT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(2);
    /** Our SETTINGS_INITIAL_WINDOW_SIZE: what a stream may send before its handler reads. */
    static final int STREAM_WINDOW = 1 << 20;
    /**
     * The connection's receive window. It is given back as handlers read (or as unread bodies are
     * dropped), so it bounds what one connection may make us buffer.
     */
    static final int CONNECTION_WINDOW = 4 << 20;
    /** RST_STREAM frames a peer may send per second before it is told to calm down (CVE-2023-44487). */
    static final int RESETS_PER_SECOND = 200;
    /** SETTINGS or PING frames a peer may send per second, each kind counted apart. */
    static final int CONTROL_FRAMES_PER_SECOND = 100;
    /** CONTINUATION frames one header block may have (CVE-2024-27316 and kin). */
    static final int MAX_CONTINUATIONS = 64;
    /** How often a draining connection's reader checks whether its streams are done. */
    private static final long DRAIN_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
    /** Ids of streams we reset lately, whose frames still in flight are ignored (§5.1, "closed"). */
    private static final int RECENT_RESETS = 256;

    private final Connection conn;
    private final ServerCore server;
    private final FrameReader reader = FrameReader.create(Frames.DEFAULT_MAX_FRAME_SIZE);
    private final HpackDecoder decoder;
    private final HpackEncoder encoder = HpackEncoder.create();
    private final int maxBlock;

    // ---- the reader's own state ----------------------------------------------------------------
    private int lastStreamId;
    private final WireBuffer block = new WireBuffer(512);
    private int blockStream;
    private boolean blockEndStream;
    private int blockFrames;
    private boolean firstFrameSeen;
    private final Rate resets = new Rate(RESETS_PER_SECOND);
    private final Rate settingsFrames = new Rate(CONTROL_FRAMES_PER_SECOND);
    private final Rate pings = new Rate(CONTROL_FRAMES_PER_SECOND);
    private final Set<Integer> recentlyReset = new HashSet<>();
    private final ArrayDeque<Integer> resetOrder = new ArrayDeque<>();
    /** Guards the two above: streams reset themselves from their own threads. */
    private final ReentrantLock resetLock = new ReentrantLock();

    final Map<Integer, Http2Stream> streams = new ConcurrentHashMap<>();
    /** Streams whose handler has not finished (a stop waits for them). */
    private final AtomicInteger active = new AtomicInteger();
    /**
     * Streams open or half-closed (RFC 9113 §5.1.2), what MAX_CONCURRENT_STREAMS counts: one
     * leaves the count just before its END_STREAM goes out once the request has ended, or
     * when either side resets it, so that a client that opens a new stream as soon as one
     * ends is never refused.
     */
    private final AtomicInteger open = new AtomicInteger();
    /** Signalled when a handler returns; the reader waits on it for a slot (see MAX_RUNNING_HANDLERS). */
    private final ReentrantLock handlersLock = new ReentrantLock();
    private final Condition handlerReturned = handlersLock.newCondition();

    // ---- writing, under writeLock ----------------------------------------------------------------
    /** What the buffer may hold, while one writer sends, before the others wait for room. */
    static final int MAX_PENDING = 256 * 1024;
    /** A buffer grown past this is dropped once sent, so that a quiet connection holds little. */
    private static final int KEEP_BUFFER = 64 * 1024;
    private final ReentrantLock writeLock = new ReentrantLock();
    /** Signalled when a batch has gone out (or the sending failed): room, and progress, for waiters. */
    private final Condition sent = writeLock.newCondition();
    /** The frames appended and not yet taken by the sender. */
    private WireBuffer pending = new WireBuffer(4096);
    /** The batch being sent, then empty, for the next swap. */
    private WireBuffer sending = new WireBuffer(4096);
    /** Whether a writer is sending (it sends until {@link #pending} is empty). */
    private boolean flushing;
    /** Octets ever appended, and ever sent: a writer that must see its frames out waits for the second. */
    private long appended;
    private long flushed;
    /** Sending failed: no more is sent on this connection. */
    private boolean broken;
    private final WireBuffer headerBlock = new WireBuffer(256);

    // ---- flow control, under flowLock -----------------------------------------------------------
    final ReentrantLock flowLock = new ReentrantLock();
    final Condition windowOpened = flowLock.newCondition();
    private long sendWindow = Frames.DEFAULT_WINDOW;
    private long receiveWindow = CONNECTION_WINDOW;
    /** Octets consumed since the connection's window was last given back. */
    private long consumed;
    private volatile Settings peer = Settings.INITIAL;

    private volatile boolean closed;
    private volatile boolean draining;
    private volatile boolean goAwaySent;

    Http2Connection(Connection conn, ServerCore server) {
        this.conn = conn;
        this.server = server;
        long maxList = server.config().maxHeaderSize();
        this.decoder = HpackDecoder.create(HpackEncoder.DEFAULT_TABLE_SIZE, maxList);
        // A block's octets are bounded as well as its decoded list: HPACK cannot shrink a list
        // by much more than its 32-octet entry overhead, so twice the list limit is generous.
        this.maxBlock = (int) Math.min(Integer.MAX_VALUE / 2, maxList * 2 + Frames.DEFAULT_MAX_FRAME_SIZE);
    }

    ServerCore server() {
        return server;
    }

    Connection connection() {
        return conn;
    }

    // ---- the reading loop -----------------------------------------------------------------------

    /** Serves the connection until it ends; the caller closes the socket after. */
    void serve() throws IOException {
        byte[] buf = new byte[Frames.DEFAULT_MAX_FRAME_SIZE + Frames.HEADER_LENGTH];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        int start = 0;
        int end = 0;
        try {
            sendOurSettings();
            long prefaceDeadline = System.nanoTime() + server.headerTimeoutNanos();
            // §3.4: the client's preface, then a SETTINGS frame as its first frame
            while (end < Frames.CONNECTION_PREFACE.length) {
                bb.limit(buf.length).position(end);
                int r = conn.readUpgraded(bb, prefaceDeadline, false);
                if (r < 0) {
                    return;
                }
                end += r;
                if (!Frames.prefaceSoFar(buf, 0, end)) {
                    throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "no connection preface");
                }
            }
            start = Frames.CONNECTION_PREFACE.length;
            while (!closed) {
                int n;
                while (end - start >= Frames.HEADER_LENGTH) {
                    if (!firstFrameSeen) {
                        if ((buf[start + 3] & 0xff) != FrameType.SETTINGS.code()) {
                            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "first frame not SETTINGS");
                        }
                        firstFrameSeen = true;
                    }
                    n = reader.read(buf, start, end, this);
                    if (n == 0) {
                        break;
                    }
                    start += n;
                }
                if (draining && active.get() == 0) {
                    finish(ErrorCode.NO_ERROR, "");
                    return;
                }
                if (start == end) {
                    start = 0;
                    end = 0;
                } else if (start > 0) {
                    System.arraycopy(buf, start, buf, 0, end - start);
                    end -= start;
                    start = 0;
                }
                bb.limit(buf.length).position(end);
                // draining, the reader looks often whether the last stream is done: a wake-up
                // (wakeReader) that comes between that check and this read is not lost for long
                long wait = draining ? DRAIN_POLL_NANOS
                        : firstFrameSeen ? server.idleTimeoutNanos() : server.headerTimeoutNanos();
                long deadline = System.nanoTime() + wait;
                int r = conn.readUpgraded(bb, deadline, end == 0);
                if (r < 0) {
                    if (conn.readTimedOut() && firstFrameSeen && active.get() > 0) {
                        continue; // the handlers are busy; the client has nothing to say meanwhile
                    }
                    if (conn.readTimedOut()) {
                        finish(ErrorCode.NO_ERROR, "idle");
                    }
                    return;
                }
                end += r;
            }
        } catch (H2Exception e) {
            LOG.log(Level.DEBUG, () -> "HTTP/2 connection error " + e.code() + ": " + e.getMessage());
            finish(e.code(), e.getMessage());
        } finally {
            closed = true;
            for (Http2Stream s : streams.values()) {
                s.connectionClosed();
            }
            signalWindows();
        }
    }

    /** Sends GOAWAY with {@code code}, then closes with the lingering close (the peer may still be sending). */
    private void finish(ErrorCode code, String debug) {
        try {
            sendGoAway(code, debug);
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "GOAWAY not sent: " + e);
            return;
        }
        closed = true;
        conn.lingeringClose();
    }

    private void sendGoAway(ErrorCode code, String debug) throws IOException {
        if (goAwaySent && code == ErrorCode.NO_ERROR) {
            return;
        }
        goAwaySent = true;
        int last = lastStreamId;
        byte[] text = debug.getBytes(StandardCharsets.US_ASCII);
        // the connection may close right after: the GOAWAY, and all before it, must be out
        enqueue(o -> FrameWriter.goAway(o, last, code, text), true, true);
    }

    /** The server stops: no new streams; those in flight finish, then the connection closes. */
    void goingAway() {
        draining = true;
        try {
            sendGoAway(ErrorCode.NO_ERROR, "");
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "GOAWAY not sent: " + e);
        }
        if (active.get() == 0) {
            wakeReader();
        }
    }

    /**
     * Ends the reader's wait at once (through the watchdog), so that it sees the connection is
     * done and closes it, lingering: the peer may still be sending WINDOW_UPDATEs for the last
     * response, and a close with unread input would reset the connection under it.
     */
    private void wakeReader() {
        conn.limitReadDeadline(System.nanoTime());
    }

    private void sendOurSettings() throws IOException {
        List<Setting> ours = List.of(
                new Setting(SettingId.MAX_CONCURRENT_STREAMS, MAX_CONCURRENT_STREAMS),
                new Setting(SettingId.INITIAL_WINDOW_SIZE, STREAM_WINDOW),
                new Setting(SettingId.MAX_HEADER_LIST_SIZE, server.config().maxHeaderSize()),
                new Setting(SettingId.ENABLE_PUSH, 0));
        write(o -> {
            FrameWriter.settings(o, ours);
            FrameWriter.windowUpdate(o, 0, CONNECTION_WINDOW - Frames.DEFAULT_WINDOW);
        });
    }

    // ---- frames in ------------------------------------------------------------------------------

    @Override
    public void data(int streamId, boolean endStream, byte[] buf, int offset, int length, int flowControlled)
            throws H2Exception {
        flowLock.lock();
        try {
            if (flowControlled > receiveWindow) {
                throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "DATA beyond the connection's window");
            }
            receiveWindow -= flowControlled;
        } finally {
            flowLock.unlock();
        }
        Http2Stream s = streams.get(streamId);
        if (s == null || !s.receiving()) {
            giveBack(flowControlled);
            if (streamId > lastStreamId) {
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "DATA on an idle stream");
            }
            if (s != null && !s.wasReset() && !recentlyReset(streamId)) {
                // §5.1: half-closed (remote), the peer said END_STREAM already
                resetStream(streamId, ErrorCode.STREAM_CLOSED);
            }
            return;
        }
        if (!s.takeReceiveWindow(flowControlled)) {
            giveBack(flowControlled);
            resetStream(streamId, ErrorCode.FLOW_CONTROL_ERROR);
            return;
        }
        if (s.discarding()) {
            giveBack(flowControlled);
            s.received(buf, offset, 0, endStream);
            return;
        }
        if (flowControlled > length) {
            consumed(s, flowControlled - length); // padding is consumed as it arrives
        }
        String problem = s.received(buf, offset, length, endStream);
        if (problem != null) {
            LOG.log(Level.DEBUG, () -> "HTTP/2 stream " + streamId + " reset: " + problem);
            resetStream(streamId, ErrorCode.PROTOCOL_ERROR);
        }
    }

    @Override
    public void headers(int streamId, boolean endStream, boolean endHeaders, byte[] buf, int offset, int length)
            throws H2Exception {
        if ((streamId & 1) == 0) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "even stream id from a client");
        }
        if (streamId <= lastStreamId && !streams.containsKey(streamId) && !recentlyReset(streamId)) {
            // §5.1.1: a new stream's id is above every one the client used before. A HEADERS on a
            // stream still served is its trailers (or comes too late, or reuses the id: see
            // trailers()); one on a stream we reset was in flight, and is ignored once HPACK has seen it.
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "stream id not above the last one");
        }
        blockStream = streamId;
        blockEndStream = endStream;
        blockFrames = 1;
        block.reset();
        append(buf, offset, length);
        if (endHeaders) {
            endOfBlock();
        }
    }

    @Override
    public void continuation(int streamId, boolean endHeaders, byte[] buf, int offset, int length) throws H2Exception {
        if (++blockFrames > MAX_CONTINUATIONS) {
            throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "too many CONTINUATION frames");
        }
        append(buf, offset, length);
        if (endHeaders) {
            endOfBlock();
        }
    }

    private void append(byte[] buf, int offset, int length) throws H2Exception {
        if (block.length() + length > maxBlock) {
            throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "header block too large");
        }
        block.write(buf, offset, length);
    }

    /** A whole header block is in: a new request, or a stream's trailers. */
    private void endOfBlock() throws H2Exception {
        int id = blockStream;
        blockStream = 0;
        RequestFields fields = new RequestFields();
        boolean tooLarge = false;
        try {
            decoder.decode(block.array(), 0, block.length(), fields);
        } catch (HeaderListTooLargeException e) {
            tooLarge = true;
        }
        if (block.length() > 4 * Frames.DEFAULT_MAX_FRAME_SIZE) {
            block.reset(); // give back what one large block grew (the array stays otherwise)
        }
        if (id <= lastStreamId) {
            trailers(id, fields, tooLarge);
            return;
        }
        lastStreamId = id;
        if (draining) {
            resetStream(id, ErrorCode.REFUSED_STREAM);
            return;
        }
        if (open.get() >= MAX_CONCURRENT_STREAMS || !handlerSlot()) {
            // §5.1.2: over the limit we advertised (or too many handlers still finishing)
            resetStream(id, ErrorCode.REFUSED_STREAM);
            return;
        }
        if (tooLarge) {
            refuseTooLarge(id);
            return;
        }
        String found = fields.requestProblem();
        String problem = found == null && blockEndStream && fields.contentLength() > 0
                ? "no body after a content-length above 0" : found;
        if (problem != null) {
            LOG.log(Level.DEBUG, () -> "HTTP/2 stream " + id + " malformed: " + problem);
            resetStream(id, ErrorCode.PROTOCOL_ERROR);
            return;
        }
        Http2Stream s = new Http2Stream(this, id, fields, blockEndStream, peer.initialWindowSize(), STREAM_WINDOW);
        streams.put(id, s);
        active.incrementAndGet();
        open.incrementAndGet();
        Thread.ofVirtual().name("morello-h2-stream").start(s::run);
    }

    /** Whether a handler may start: at once below MAX_RUNNING_HANDLERS, else once one returns in time. */
    private boolean handlerSlot() {
        if (active.get() < MAX_RUNNING_HANDLERS) {
            return true;
        }
        long left = HANDLER_SLOT_WAIT_NANOS;
        handlersLock.lock();
        try {
            while (active.get() >= MAX_RUNNING_HANDLERS) {
                if (left <= 0) {
                    return false;
                }
                left = handlerReturned.awaitNanos(left);
            }
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            handlersLock.unlock();
        }
    }

    /**
     * A header block on a stream id already used: the trailer section that ends its request
     * (§8.1), or a frame too late for the stream, or the id used again for a new request.
     */
    private void trailers(int id, RequestFields fields, boolean tooLarge) throws H2Exception {
        Http2Stream s = streams.get(id);
        boolean live = s != null && !s.wasReset();
        if (fields.hasPseudo() && !(live && s.receiving())) {
            // a request's head on a stream whose own head came long ago, and whose request has
            // ended or was reset: not trailers in flight but the id used again (§5.1.1), whether
            // or not the response is done yet
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "stream id reused");
        }
        if (!live) {
            return; // trailers of a stream we reset, in flight: ignored, HPACK kept in step
        }
        if (!s.receiving()) {
            // §5.1: half-closed (remote), the peer said END_STREAM already
            resetStream(id, ErrorCode.STREAM_CLOSED);
            return;
        }
        if (tooLarge && blockEndStream) {
            s.trailersTooLarge();
            return;
        }
        // §8.1: trailers end the stream and carry no pseudo-header fields; §8.2's rules hold in them
        String problem = !blockEndStream ? "trailers without END_STREAM" : fields.trailerProblem();
        if (problem == null) {
            problem = s.receivedTrailers(fields); // a body shorter than its content-length
        }
        if (problem != null) {
            String why = problem;
            LOG.log(Level.DEBUG, () -> "HTTP/2 stream " + id + " reset: " + why);
            resetStream(id, ErrorCode.PROTOCOL_ERROR);
        }
    }

    /** RFC 6585 §5 over HTTP/2: the handler is not called; the client may stop sending. */
    private void refuseTooLarge(int id) {
        server.refused(conn.remoteAddress(), null, 431, "HTTP/2 header list too large");
        try {
            writeHeaders(id, List.of(new HeaderField(":status", "431")), true);
            if (!blockEndStream) {
                resetStream(id, ErrorCode.NO_ERROR);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "431 not sent: " + e);
        }
    }

    @Override
    public void priority(int streamId, boolean exclusive, int dependency, int weight) {
        // §5.3.2: priority signals are deprecated; every stream is served alike
    }

    @Override
    public void rstStream(int streamId, long errorCode) throws H2Exception {
        if (streamId > lastStreamId) {
            throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "RST_STREAM on an idle stream");
        }
        if (!resets.admit()) {
            throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "too many resets");
        }
        Http2Stream s = streams.get(streamId);
        if (s != null) {
            s.resetByPeer();
            closing(s);
            signalWindows();
        }
    }

    @Override
    public void settings(List<Setting> params) throws H2Exception {
        if (!settingsFrames.admit()) {
            throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "too many SETTINGS frames");
        }
        flowLock.lock();
        try {
            Settings before = peer;
            Settings after = before.apply(params);
            long delta = (long) after.initialWindowSize() - before.initialWindowSize();
            if (delta != 0) {
                // §6.9.2: a change of the initial window moves every open stream's window
                for (Http2Stream s : streams.values()) {
                    if (!s.adjustSendWindow(delta)) {
                        throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "stream window over 2^31-1");
                    }
                }
            }
            peer = after;
            windowOpened.signalAll();
        } finally {
            flowLock.unlock();
        }
        long table = peer.headerTableSize();
        try {
            write(o -> {
                encoder.peerMaxTableSize(table);
                FrameWriter.settingsAck(o);
            });
        } catch (IOException e) {
            closed = true;
        }
    }

    @Override
    public void settingsAck() {
        // our settings change nothing the reader or decoder must wait for
    }

    @Override
    public void ping(boolean ack, long payload) throws H2Exception {
        if (ack) {
            return;
        }
        if (!pings.admit()) {
            throw H2Exception.connection(ErrorCode.ENHANCE_YOUR_CALM, "too many PINGs");
        }
        try {
            write(o -> FrameWriter.ping(o, true, payload));
        } catch (IOException e) {
            closed = true;
        }
    }

    @Override
    public void goAway(int lastStreamId, long errorCode, byte[] buf, int offset, int length) {
        // §6.8: the peer opens no more streams; those open finish, then the connection ends
        draining = true;
    }

    @Override
    public void windowUpdate(int streamId, int increment) throws H2Exception {
        boolean overflow;
        flowLock.lock();
        try {
            if (streamId == 0) {
                sendWindow += increment;
                if (sendWindow > Frames.MAX_WINDOW) {
                    throw H2Exception.connection(ErrorCode.FLOW_CONTROL_ERROR, "connection window over 2^31-1");
                }
                windowOpened.signalAll();
                return;
            }
            if (streamId > lastStreamId) {
                throw H2Exception.connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE on an idle stream");
            }
            Http2Stream s = streams.get(streamId);
            if (s == null) {
                return;
            }
            overflow = !s.adjustSendWindow(increment);
            windowOpened.signalAll();
        } finally {
            flowLock.unlock();
        }
        if (overflow) {
            resetStream(streamId, ErrorCode.FLOW_CONTROL_ERROR);
        }
    }

    @Override
    public void streamError(H2Exception error) {
        resetStream(error.streamId(), error.code());
    }

    // ---- streams --------------------------------------------------------------------------------

    /** Resets a stream (RST_STREAM) and forgets it; frames still in flight for it are ignored. */
    void resetStream(int id, ErrorCode code) {
        rememberReset(id);
        Http2Stream s = streams.get(id);
        if (s != null) {
            s.resetByUs();
            closing(s);
            signalWindows();
        }
        try {
            write(o -> FrameWriter.rstStream(o, id, code));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "RST_STREAM not sent: " + e);
        }
    }

    private void rememberReset(int id) {
        resetLock.lock();
        try {
            if (recentlyReset.add(id)) {
                resetOrder.addLast(id);
                if (resetOrder.size() > RECENT_RESETS) {
                    recentlyReset.remove(resetOrder.removeFirst());
                }
            }
        } finally {
            resetLock.unlock();
        }
    }

    private boolean recentlyReset(int id) {
        resetLock.lock();
        try {
            return recentlyReset.contains(id);
        } finally {
            resetLock.unlock();
        }
    }

    /** A stream's handler has finished and its response is out (or the stream was reset). */
    void streamDone(Http2Stream s, int unreadBuffered) {
        closing(s);
        streams.remove(s.id());
        if (unreadBuffered > 0) {
            giveBack(unreadBuffered);
        }
        int running = active.decrementAndGet();
        if (running == MAX_RUNNING_HANDLERS - 1) {
            handlersLock.lock();
            try {
                handlerReturned.signalAll();
            } finally {
                handlersLock.unlock();
            }
        }
        if (running == 0 && draining) {
            try {
                sendGoAway(ErrorCode.NO_ERROR, "");
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "GOAWAY not sent: " + e);
            }
            wakeReader();
        }
    }

    /**
     * The handler of {@code s} has read {@code n} octets: they are given back to the stream's
     * window and the connection's, each in one WINDOW_UPDATE once half its window is due.
     */
    void consumed(Http2Stream s, int n) {
        int streamIncrement = s.consumed(n, STREAM_WINDOW / 2);
        int connectionIncrement = 0;
        flowLock.lock();
        try {
            consumed += n;
            if (consumed >= CONNECTION_WINDOW / 2) {
                connectionIncrement = (int) consumed;
                receiveWindow += consumed;
                consumed = 0;
            }
        } finally {
            flowLock.unlock();
        }
        int si = streamIncrement;
        int ci = connectionIncrement;
        if (si > 0 || ci > 0) {
            try {
                write(o -> {
                    if (si > 0) {
                        FrameWriter.windowUpdate(o, s.id(), si);
                    }
                    if (ci > 0) {
                        FrameWriter.windowUpdate(o, 0, ci);
                    }
                });
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "WINDOW_UPDATE not sent: " + e);
            }
        }
    }

    /** Octets that reached no handler go back to the connection's window. */
    private void giveBack(int n) {
        int increment = 0;
        flowLock.lock();
        try {
            consumed += n;
            if (consumed >= CONNECTION_WINDOW / 2) {
                increment = (int) consumed;
                receiveWindow += consumed;
                consumed = 0;
            }
        } finally {
            flowLock.unlock();
        }
        if (increment > 0) {
            int inc = increment;
            try {
                write(o -> FrameWriter.windowUpdate(o, 0, inc));
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "WINDOW_UPDATE not sent: " + e);
            }
        }
    }

    private void signalWindows() {
        flowLock.lock();
        try {
            windowOpened.signalAll();
        } finally {
            flowLock.unlock();
        }
    }

    /**
     * Takes up to {@code want} octets of send window for {@code s}, waiting for WINDOW_UPDATE at
     * most the read timeout: past it the stream is reset (CANCEL) and this throws.
     */
    int takeSendWindow(Http2Stream s, int want) throws IOException {
        long deadline = System.nanoTime() + server.readTimeoutNanos();
        flowLock.lock();
        try {
            while (true) {
                if (closed) {
                    throw new IOException("HTTP/2 connection closed");
                }
                if (s.wasReset()) {
                    throw new IOException("HTTP/2 stream reset");
                }
                long room = Math.min(sendWindow, s.sendWindow());
                if (room > 0) {
                    int n = (int) Math.min(Math.min(room, want), peer.maxFrameSize());
                    sendWindow -= n;
                    s.adjustSendWindow(-n);
                    return n;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                windowOpened.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted waiting for the peer's window");
        } finally {
            flowLock.unlock();
        }
        resetStream(s.id(), ErrorCode.CANCEL);
        throw new IOException("HTTP/2 stream got no window within the write timeout");
    }

    // ---- frames out -----------------------------------------------------------------------------

    @FunctionalInterface
    interface FrameSource {
        void writeTo(WireBuffer out);
    }

    /** Sends the frames {@code frames} puts in the buffer, whole and in order with everyone else's. */
    void write(FrameSource frames) throws IOException {
        enqueue(frames, true, false);
    }

    /**
     * Appends {@code frames} to the pending buffer and, when nobody is sending, sends it. With
     * {@code afterGoAway}, frames may still go out on a connection closed after our GOAWAY;
     * with {@code sync}, returns only once they are out.
     */
    private void enqueue(FrameSource frames, boolean afterGoAway, boolean sync) throws IOException {
        writeLock.lock();
        try {
            while (true) {
                if (broken || (closed && !(afterGoAway && goAwaySent))) {
                    throw new IOException("HTTP/2 connection closed");
                }
                if (!flushing || pending.length() < MAX_PENDING) {
                    break;
                }
                sent.await();
            }
            int before = pending.length();
            frames.writeTo(pending);
            appended += pending.length() - before;
            if (flushing) {
                if (sync) {
                    long target = appended;
                    while (flushed < target && !broken) {
                        sent.await();
                    }
                    if (broken) {
                        throw new IOException("HTTP/2 connection closed");
                    }
                }
                return;
            }
            flushing = true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while writing an HTTP/2 frame");
        } finally {
            writeLock.unlock();
        }
        sendPending();
    }

    /** The sender: sends batches until nothing is pending; each batch is what was appended meanwhile. */
    private void sendPending() throws IOException {
        int done = 0;
        while (true) {
            WireBuffer batch;
            writeLock.lock();
            try {
                flushed += done;
                if (sending.array().length > KEEP_BUFFER) {
                    sending = new WireBuffer(4096);
                }
                if (pending.length() == 0) {
                    flushing = false;
                    sent.signalAll();
                    return;
                }
                batch = pending;
                pending = sending;
                sending = batch;
                sent.signalAll();
            } finally {
                writeLock.unlock();
            }
            try {
                conn.writeFully(ByteBuffer.wrap(batch.array(), 0, batch.length()));
            } catch (IOException e) {
                writeLock.lock();
                try {
                    broken = true;
                    closed = true;
                    flushing = false;
                    pending.reset();
                    sent.signalAll();
                } finally {
                    writeLock.unlock();
                }
                throw e;
            }
            done = batch.length();
            batch.reset();
        }
    }

    /** The stream leaves the count of open streams, once. */
    private void closing(Http2Stream s) {
        if (s.leaveOpenCount()) {
            open.decrementAndGet();
        }
    }

    /**
     * Our END_STREAM is about to go out on stream {@code id}: with the request ended too, the
     * stream is closed, and leaves the count before the client can see it end.
     */
    private void ending(int id) {
        Http2Stream s = streams.get(id);
        if (s != null && !s.receiving()) {
            closing(s);
        }
    }

    /**
     * A header block, HEADERS and CONTINUATION as the peer's frame size needs: a response's
     * ({@code :status} first), or its trailers (no pseudo-header field, {@code endStream}).
     */
    void writeHeaders(int streamId, List<HeaderField> fields, boolean endStream) throws IOException {
        int maxFrame = peer.maxFrameSize();
        if (endStream) {
            ending(streamId);
        }
        write(o -> {
            headerBlock.reset();
            encoder.beginBlock(headerBlock);
            for (HeaderField f : fields) {
                encoder.field(f.name(), f.value(), headerBlock);
            }
            FrameWriter.headerBlock(o, streamId, endStream, headerBlock.array(), 0, headerBlock.length(), maxFrame);
        });
    }

    /** One DATA frame, its payload copied into the pending buffer; {@code length} must fit the window taken. */
    void writeData(int streamId, boolean endStream, byte[] b, int off, int length) throws IOException {
        if (endStream) {
            ending(streamId);
        }
        enqueue(o -> {
            o.writeMedium(length);
            o.writeByte(FrameType.DATA.code());
            o.writeByte(endStream ? Frames.FLAG_END_STREAM : 0);
            o.writeInt(streamId);
            o.write(b, off, length);
        }, false, false);
    }

    /**
     * Counts events in the current second; {@link #admit()} is false once more than the limit
     * came. Only the reader uses one, so it needs no lock.
     */
    private static final class Rate {
        private static final long SECOND = TimeUnit.SECONDS.toNanos(1);
        private final int limit;
        private long windowStart = System.nanoTime();
        private int count;

        Rate(int limit) {
            this.limit = limit;
        }

        boolean admit() {
            long now = System.nanoTime();
            if (now - windowStart >= SECOND) {
                windowStart = now;
                count = 0;
            }
            return ++count <= limit;
        }
    }
}
