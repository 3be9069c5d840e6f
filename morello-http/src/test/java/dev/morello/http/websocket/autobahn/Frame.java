package dev.morello.http.websocket.autobahn;

import java.nio.charset.StandardCharsets;

/**
 * One WebSocket frame as it is on the wire (RFC 6455 §5.2), whichever side sent it.
 *
 * @param fin     the FIN bit: the last frame of its message
 * @param rsv     the three reserved bits, RSV1 as 4, RSV2 as 2, RSV3 as 1
 * @param opcode  the opcode, 0x0 to 0xF
 * @param payload the payload, unmasked
 */
record Frame(boolean fin, int rsv, int opcode, byte[] payload) {
    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    /** RSV1: permessage-deflate's "compressed" bit (RFC 7692 §6). */
    static final int RSV1 = 4;

    static Frame text(String text) {
        return new Frame(true, 0, TEXT, utf8(text));
    }

    static Frame binary(byte[] data) {
        return new Frame(true, 0, BINARY, data);
    }

    static Frame ping(byte[] payload) {
        return new Frame(true, 0, PING, payload);
    }

    static Frame pong(byte[] payload) {
        return new Frame(true, 0, PONG, payload);
    }

    /** A close frame with a status code and a reason. */
    static Frame close(int code, String reason) {
        return close(code, utf8(reason));
    }

    /** A close frame with a status code and raw reason bytes (which need not be UTF-8). */
    static Frame close(int code, byte[] reason) {
        byte[] p = new byte[2 + reason.length];
        p[0] = (byte) (code >> 8);
        p[1] = (byte) code;
        System.arraycopy(reason, 0, p, 2, reason.length);
        return new Frame(true, 0, CLOSE, p);
    }

    /** A close frame with no payload at all. */
    static Frame emptyClose() {
        return new Frame(true, 0, CLOSE, new byte[0]);
    }

    /** A data frame that begins a message of several (FIN clear). */
    static Frame first(int opcode, byte[] payload) {
        return new Frame(false, 0, opcode, payload);
    }

    static Frame continuation(boolean fin, byte[] payload) {
        return new Frame(fin, 0, CONTINUATION, payload);
    }

    Frame withRsv(int bits) {
        return new Frame(fin, bits, opcode, payload);
    }

    Frame withFin(boolean last) {
        return new Frame(last, rsv, opcode, payload);
    }

    /** A close frame's status code; -1 when it has none. */
    int closeCode() {
        return payload.length < 2 ? -1 : ((payload[0] & 0xff) << 8) | (payload[1] & 0xff);
    }

    String text() {
        return new String(payload, StandardCharsets.UTF_8);
    }

    static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return "Frame[fin=" + fin + ", rsv=" + rsv + ", opcode=0x" + Integer.toHexString(opcode) + ", "
                + payload.length + " bytes" + (opcode == CLOSE ? ", code " + closeCode() : "") + "]";
    }
}
