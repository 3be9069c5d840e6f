package dev.morello.http.internal;

import dev.morello.http.websocket.WebSocket;
import dev.morello.http.websocket.WebSocketConfig;
import dev.morello.http.websocket.WebSocketHandshake;
import dev.morello.http.websocket.WebSocketListener;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import java.util.zip.DataFormatException;

/**
 * A connection after its upgrade to WebSocket (RFC 6455): its thread reads frames, checks them,
 * joins fragments, answers pings and the closing handshake, and hands whole messages to the
 * listener; any thread sends through it, one frame at a time under a lock.
 *
 * <p>What a client sends wrongly fails the connection with the status RFC 6455 gives (§7.4.1):
 * 1002 for a frame that breaks the framing rules (unmasked, a reserved bit or opcode, a control
 * frame over 125 bytes or fragmented, a continuation with nothing to continue), 1007 for text
 * that is not UTF-8 (found as soon as the bytes that make it invalid arrive, across fragments),
 * 1009 for a frame or message over the limits (compressed messages counted inflated). The server
 * sends its close frame, waits for the client's (or the close timeout), and closes the TCP
 * connection itself, as §7.1.1 asks of servers.
 */
final class WebSocketSession implements WebSocket {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");

    private static final int CONTINUATION = 0x0;
    private static final int TEXT = 0x1;
    private static final int BINARY = 0x2;
    private static final int CLOSE = 0x8;
    private static final int PING = 0x9;
    private static final int PONG = 0xA;

    private final Connection conn;
    private final WebSocketConfig config;
    private final WebSocketListener listener;
    private final String subprotocol;
    private final PerMessageDeflate deflate;
    private final ReentrantLock sendLock = new ReentrantLock(true);

    /** The read buffer of a WebSocket quiet for {@link #SHRINK_AFTER_NANOS}: enough for a frame's header. */
    private static final int IDLE_BUFFER = 256;
    private static final long SHRINK_AFTER_NANOS = 1_000_000_000L;

    // ---- reading (the connection's thread only) ----
    private ByteBuffer in = ByteBuffer.allocate(8192).flip();
    private final Utf8Validator utf8 = new Utf8Validator();
    /** The message being joined: its opcode (0 when none), whether compressed, its bytes. */
    private int messageOpcode;
    private boolean messageCompressed;
    private byte[] message = new byte[0];
    private int messageLength;
    private long lastHeard = System.nanoTime();
    private boolean pingSent;

    // ---- state shared with senders ----
    private volatile boolean closeSent;
    private volatile long closeSentAt;
    private volatile boolean closeReceived;
    private int closeCode = ABNORMAL_CLOSURE;
    private String closeReason = "";

    WebSocketSession(Connection conn, WebSocketConfig config, WebSocketHandshake.Outcome outcome, WebSocketListener listener) {
        this.conn = conn;
        this.config = config;
        this.listener = listener;
        this.subprotocol = outcome.subprotocol();
        this.deflate = outcome.deflate() == null ? null
                : new PerMessageDeflate(outcome.deflate().serverNoContextTakeover(), outcome.deflate().clientNoContextTakeover());
    }

    // ---- the read loop ----------------------------------------------------------------------

    /** Serves the connection until it ends; the caller closes it. */
    void run() {
        conn.upgraded(this);
        try {
            try {
                listener.onOpen(this);
            } catch (Exception e) {
                listenerFailed(e);
            }
            while (readFrame()) {
                // one frame handled
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "WebSocket connection ended: " + e);
        } finally {
            conn.upgraded(null);
            if (deflate != null) {
                deflate.close();
            }
            try {
                listener.onClose(this, closeReceived ? closeCode : ABNORMAL_CLOSURE, closeReceived ? closeReason : "");
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a WebSocket listener's onClose failed", e);
            }
        }
    }

    /** Reads and handles one frame; false when the connection is to end. */
    private boolean readFrame() throws IOException {
        if (!fill(2)) {
            return false;
        }
        int b0 = in.get(in.position()) & 0xff;
        int b1 = in.get(in.position() + 1) & 0xff;
        boolean fin = (b0 & 0x80) != 0;
        int rsv = (b0 >> 4) & 0x7;
        int opcode = b0 & 0xf;
        boolean masked = (b1 & 0x80) != 0;
        int len7 = b1 & 0x7f;
        // What the first two bytes tell is judged before the rest of the header is awaited: an
        // unmasked frame has no key to wait for, and a short one would otherwise stall the reader.
        if (!masked) {
            return fail(PROTOCOL_ERROR, "a client frame must be masked");
        }
        boolean control = opcode >= 0x8;
        if (opcode != CONTINUATION && opcode != TEXT && opcode != BINARY && opcode != CLOSE && opcode != PING && opcode != PONG) {
            return fail(PROTOCOL_ERROR, "a reserved opcode: " + opcode);
        }
        boolean compressedBit = (rsv & 0x4) != 0;
        if ((rsv & 0x3) != 0 || (compressedBit && (deflate == null || control || opcode == CONTINUATION))) {
            return fail(PROTOCOL_ERROR, "a reserved bit set without an extension that defines it");
        }
        if (control && (len7 > 125 || !fin)) {
            return fail(PROTOCOL_ERROR, len7 > 125 ? "a control frame over 125 bytes" : "a fragmented control frame");
        }
        int headerLength = 2 + (len7 == 126 ? 2 : len7 == 127 ? 8 : 0) + 4;
        if (!fill(headerLength)) {
            return false;
        }
        long length;
        if (len7 == 126) {
            length = in.getShort(in.position() + 2) & 0xffff;
        } else if (len7 == 127) {
            length = in.getLong(in.position() + 2);
            if (length < 0) {
                return fail(PROTOCOL_ERROR, "a frame length with its top bit set");
            }
        } else {
            length = len7;
        }
        if (length > config.maxFrameSize()) {
            return fail(MESSAGE_TOO_BIG, "a frame over " + config.maxFrameSize() + " bytes");
        }
        byte[] mask = new byte[4];
        in.get(in.position() + headerLength - 4, mask);
        in.position(in.position() + headerLength);
        byte[] payload = readPayload((int) length);
        if (payload == null) {
            return false;
        }
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        lastHeard = System.nanoTime();
        pingSent = false;
        if (control) {
            return control(opcode, payload);
        }
        return data(opcode, fin, compressedBit, payload);
    }

    private boolean control(int opcode, byte[] payload) throws IOException {
        switch (opcode) {
            case PING -> {
                if (!closeSent) {
                    sendFrame(PONG, false, payload);
                }
                return true;
            }
            case PONG -> {
                if (!closeSent) {
                    try {
                        listener.onPong(this, payload);
                    } catch (Exception e) {
                        listenerFailed(e);
                    }
                }
                return true;
            }
            default -> {
                return closeFrame(payload);
            }
        }
    }

    /** The client's close frame: checked, answered (unless ours went first), and the connection ends. */
    private boolean closeFrame(byte[] payload) throws IOException {
        if (payload.length == 1) {
            return fail(PROTOCOL_ERROR, "a close frame of one byte");
        }
        int code = NO_STATUS_RECEIVED;
        String reason = "";
        if (payload.length >= 2) {
            code = ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
            if (!validCloseCode(code)) {
                return fail(PROTOCOL_ERROR, "an invalid close code " + code);
            }
            if (!Utf8Validator.valid(payload, 2, payload.length - 2)) {
                return fail(INVALID_PAYLOAD, "a close reason that is not UTF-8");
            }
            reason = new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
        closeReceived = true;
        closeCode = code;
        closeReason = reason;
        if (!closeSent) {
            // echo the status (RFC 6455 §5.5.1); none when the client gave none
            sendClose(code == NO_STATUS_RECEIVED ? -1 : code, "");
        }
        return false;
    }

    /** RFC 6455 §7.4: the codes an endpoint may send, and those reserved for applications. */
    static boolean validCloseCode(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1011) || (code >= 3000 && code <= 4999);
    }

    private boolean data(int opcode, boolean fin, boolean compressed, byte[] payload) throws IOException {
        if (opcode == CONTINUATION) {
            if (messageOpcode == 0) {
                return fail(PROTOCOL_ERROR, "a continuation frame with no message to continue");
            }
        } else {
            if (messageOpcode != 0) {
                return fail(PROTOCOL_ERROR, "a new message before the last one ended");
            }
            messageOpcode = opcode;
            messageCompressed = compressed;
            messageLength = 0;
            utf8.reset();
        }
        if (closeSent) {
            return true; // closing: data is no longer delivered
        }
        if ((long) messageLength + payload.length > config.maxMessageSize()) {
            return fail(MESSAGE_TOO_BIG, "a message over " + config.maxMessageSize() + " bytes");
        }
        if (messageOpcode == TEXT && !messageCompressed && !utf8.feed(payload, 0, payload.length)) {
            return fail(INVALID_PAYLOAD, "text that is not UTF-8");
        }
        append(payload);
        if (!fin) {
            return true;
        }
        int kind = messageOpcode;
        messageOpcode = 0;
        byte[] whole = Arrays.copyOf(message, messageLength);
        if (message.length > 64 * 1024) {
            message = new byte[0]; // a large message's buffer is not kept for the next
        }
        if (messageCompressed) {
            try {
                whole = deflate.decompress(whole, whole.length, config.maxMessageSize());
            } catch (PerMessageDeflate.TooBig e) {
                return fail(MESSAGE_TOO_BIG, "a message that inflates past " + config.maxMessageSize() + " bytes");
            } catch (DataFormatException e) {
                return fail(PROTOCOL_ERROR, "a compressed message that is not DEFLATE data");
            }
            if (kind == TEXT && !Utf8Validator.valid(whole, 0, whole.length)) {
                return fail(INVALID_PAYLOAD, "text that is not UTF-8");
            }
        } else if (kind == TEXT && !utf8.complete()) {
            return fail(INVALID_PAYLOAD, "text that ends inside a character");
        }
        try {
            if (kind == TEXT) {
                listener.onText(this, new String(whole, StandardCharsets.UTF_8));
            } else {
                listener.onBinary(this, whole);
            }
        } catch (Exception e) {
            listenerFailed(e);
        }
        return true;
    }

    private void append(byte[] payload) {
        if (messageLength + payload.length > message.length) {
            message = Arrays.copyOf(message, Math.max(messageLength + payload.length, Math.min(config.maxMessageSize(),
                    Math.max(1024, message.length * 2))));
        }
        System.arraycopy(payload, 0, message, messageLength, payload.length);
        messageLength += payload.length;
    }

    private void listenerFailed(Exception e) {
        LOG.log(Level.ERROR, "a WebSocket listener failed", e);
        try {
            listener.onError(this, e);
        } catch (RuntimeException again) {
            LOG.log(Level.WARNING, "a WebSocket listener's onError failed", again);
        }
        try {
            sendClose(INTERNAL_ERROR, "");
        } catch (IOException closing) {
            LOG.log(Level.DEBUG, () -> "could not send the close frame: " + closing);
        }
    }

    /** Fails the connection (RFC 6455 §7.1.7): our close frame with the status, then the end. */
    private boolean fail(int code, String problem) throws IOException {
        LOG.log(Level.DEBUG, () -> "WebSocket client broke the protocol: " + problem);
        if (!closeSent) {
            try {
                listener.onError(this, new IOException(problem));
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "a WebSocket listener's onError failed", e);
            }
            sendClose(code, "");
        }
        return false;
    }

    // ---- reading bytes ---------------------------------------------------------------------

    /** Makes at least {@code n} bytes readable in {@code in}; false when the connection ended first. */
    private boolean fill(int n) throws IOException {
        if (in.remaining() >= n) {
            return true;
        }
        if (in.capacity() < n) {
            ByteBuffer bigger = ByteBuffer.allocate(n);
            bigger.put(in).flip();
            in = bigger;
        }
        boolean quiet = in.remaining() == 0;
        if (quiet && in.capacity() > IDLE_BUFFER) {
            // a WebSocket that has been quiet for a second gives its buffers back while it waits
            long shrinkAt = System.nanoTime() + SHRINK_AFTER_NANOS;
            long deadline = readDeadline();
            if (shrinkAt - deadline < 0) {
                if (conn.awaitUpgradedInput(shrinkAt)) {
                    quiet = false;
                } else {
                    in = ByteBuffer.allocate(IDLE_BUFFER).flip();
                    message = new byte[0];
                }
            }
        }
        in.compact();
        try {
            while (in.position() < n) {
                long deadline = readDeadline();
                int r = conn.readUpgraded(in, deadline, quiet);
                quiet = false;
                if (r < 0) {
                    if (!conn.readTimedOut()) {
                        return false;
                    }
                    if (!onQuiet()) {
                        return false;
                    }
                }
            }
        } finally {
            in.flip();
        }
        return true;
    }

    /** A payload of {@code length} bytes, or null when the connection ended first. */
    private byte[] readPayload(int length) throws IOException {
        byte[] payload = new byte[length];
        int have = Math.min(length, in.remaining());
        in.get(payload, 0, have);
        while (have < length) {
            if (in.capacity() < 8192) {
                in = ByteBuffer.allocate(8192).flip();
            }
            if (!fill(Math.min(in.capacity(), length - have))) {
                return null;
            }
            int n = Math.min(length - have, in.remaining());
            in.get(payload, have, n);
            have += n;
        }
        return payload;
    }

    /** When the wait for the client's next bytes ends: a ping, the idle timeout, or the close timeout. */
    private long readDeadline() {
        if (closeSent) {
            return closeSentAt + config.closeTimeout().toNanos();
        }
        long ping = config.pingInterval().toNanos();
        long idle = lastHeard + config.idleTimeout().toNanos();
        return ping > 0 && !pingSent ? Math.min(idle, lastHeard + ping) : idle;
    }

    /** The client has been quiet until a deadline: ping it, or give up. Returns whether to go on waiting. */
    private boolean onQuiet() throws IOException {
        long now = System.nanoTime();
        if (closeSent) {
            return false; // the client never answered our close
        }
        if (now - (lastHeard + config.idleTimeout().toNanos()) >= 0) {
            sendClose(GOING_AWAY, "idle");
            return true; // wait for the client's close, within the close timeout
        }
        pingSent = true;
        sendFrame(PING, false, new byte[0]);
        return true;
    }

    // ---- sending ---------------------------------------------------------------------------

    @Override
    public void sendText(CharSequence text) throws IOException {
        sendMessage(TEXT, text.toString().getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public void sendBinary(byte[] data) throws IOException {
        sendMessage(BINARY, data);
    }

    private void sendMessage(int opcode, byte[] data) throws IOException {
        if (deflate != null) {
            sendLock.lock();
            try {
                // compressed under the lock: with context takeover, messages share one window in order
                sendFrame(opcode, true, deflate.compress(data));
            } finally {
                sendLock.unlock();
            }
        } else {
            sendFrame(opcode, false, data);
        }
    }

    @Override
    public void sendPing(byte[] payload) throws IOException {
        if (payload.length > 125) {
            throw new IllegalArgumentException("a ping's payload is at most 125 bytes");
        }
        sendFrame(PING, false, payload);
    }

    @Override
    public void close(int code, String reason) throws IOException {
        if (!validCloseCode(code)) {
            throw new IllegalArgumentException("not a close code an endpoint may send: " + code);
        }
        byte[] r = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
        if (r.length > 123) {
            throw new IllegalArgumentException("a close reason is at most 123 bytes of UTF-8");
        }
        sendClose(code, reason);
    }

    /** Sends our close frame once ({@code code} -1 for one without a status); nothing can be sent after it. */
    private void sendClose(int code, String reason) throws IOException {
        sendLock.lock();
        try {
            if (closeSent) {
                return;
            }
            byte[] r = reason == null ? new byte[0] : reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = code < 0 ? new byte[0] : new byte[2 + r.length];
            if (code >= 0) {
                payload[0] = (byte) (code >> 8);
                payload[1] = (byte) code;
                System.arraycopy(r, 0, payload, 2, r.length);
            }
            writeFrame(CLOSE, false, payload);
            closeSent = true;
            closeSentAt = System.nanoTime();
        } finally {
            sendLock.unlock();
        }
        // a reader waiting for the client with a later deadline waits only the close timeout now
        conn.limitReadDeadline(closeSentAt + config.closeTimeout().toNanos());
    }

    /** Called as the server stops: a normal close with 1001. */
    void goingAway() {
        try {
            sendClose(GOING_AWAY, "server stopping");
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "could not send the going-away close: " + e);
        }
    }

    private void sendFrame(int opcode, boolean compressed, byte[] payload) throws IOException {
        sendLock.lock();
        try {
            if (closeSent) {
                throw new IOException("the WebSocket is closing; nothing more can be sent");
            }
            writeFrame(opcode, compressed, payload);
        } finally {
            sendLock.unlock();
        }
    }

    /** One unmasked frame, whole (FIN set); under the send lock. */
    private void writeFrame(int opcode, boolean compressed, byte[] payload) throws IOException {
        int len = payload.length;
        byte[] header = new byte[len < 126 ? 2 : len <= 0xffff ? 4 : 10];
        header[0] = (byte) (0x80 | (compressed ? 0x40 : 0) | opcode);
        if (len < 126) {
            header[1] = (byte) len;
        } else if (len <= 0xffff) {
            header[1] = 126;
            header[2] = (byte) (len >> 8);
            header[3] = (byte) len;
        } else {
            header[1] = 127;
            long l = len;
            for (int i = 0; i < 8; i++) {
                header[2 + i] = (byte) (l >> (56 - 8 * i));
            }
        }
        conn.writeFully(new ByteBuffer[] {ByteBuffer.wrap(header), ByteBuffer.wrap(payload)});
    }

    @Override
    public boolean isOpen() {
        return !closeSent && !closeReceived;
    }

    @Override
    public String subprotocol() {
        return subprotocol;
    }

    @Override
    public boolean compressed() {
        return deflate != null;
    }

    @Override
    public SocketAddress remoteAddress() {
        return conn.remoteAddress();
    }
}
