package dev.morello.http.internal;

/**
 * Checks UTF-8 as it arrives, piece by piece (RFC 3629): no overlong forms, no surrogates,
 * nothing past U+10FFFF. A sequence may be split between pieces; {@link #complete()} says
 * whether the text ended on a character's boundary.
 */
final class Utf8Validator {
    /** Continuation bytes still expected. */
    private int need;
    /** Bounds of the next continuation byte (narrower after E0, ED, F0 and F4). */
    private int lower = 0x80;
    private int upper = 0xBF;

    /** Feeds bytes; false at the first that cannot be UTF-8 (the validator is then spent). */
    boolean feed(byte[] bytes, int off, int len) {
        int end = off + len;
        int i = off;
        while (i < end) {
            int b = bytes[i++] & 0xff;
            if (need == 0) {
                if (b < 0x80) {
                    continue;
                }
                if (b >= 0xC2 && b <= 0xDF) {
                    need = 1;
                } else if (b == 0xE0) {
                    need = 2;
                    lower = 0xA0;
                } else if (b == 0xED) {
                    need = 2;
                    upper = 0x9F; // above would be a surrogate
                } else if (b >= 0xE1 && b <= 0xEF) {
                    need = 2;
                } else if (b == 0xF0) {
                    need = 3;
                    lower = 0x90;
                } else if (b >= 0xF1 && b <= 0xF3) {
                    need = 3;
                } else if (b == 0xF4) {
                    need = 3;
                    upper = 0x8F; // above would pass U+10FFFF
                } else {
                    return false; // a continuation byte first, C0, C1 or F5-FF
                }
            } else {
                if (b < lower || b > upper) {
                    return false;
                }
                lower = 0x80;
                upper = 0xBF;
                need--;
            }
        }
        return true;
    }

    /** Whether everything fed ends on a character's boundary. */
    boolean complete() {
        return need == 0;
    }

    void reset() {
        need = 0;
        lower = 0x80;
        upper = 0xBF;
    }

    /** Whether the bytes are whole UTF-8 text. */
    static boolean valid(byte[] bytes, int off, int len) {
        Utf8Validator v = new Utf8Validator();
        return v.feed(bytes, off, len) && v.complete();
    }
}
