package dev.morello.http.internal.h2;

/**
 * The frame types of RFC 9113 §6, by their wire code. A type not listed here is an extension:
 * RFC 9113 §4.1 and §5.5 have it ignored, so the reader keeps the raw number and
 * {@link #of(int)} answers {@code null} for it.
 */
public enum FrameType {
    DATA(0x0),
    HEADERS(0x1),
    PRIORITY(0x2),
    RST_STREAM(0x3),
    SETTINGS(0x4),
    PUSH_PROMISE(0x5),
    PING(0x6),
    GOAWAY(0x7),
    WINDOW_UPDATE(0x8),
    CONTINUATION(0x9);

    private static final FrameType[] BY_CODE = values();

    private final int code;

    FrameType(int code) {
        this.code = code;
    }

    /** The type octet on the wire. */
    public int code() {
        return code;
    }

    /** The type for a wire code, or {@code null} for one RFC 9113 does not define. */
    public static FrameType of(int code) {
        return code >= 0 && code < BY_CODE.length ? BY_CODE[code] : null;
    }
}
