package dev.morello.http.internal.h2;

import java.util.ArrayList;
import java.util.List;

/**
 * Reads HTTP/2 frames (RFC 9113 §4, §6) as a server receives them, from bytes the caller has read.
 *
 * <p>It is pure: no I/O, no copy. {@link #read} looks at {@code buf[offset, end)}; when a whole
 * frame is there it reports it to the {@link FrameListener} and returns its length, header
 * included; when not, it returns 0 and the caller reads more and calls again from the same
 * offset. A buffer of {@code maxFrameSize + 9} octets always has room for a frame.
 *
 * <pre>{@code
 * FrameReader reader = FrameReader.create(Frames.DEFAULT_MAX_FRAME_SIZE);
 * int n;
 * while ((n = reader.read(buf, start, end, listener)) > 0) {
 *     start += n;
 * }
 * // compact buf, read more from the socket, loop
 * }</pre>
 *
 * <p>It throws only connection errors (§5.4.1), after which nothing more may be read; stream
 * errors go to {@link FrameListener#streamError} and reading goes on. What it refuses:
 * <ul>
 *   <li>a frame longer than our SETTINGS_MAX_FRAME_SIZE: FRAME_SIZE_ERROR, as soon as the header
 *       is in, before the payload (§4.2);
 *   <li>DATA, HEADERS, PRIORITY, RST_STREAM, CONTINUATION on stream 0, SETTINGS, PING, GOAWAY on
 *       any other: PROTOCOL_ERROR (§6.1-§6.10);
 *   <li>padding as long as the rest of the payload or longer: PROTOCOL_ERROR (§6.1, §6.2);
 *   <li>a payload too short for its fixed fields, or of the wrong fixed size (RST_STREAM 4,
 *       PING 8, WINDOW_UPDATE 4, GOAWAY at least 8, SETTINGS a multiple of 6, or 0 with ACK):
 *       FRAME_SIZE_ERROR; PRIORITY of another length than 5 is a stream error (§6.3);
 *   <li>SETTINGS values out of range (§6.5.2): ENABLE_PUSH other than 0 or 1 and MAX_FRAME_SIZE
 *       outside 2^14..2^24-1 are PROTOCOL_ERROR, INITIAL_WINDOW_SIZE over 2^31-1 is
 *       FLOW_CONTROL_ERROR; unknown parameters are ignored;
 *   <li>PUSH_PROMISE at all: only a server may push (§8.4), PROTOCOL_ERROR;
 *   <li>a WINDOW_UPDATE of 0: PROTOCOL_ERROR, a stream error on a stream, a connection error on
 *       stream 0 (§6.9);
 *   <li>a header block interrupted by any other frame, or a CONTINUATION that follows no open
 *       block or another stream's: PROTOCOL_ERROR (§4.3, §6.10);
 *   <li>a stream depending on itself: a stream error of type PROTOCOL_ERROR (§5.3.1).
 * </ul>
 * Frames of unknown types are skipped (§5.5), unknown flags and the reserved bit ignored (§4.1).
 *
 * <p>Not thread-safe: the connection's reading side owns it.
 */
public final class FrameReader {
    private int maxFrameSize;
    /** The stream whose header block is open (HEADERS without END_HEADERS seen), or 0. */
    private int headerBlockStream;

    private FrameReader(int maxFrameSize) {
        maxFrameSize(maxFrameSize);
    }

    /** A reader that refuses frames longer than {@code maxFrameSize}, our SETTINGS_MAX_FRAME_SIZE. */
    public static FrameReader create(int maxFrameSize) {
        return new FrameReader(maxFrameSize);
    }

    /**
     * Changes the largest frame accepted, once the peer has acknowledged the SETTINGS that
     * announced it (until then it may still send frames sized for the old value).
     */
    public void maxFrameSize(int size) {
        if (size < Frames.DEFAULT_MAX_FRAME_SIZE || size > Frames.MAX_FRAME_SIZE_LIMIT) {
            throw new IllegalArgumentException("SETTINGS_MAX_FRAME_SIZE out of range: " + size);
        }
        this.maxFrameSize = size;
    }

    /** Whether a header block is open: the next frame must be its CONTINUATION. */
    public boolean inHeaderBlock() {
        return headerBlockStream != 0;
    }

    /**
     * Reads one frame from {@code buf[offset, end)} if it is all there.
     *
     * @return the frame's length with its header, or 0 if the buffer holds less than a frame
     * @throws H2Exception a connection error; the connection must send GOAWAY and close
     */
    public int read(byte[] buf, int offset, int end, FrameListener listener) throws H2Exception {
        if (end - offset < Frames.HEADER_LENGTH) {
            return 0;
        }
        int length = (buf[offset] & 0xff) << 16 | (buf[offset + 1] & 0xff) << 8 | (buf[offset + 2] & 0xff);
        if (length > maxFrameSize) {
            throw connection(ErrorCode.FRAME_SIZE_ERROR, "frame larger than SETTINGS_MAX_FRAME_SIZE");
        }
        if (end - offset < Frames.HEADER_LENGTH + length) {
            return 0;
        }
        int type = buf[offset + 3] & 0xff;
        int flags = buf[offset + 4] & 0xff;
        int streamId = readInt(buf, offset + 5) & Frames.STREAM_ID_MASK;
        int p = offset + Frames.HEADER_LENGTH;
        if (headerBlockStream != 0 && type != FrameType.CONTINUATION.code()) {
            throw connection(ErrorCode.PROTOCOL_ERROR, "frame inside a header block");
        }
        FrameType known = FrameType.of(type);
        if (known != null) {
            switch (known) {
                case DATA -> data(buf, p, length, flags, streamId, listener);
                case HEADERS -> headers(buf, p, length, flags, streamId, listener);
                case PRIORITY -> priority(buf, p, length, streamId, listener);
                case RST_STREAM -> rstStream(buf, p, length, streamId, listener);
                case SETTINGS -> settings(buf, p, length, flags, streamId, listener);
                case PUSH_PROMISE -> throw connection(ErrorCode.PROTOCOL_ERROR, "PUSH_PROMISE sent to a server");
                case PING -> ping(buf, p, length, flags, streamId, listener);
                case GOAWAY -> goAway(buf, p, length, streamId, listener);
                case WINDOW_UPDATE -> windowUpdate(buf, p, length, streamId, listener);
                case CONTINUATION -> continuation(buf, p, length, flags, streamId, listener);
            }
        }
        return Frames.HEADER_LENGTH + length;
    }

    private static void data(byte[] buf, int p, int length, int flags, int streamId, FrameListener l) throws H2Exception {
        requireStream(streamId, "DATA");
        int start = p;
        int size = length;
        if ((flags & Frames.FLAG_PADDED) != 0) {
            if (length < 1) {
                throw connection(ErrorCode.FRAME_SIZE_ERROR, "padded DATA without a Pad Length");
            }
            int pad = buf[p] & 0xff;
            start++;
            size = length - 1 - pad;
            if (size < 0) {
                throw connection(ErrorCode.PROTOCOL_ERROR, "DATA padding as long as the payload");
            }
        }
        l.data(streamId, (flags & Frames.FLAG_END_STREAM) != 0, buf, start, size, length);
    }

    private void headers(byte[] buf, int p, int length, int flags, int streamId, FrameListener l) throws H2Exception {
        requireStream(streamId, "HEADERS");
        int start = p;
        int rest = length;
        int pad = 0;
        if ((flags & Frames.FLAG_PADDED) != 0) {
            if (rest < 1) {
                throw connection(ErrorCode.FRAME_SIZE_ERROR, "padded HEADERS without a Pad Length");
            }
            pad = buf[start] & 0xff;
            start++;
            rest--;
        }
        boolean hasPriority = (flags & Frames.FLAG_PRIORITY) != 0;
        int word = 0;
        int weight = 0;
        if (hasPriority) {
            if (rest < 5) {
                throw connection(ErrorCode.FRAME_SIZE_ERROR, "HEADERS too short for its priority fields");
            }
            word = readInt(buf, start);
            weight = (buf[start + 4] & 0xff) + 1;
            start += 5;
            rest -= 5;
        }
        if (pad > rest) {
            throw connection(ErrorCode.PROTOCOL_ERROR, "HEADERS padding longer than the rest of the payload");
        }
        boolean endHeaders = (flags & Frames.FLAG_END_HEADERS) != 0;
        if (!endHeaders) {
            headerBlockStream = streamId;
        }
        int dependency = word & Frames.STREAM_ID_MASK;
        boolean selfDependent = hasPriority && dependency == streamId;
        if (hasPriority && !selfDependent) {
            l.priority(streamId, word < 0, dependency, weight);
        }
        l.headers(streamId, (flags & Frames.FLAG_END_STREAM) != 0, endHeaders, buf, start, rest - pad);
        if (selfDependent) {
            l.streamError(H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "stream depends on itself"));
        }
    }

    private static void priority(byte[] buf, int p, int length, int streamId, FrameListener l) throws H2Exception {
        requireStream(streamId, "PRIORITY");
        if (length != 5) {
            l.streamError(H2Exception.stream(streamId, ErrorCode.FRAME_SIZE_ERROR, "PRIORITY not 5 octets"));
            return;
        }
        int word = readInt(buf, p);
        int dependency = word & Frames.STREAM_ID_MASK;
        if (dependency == streamId) {
            l.streamError(H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "stream depends on itself"));
            return;
        }
        l.priority(streamId, word < 0, dependency, (buf[p + 4] & 0xff) + 1);
    }

    private static void rstStream(byte[] buf, int p, int length, int streamId, FrameListener l) throws H2Exception {
        requireStream(streamId, "RST_STREAM");
        if (length != 4) {
            throw connection(ErrorCode.FRAME_SIZE_ERROR, "RST_STREAM not 4 octets");
        }
        l.rstStream(streamId, Integer.toUnsignedLong(readInt(buf, p)));
    }

    private static void settings(byte[] buf, int p, int length, int flags, int streamId, FrameListener l) throws H2Exception {
        if (streamId != 0) {
            throw connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS on a stream");
        }
        if ((flags & Frames.FLAG_ACK) != 0) {
            if (length != 0) {
                throw connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS ACK with a payload");
            }
            l.settingsAck();
            return;
        }
        if (length % 6 != 0) {
            throw connection(ErrorCode.FRAME_SIZE_ERROR, "SETTINGS length not a multiple of 6");
        }
        List<Setting> params = new ArrayList<>(length / 6);
        for (int i = p, end = p + length; i < end; i += 6) {
            int code = (buf[i] & 0xff) << 8 | (buf[i + 1] & 0xff);
            long value = Integer.toUnsignedLong(readInt(buf, i + 2));
            SettingId id = SettingId.of(code);
            if (id == null) {
                continue;
            }
            switch (id) {
                case ENABLE_PUSH -> {
                    if (value > 1) {
                        throw connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_ENABLE_PUSH not 0 or 1");
                    }
                }
                case INITIAL_WINDOW_SIZE -> {
                    if (value > Frames.MAX_WINDOW) {
                        throw connection(ErrorCode.FLOW_CONTROL_ERROR, "SETTINGS_INITIAL_WINDOW_SIZE over 2^31-1");
                    }
                }
                case MAX_FRAME_SIZE -> {
                    if (value < Frames.DEFAULT_MAX_FRAME_SIZE || value > Frames.MAX_FRAME_SIZE_LIMIT) {
                        throw connection(ErrorCode.PROTOCOL_ERROR, "SETTINGS_MAX_FRAME_SIZE out of range");
                    }
                }
                default -> {
                    // any 32-bit value is allowed
                }
            }
            params.add(new Setting(id, value));
        }
        l.settings(params);
    }

    private static void ping(byte[] buf, int p, int length, int flags, int streamId, FrameListener l) throws H2Exception {
        if (streamId != 0) {
            throw connection(ErrorCode.PROTOCOL_ERROR, "PING on a stream");
        }
        if (length != 8) {
            throw connection(ErrorCode.FRAME_SIZE_ERROR, "PING not 8 octets");
        }
        long payload = (long) readInt(buf, p) << 32 | Integer.toUnsignedLong(readInt(buf, p + 4));
        l.ping((flags & Frames.FLAG_ACK) != 0, payload);
    }

    private static void goAway(byte[] buf, int p, int length, int streamId, FrameListener l) throws H2Exception {
        if (streamId != 0) {
            throw connection(ErrorCode.PROTOCOL_ERROR, "GOAWAY on a stream");
        }
        if (length < 8) {
            throw connection(ErrorCode.FRAME_SIZE_ERROR, "GOAWAY shorter than 8 octets");
        }
        int last = readInt(buf, p) & Frames.STREAM_ID_MASK;
        long code = Integer.toUnsignedLong(readInt(buf, p + 4));
        l.goAway(last, code, buf, p + 8, length - 8);
    }

    private static void windowUpdate(byte[] buf, int p, int length, int streamId, FrameListener l) throws H2Exception {
        if (length != 4) {
            throw connection(ErrorCode.FRAME_SIZE_ERROR, "WINDOW_UPDATE not 4 octets");
        }
        int increment = readInt(buf, p) & Frames.STREAM_ID_MASK;
        if (increment == 0) {
            if (streamId == 0) {
                throw connection(ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0 on the connection");
            }
            l.streamError(H2Exception.stream(streamId, ErrorCode.PROTOCOL_ERROR, "WINDOW_UPDATE of 0"));
            return;
        }
        l.windowUpdate(streamId, increment);
    }

    private void continuation(byte[] buf, int p, int length, int flags, int streamId, FrameListener l) throws H2Exception {
        requireStream(streamId, "CONTINUATION");
        if (headerBlockStream != streamId) {
            throw connection(ErrorCode.PROTOCOL_ERROR, headerBlockStream == 0
                    ? "CONTINUATION without a header block" : "CONTINUATION on another stream");
        }
        boolean endHeaders = (flags & Frames.FLAG_END_HEADERS) != 0;
        if (endHeaders) {
            headerBlockStream = 0;
        }
        l.continuation(streamId, endHeaders, buf, p, length);
    }

    private static void requireStream(int streamId, String frame) throws H2Exception {
        if (streamId == 0) {
            throw connection(ErrorCode.PROTOCOL_ERROR, frame + " on stream 0");
        }
    }

    private static int readInt(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }

    private static H2Exception connection(ErrorCode code, String message) {
        return H2Exception.connection(code, message);
    }
}
