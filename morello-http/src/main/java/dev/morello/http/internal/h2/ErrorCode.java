package dev.morello.http.internal.h2;

/**
 * The error codes of RFC 9113 §7, as RST_STREAM and GOAWAY carry them.
 *
 * <p>On the wire a code is any 32-bit value: RFC 9113 §7 has unknown codes treated like
 * {@link #INTERNAL_ERROR} but never refused, so frames that receive one keep the raw number and
 * {@link #of(long)} maps it here only when asked.
 */
public enum ErrorCode {
    NO_ERROR(0x0),
    PROTOCOL_ERROR(0x1),
    INTERNAL_ERROR(0x2),
    FLOW_CONTROL_ERROR(0x3),
    SETTINGS_TIMEOUT(0x4),
    STREAM_CLOSED(0x5),
    FRAME_SIZE_ERROR(0x6),
    REFUSED_STREAM(0x7),
    CANCEL(0x8),
    COMPRESSION_ERROR(0x9),
    CONNECT_ERROR(0xa),
    ENHANCE_YOUR_CALM(0xb),
    INADEQUATE_SECURITY(0xc),
    HTTP_1_1_REQUIRED(0xd);

    private static final ErrorCode[] BY_CODE = values();

    private final int code;

    ErrorCode(int code) {
        this.code = code;
    }

    /** The number sent on the wire. */
    public int code() {
        return code;
    }

    /** The code for a wire value; an unknown one is {@link #INTERNAL_ERROR} (RFC 9113 §7). */
    public static ErrorCode of(long wire) {
        return wire >= 0 && wire < BY_CODE.length ? BY_CODE[(int) wire] : INTERNAL_ERROR;
    }
}
