package dev.morello.http.internal.h2;

import java.nio.charset.StandardCharsets;

/** The wire constants of HTTP/2 framing (RFC 9113 §3.4, §4, §6). */
public final class Frames {
    /**
     * What a client sends first on every HTTP/2 connection (RFC 9113 §3.4), before its SETTINGS:
     * {@code PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n}, 24 octets.
     */
    public static final byte[] CONNECTION_PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    /** Every frame starts with a 9-octet header: length (24 bits), type, flags, R + stream (31 bits). */
    public static final int HEADER_LENGTH = 9;

    /** SETTINGS_MAX_FRAME_SIZE's initial value and lowest allowed (2^14, RFC 9113 §6.5.2). */
    public static final int DEFAULT_MAX_FRAME_SIZE = 1 << 14;
    /** SETTINGS_MAX_FRAME_SIZE's highest allowed value (2^24 - 1). */
    public static final int MAX_FRAME_SIZE_LIMIT = (1 << 24) - 1;
    /** The largest flow-control window, and the largest INITIAL_WINDOW_SIZE (2^31 - 1, §6.9.1). */
    public static final int MAX_WINDOW = Integer.MAX_VALUE;
    /** A flow-control window's size when a connection or stream starts (§6.9.2). */
    public static final int DEFAULT_WINDOW = 65_535;

    /** DATA, HEADERS: the last frame the sender sends on this stream. */
    public static final int FLAG_END_STREAM = 0x1;
    /** SETTINGS, PING: this frame acknowledges the peer's. */
    public static final int FLAG_ACK = 0x1;
    /** HEADERS, PUSH_PROMISE, CONTINUATION: the header block ends in this frame. */
    public static final int FLAG_END_HEADERS = 0x4;
    /** DATA, HEADERS, PUSH_PROMISE: a Pad Length octet starts the payload and padding ends it. */
    public static final int FLAG_PADDED = 0x8;
    /** HEADERS: the exclusive bit, stream dependency and weight follow (deprecated, §5.3.2). */
    public static final int FLAG_PRIORITY = 0x20;

    /** The stream identifier's 31 bits; the reserved bit above them is ignored (§4.1). */
    static final int STREAM_ID_MASK = 0x7fff_ffff;

    private Frames() {
    }

    /**
     * Whether {@code buf[offset, end)} starts with as much of {@link #CONNECTION_PREFACE} as it
     * holds: {@code false} means the peer is not speaking HTTP/2 (a connection error of type
     * PROTOCOL_ERROR, RFC 9113 §3.4), {@code true} with fewer than 24 octets means wait for more.
     */
    public static boolean prefaceSoFar(byte[] buf, int offset, int end) {
        int n = Math.min(end - offset, CONNECTION_PREFACE.length);
        for (int i = 0; i < n; i++) {
            if (buf[offset + i] != CONNECTION_PREFACE[i]) {
                return false;
            }
        }
        return true;
    }
}
