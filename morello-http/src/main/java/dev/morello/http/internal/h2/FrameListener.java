package dev.morello.http.internal.h2;

import java.util.List;

/**
 * What {@link FrameReader} reports, one call per frame (two for a HEADERS frame with priority
 * fields). Every payload is handed over in place, as an array, offset and length into the
 * caller's read buffer: valid only during the call, to be copied if kept.
 *
 * <p>The reader has checked everything about a frame that its bytes alone can tell (RFC 9113 §4,
 * §6): which stream it may be on, its length, its padding, its values. What depends on the
 * connection's state (stream states, flow-control windows, whether a SETTINGS ACK was due) is
 * the listener's to check. Each method may throw an {@link H2Exception} of its own; it passes
 * through {@link FrameReader#read}.
 */
public interface FrameListener {
    /**
     * A DATA frame (§6.1), padding removed.
     *
     * @param flowControlled the whole frame payload, padding included: what flow control counts
     *     (§6.9)
     */
    void data(int streamId, boolean endStream, byte[] buf, int offset, int length, int flowControlled) throws H2Exception;

    /**
     * A HEADERS frame (§6.2), padding and priority fields removed: the first fragment of a header
     * block, continued by {@link #continuation} frames until one has END_HEADERS.
     */
    void headers(int streamId, boolean endStream, boolean endHeaders, byte[] buf, int offset, int length) throws H2Exception;

    /**
     * Priority fields (§6.3), from a PRIORITY frame or from a HEADERS frame carrying them; in
     * the latter case this comes just before {@link #headers}. RFC 9113 §5.3.2 deprecates them,
     * and a server may ignore them.
     *
     * @param weight 1 to 256
     */
    void priority(int streamId, boolean exclusive, int dependency, int weight) throws H2Exception;

    /** A RST_STREAM frame (§6.4); {@code errorCode} is the raw unsigned value (see {@link ErrorCode#of}). */
    void rstStream(int streamId, long errorCode) throws H2Exception;

    /**
     * A SETTINGS frame without ACK (§6.5): its known parameters, in order, each value already
     * checked against §6.5.2. The listener must apply them and acknowledge.
     */
    void settings(List<Setting> params) throws H2Exception;

    /** A SETTINGS frame with ACK: the peer has applied our last SETTINGS. */
    void settingsAck() throws H2Exception;

    /** A PING frame (§6.7), its 8 opaque octets as one number. */
    void ping(boolean ack, long payload) throws H2Exception;

    /** A GOAWAY frame (§6.8); {@code buf[offset, offset + length)} is the debug data. */
    void goAway(int lastStreamId, long errorCode, byte[] buf, int offset, int length) throws H2Exception;

    /**
     * A WINDOW_UPDATE frame (§6.9) with an increment of 1 to 2^31 - 1 (0 is refused by the
     * reader). Stream 0 means the connection's window.
     */
    void windowUpdate(int streamId, int increment) throws H2Exception;

    /** A CONTINUATION frame (§6.10): the next fragment of the header block in progress. */
    void continuation(int streamId, boolean endHeaders, byte[] buf, int offset, int length) throws H2Exception;

    /**
     * A frame broke a rule whose penalty is a stream error (§5.4.2): the frame has been consumed
     * and the connection goes on; the stream should be reset with {@code error.code()}. For a
     * HEADERS frame, {@link #headers} came first, since its fragment must still reach HPACK to
     * keep the tables in step.
     */
    void streamError(H2Exception error) throws H2Exception;
}
