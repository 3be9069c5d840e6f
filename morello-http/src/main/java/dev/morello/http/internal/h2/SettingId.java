package dev.morello.http.internal.h2;

/**
 * The SETTINGS parameters of RFC 9113 §6.5.2. Others exist as extensions; a receiver ignores
 * those it does not know (§6.5.2), so the reader drops them and {@link #of(int)} answers
 * {@code null}.
 */
public enum SettingId {
    HEADER_TABLE_SIZE(0x1),
    ENABLE_PUSH(0x2),
    MAX_CONCURRENT_STREAMS(0x3),
    INITIAL_WINDOW_SIZE(0x4),
    MAX_FRAME_SIZE(0x5),
    MAX_HEADER_LIST_SIZE(0x6);

    private final int code;

    SettingId(int code) {
        this.code = code;
    }

    /** The 16-bit identifier on the wire. */
    public int code() {
        return code;
    }

    /** The parameter for an identifier, or {@code null} for one we do not know. */
    public static SettingId of(int code) {
        for (SettingId id : values()) {
            if (id.code == code) {
                return id;
            }
        }
        return null;
    }
}
