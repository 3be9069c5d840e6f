package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** The parser's table of {@link HeaderName#known()} names: found by length, then bytes, in any case. */
final class KnownHeaders {
    private static final HeaderName[][] BY_LENGTH;
    private static final byte[][][] LOWER_BY_LENGTH;
    private static final Set<HeaderName> KNOWN = Collections.newSetFromMap(new IdentityHashMap<>());

    static {
        List<HeaderName> known = HeaderName.known();
        KNOWN.addAll(known);
        int max = 0;
        for (HeaderName n : known) {
            max = Math.max(max, n.name().length());
        }
        List<List<HeaderName>> groups = new ArrayList<>();
        for (int i = 0; i <= max; i++) {
            groups.add(new ArrayList<>());
        }
        for (HeaderName n : known) {
            groups.get(n.name().length()).add(n);
        }
        BY_LENGTH = new HeaderName[max + 1][];
        LOWER_BY_LENGTH = new byte[max + 1][][];
        for (int i = 0; i <= max; i++) {
            BY_LENGTH[i] = groups.get(i).toArray(new HeaderName[0]);
            LOWER_BY_LENGTH[i] = new byte[BY_LENGTH[i].length][];
            for (int k = 0; k < BY_LENGTH[i].length; k++) {
                LOWER_BY_LENGTH[i][k] = BY_LENGTH[i][k].name().toLowerCase(Locale.ROOT)
                        .getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            }
        }
    }

    private KnownHeaders() {
    }

    /** The known name these bytes spell in any case, or {@code null}. */
    static HeaderName lookup(byte[] buf, int off, int len) {
        if (len >= BY_LENGTH.length) {
            return null;
        }
        byte[][] lower = LOWER_BY_LENGTH[len];
        for (int k = 0; k < lower.length; k++) {
            if (Ascii.equalsLower(buf, off, len, lower[k])) {
                return BY_LENGTH[len][k];
            }
        }
        return null;
    }

    /** Whether the parser recognises this name (so a field carries it as its known name). */
    static boolean isKnown(HeaderName name) {
        return KNOWN.contains(name);
    }
}
