package dev.morello.http.internal.h2;

import java.util.HexFormat;

/** Hex dumps as RFC 7541 prints them ("8286 8441 ..."), whitespace ignored. */
final class Hex {
    private Hex() {
    }

    static byte[] bytes(String dump) {
        return HexFormat.of().parseHex(dump.replaceAll("\\s+", ""));
    }

    static String of(byte[] bytes, int offset, int length) {
        return HexFormat.of().formatHex(bytes, offset, offset + length);
    }

    static String of(WireBuffer out) {
        return of(out.array(), 0, out.length());
    }

    static String of(byte[] bytes) {
        return of(bytes, 0, bytes.length);
    }

    static String normalize(String dump) {
        return dump.replaceAll("\\s+", "").toLowerCase(java.util.Locale.ROOT);
    }
}
