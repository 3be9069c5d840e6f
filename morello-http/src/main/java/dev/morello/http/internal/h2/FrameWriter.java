package dev.morello.http.internal.h2;

import java.util.List;

/**
 * Writes HTTP/2 frames (RFC 9113 §4, §6) into a {@link WireBuffer}: the frames a server sends.
 *
 * <pre>{@code
 * out.reset();
 * FrameWriter.headerBlock(out, streamId, false, block.array(), 0, block.length(), peer.maxFrameSize());
 * FrameWriter.data(out, streamId, true, body, 0, body.length);   // at most peer.maxFrameSize()
 * }</pre>
 *
 * <p>Arguments that would make a frame the peer must refuse (stream 0 where a stream is needed,
 * a payload over 2^24 - 1, a window increment of 0) are our own bugs, and throw
 * {@code IllegalArgumentException}. Keeping DATA within the peer's SETTINGS_MAX_FRAME_SIZE and
 * its flow-control windows is the caller's part; {@link #headerBlock} splits a block by itself.
 * The reserved bit is always written as 0 (§4.1).
 */
public final class FrameWriter {
    private FrameWriter() {
    }

    /** Writes a frame header (§4.1). */
    public static void frameHeader(WireBuffer out, int length, int type, int flags, int streamId) {
        if (length < 0 || length > Frames.MAX_FRAME_SIZE_LIMIT) {
            throw new IllegalArgumentException("frame length out of range: " + length);
        }
        if (streamId < 0) {
            throw new IllegalArgumentException("negative stream id: " + streamId);
        }
        out.writeMedium(length);
        out.writeByte(type);
        out.writeByte(flags);
        out.writeInt(streamId);
    }

    /** A DATA frame (§6.1), unpadded. */
    public static void data(WireBuffer out, int streamId, boolean endStream, byte[] buf, int offset, int length) {
        requireStream(streamId);
        frameHeader(out, length, FrameType.DATA.code(), endStream ? Frames.FLAG_END_STREAM : 0, streamId);
        out.write(buf, offset, length);
    }

    /** A HEADERS frame (§6.2) carrying one fragment, without padding or priority fields. */
    public static void headers(WireBuffer out, int streamId, boolean endStream, boolean endHeaders, byte[] buf, int offset,
            int length) {
        requireStream(streamId);
        int flags = (endStream ? Frames.FLAG_END_STREAM : 0) | (endHeaders ? Frames.FLAG_END_HEADERS : 0);
        frameHeader(out, length, FrameType.HEADERS.code(), flags, streamId);
        out.write(buf, offset, length);
    }

    /** A CONTINUATION frame (§6.10). */
    public static void continuation(WireBuffer out, int streamId, boolean endHeaders, byte[] buf, int offset, int length) {
        requireStream(streamId);
        frameHeader(out, length, FrameType.CONTINUATION.code(), endHeaders ? Frames.FLAG_END_HEADERS : 0, streamId);
        out.write(buf, offset, length);
    }

    /**
     * A whole header block as one HEADERS frame and as many CONTINUATION frames as
     * {@code maxFrameSize} (the peer's SETTINGS_MAX_FRAME_SIZE) makes necessary, written back to
     * back as §4.3 requires. END_STREAM goes on the HEADERS frame (§8.1), END_HEADERS on the last.
     */
    public static void headerBlock(WireBuffer out, int streamId, boolean endStream, byte[] block, int offset, int length,
            int maxFrameSize) {
        if (maxFrameSize < Frames.DEFAULT_MAX_FRAME_SIZE || maxFrameSize > Frames.MAX_FRAME_SIZE_LIMIT) {
            throw new IllegalArgumentException("SETTINGS_MAX_FRAME_SIZE out of range: " + maxFrameSize);
        }
        int first = Math.min(length, maxFrameSize);
        headers(out, streamId, endStream, first == length, block, offset, first);
        for (int done = first; done < length; ) {
            int n = Math.min(length - done, maxFrameSize);
            continuation(out, streamId, done + n == length, block, offset + done, n);
            done += n;
        }
    }

    /** A PRIORITY frame (§6.3); {@code weight} is 1 to 256. */
    public static void priority(WireBuffer out, int streamId, boolean exclusive, int dependency, int weight) {
        requireStream(streamId);
        if (weight < 1 || weight > 256 || dependency < 0) {
            throw new IllegalArgumentException("bad priority: " + dependency + "/" + weight);
        }
        frameHeader(out, 5, FrameType.PRIORITY.code(), 0, streamId);
        out.writeInt(exclusive ? dependency | 0x8000_0000 : dependency);
        out.writeByte(weight - 1);
    }

    /** A RST_STREAM frame (§6.4). */
    public static void rstStream(WireBuffer out, int streamId, ErrorCode code) {
        requireStream(streamId);
        frameHeader(out, 4, FrameType.RST_STREAM.code(), 0, streamId);
        out.writeInt(code.code());
    }

    /** A SETTINGS frame (§6.5) with these parameters, in order. */
    public static void settings(WireBuffer out, List<Setting> params) {
        frameHeader(out, params.size() * 6, FrameType.SETTINGS.code(), 0, 0);
        for (Setting s : params) {
            out.writeShort(s.id().code());
            out.writeInt((int) s.value());
        }
    }

    /** A SETTINGS frame with ACK and no payload (§6.5.3). */
    public static void settingsAck(WireBuffer out) {
        frameHeader(out, 0, FrameType.SETTINGS.code(), Frames.FLAG_ACK, 0);
    }

    /** A PING frame (§6.7); an answer has {@code ack} and the payload it answers. */
    public static void ping(WireBuffer out, boolean ack, long payload) {
        frameHeader(out, 8, FrameType.PING.code(), ack ? Frames.FLAG_ACK : 0, 0);
        out.writeLong(payload);
    }

    /** A GOAWAY frame (§6.8); {@code debug} is opaque, for diagnostics (may be empty). */
    public static void goAway(WireBuffer out, int lastStreamId, ErrorCode code, byte[] debug) {
        if (lastStreamId < 0) {
            throw new IllegalArgumentException("negative stream id: " + lastStreamId);
        }
        frameHeader(out, 8 + debug.length, FrameType.GOAWAY.code(), 0, 0);
        out.writeInt(lastStreamId);
        out.writeInt(code.code());
        out.write(debug);
    }

    /** A WINDOW_UPDATE frame (§6.9); stream 0 for the connection's window. */
    public static void windowUpdate(WireBuffer out, int streamId, int increment) {
        if (increment < 1) {
            throw new IllegalArgumentException("window increment must be 1 to 2^31-1: " + increment);
        }
        frameHeader(out, 4, FrameType.WINDOW_UPDATE.code(), 0, streamId);
        out.writeInt(increment);
    }

    private static void requireStream(int streamId) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("this frame needs a stream, not " + streamId);
        }
    }
}
