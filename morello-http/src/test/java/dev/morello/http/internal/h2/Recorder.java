package dev.morello.http.internal.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * A {@link FrameListener} that writes each event down as one line ("data 1 end hello fc=5"), and
 * helpers to build frames from hex and feed them to a {@link FrameReader}.
 */
final class Recorder implements FrameListener {
    final List<String> events = new ArrayList<>();

    /** A frame: header from the arguments, payload from hex. */
    static byte[] frame(int type, int flags, int streamId, String payloadHex) {
        byte[] payload = Hex.bytes(payloadHex);
        return frame(type, flags, streamId, payload);
    }

    static byte[] frame(int type, int flags, int streamId, byte[] payload) {
        WireBuffer out = new WireBuffer(payload.length + 9);
        FrameWriter.frameHeader(out, payload.length, type, flags, streamId);
        out.write(payload);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        WireBuffer out = new WireBuffer(64);
        for (byte[] p : parts) {
            out.write(p);
        }
        return out.toByteArray();
    }

    /** Reads every frame in {@code bytes} with a fresh default reader; all must be consumed. */
    static List<String> read(byte[] bytes) throws H2Exception {
        return read(FrameReader.create(Frames.DEFAULT_MAX_FRAME_SIZE), bytes);
    }

    static List<String> read(FrameReader reader, byte[] bytes) throws H2Exception {
        Recorder r = new Recorder();
        int at = 0;
        int n;
        while (at < bytes.length && (n = reader.read(bytes, at, bytes.length, r)) > 0) {
            at += n;
        }
        assertEquals(bytes.length, at, "every frame consumed");
        return r.events;
    }

    /** Reads {@code bytes}, which must end in a connection error; returns it. */
    static H2Exception refused(byte[] bytes) {
        H2Exception e = assertThrows(H2Exception.class, () -> read(bytes));
        assertEquals(true, e.connectionError(), "a connection error");
        return e;
    }

    private static String text(byte[] buf, int offset, int length) {
        return new String(buf, offset, length, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void data(int streamId, boolean endStream, byte[] buf, int offset, int length, int flowControlled) {
        events.add("data " + streamId + (endStream ? " end " : " ") + text(buf, offset, length) + " fc=" + flowControlled);
    }

    @Override
    public void headers(int streamId, boolean endStream, boolean endHeaders, byte[] buf, int offset, int length) {
        events.add("headers " + streamId + (endStream ? " end-stream" : "") + (endHeaders ? " end-headers " : " ")
                + HexFormat.of().formatHex(buf, offset, offset + length));
    }

    @Override
    public void priority(int streamId, boolean exclusive, int dependency, int weight) {
        events.add("priority " + streamId + (exclusive ? " exclusive " : " ") + dependency + " weight=" + weight);
    }

    @Override
    public void rstStream(int streamId, long errorCode) {
        events.add("rst " + streamId + " " + errorCode);
    }

    @Override
    public void settings(List<Setting> params) {
        StringBuilder b = new StringBuilder("settings");
        for (Setting s : params) {
            b.append(' ').append(s.id()).append('=').append(s.value());
        }
        events.add(b.toString());
    }

    @Override
    public void settingsAck() {
        events.add("settings ack");
    }

    @Override
    public void ping(boolean ack, long payload) {
        events.add("ping" + (ack ? " ack " : " ") + Long.toHexString(payload));
    }

    @Override
    public void goAway(int lastStreamId, long errorCode, byte[] buf, int offset, int length) {
        events.add("goaway " + lastStreamId + " " + errorCode + " " + text(buf, offset, length));
    }

    @Override
    public void windowUpdate(int streamId, int increment) {
        events.add("window " + streamId + " " + increment);
    }

    @Override
    public void continuation(int streamId, boolean endHeaders, byte[] buf, int offset, int length) {
        events.add("continuation " + streamId + (endHeaders ? " end-headers " : " ")
                + HexFormat.of().formatHex(buf, offset, offset + length));
    }

    @Override
    public void streamError(H2Exception error) {
        events.add("stream-error " + error.streamId() + " " + error.code());
    }
}
