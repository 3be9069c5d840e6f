package dev.morello.tools.std.encoding;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.Charset;
import java.nio.charset.CharsetEncoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Locale;

/**
 * Text to bytes in a charset, with Python's error handlers (the {@code errors} argument of
 * {@code tools.encode}), since {@link String#getBytes(Charset)} silently replaces what a charset
 * cannot hold and so cannot tell the encode tool to try another charset.
 */
final class EncText {
    private EncText() {
    }

    /** What to do with a character the charset cannot hold, named as Python's codecs name it. */
    enum Errors {
        /** fail, so the next acceptable charset is tried (406 or 500 when none is left) */
        STRICT,
        /** the charset's replacement, usually {@code ?} */
        REPLACE,
        /** drop the character */
        IGNORE,
        /** a numeric character reference, {@code &#8364;} (useful for HTML and XML) */
        XMLCHARREFREPLACE;

        static Errors of(String name) {
            try {
                return valueOf(name.trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("tools.encode.errors must be one of strict, replace, ignore, "
                        + "xmlcharrefreplace, not '" + name + "'");
            }
        }
    }

    /**
     * The text in the charset, or null when it cannot be encoded under {@link Errors#STRICT}. A
     * lone surrogate (half a pair) is text no charset can hold: it fails under STRICT too.
     */
    static byte[] encode(CharSequence text, Charset cs, Errors errors) {
        String s = text.toString();
        if (isUnicode(cs)) {
            // every code point fits: only a lone surrogate can fail, and String.getBytes would
            // turn it into '?' without saying so
            if (errors == Errors.REPLACE || !hasLoneSurrogate(s)) {
                return s.getBytes(cs);
            }
        } else if (cs == StandardCharsets.ISO_8859_1 || cs == StandardCharsets.US_ASCII) {
            int limit = cs == StandardCharsets.US_ASCII ? 0x80 : 0x100;
            if (errors == Errors.REPLACE || fitsBelow(s, limit)) {
                return s.getBytes(cs);
            }
        }
        return encodeSlowly(s, cs, errors);
    }

    /** Whether every code point is encodable in the charset (the UTF family). */
    static boolean isUnicode(Charset cs) {
        return cs == StandardCharsets.UTF_8 || cs == StandardCharsets.UTF_16 || cs == StandardCharsets.UTF_16BE
                || cs == StandardCharsets.UTF_16LE || cs.name().startsWith("UTF-32");
    }

    static boolean hasLoneSurrogate(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            if (Character.isSurrogate(c)) {
                if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    i++;
                } else {
                    return true;
                }
            }
        }
        return false;
    }

    private static boolean fitsBelow(String s, int limit) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) >= limit) {
                return false;
            }
        }
        return true;
    }

    private static byte[] encodeSlowly(String s, Charset cs, Errors errors) {
        CharsetEncoder enc = cs.newEncoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer in = CharBuffer.wrap(s);
        ByteBuffer out = ByteBuffer.allocate((int) Math.min(Integer.MAX_VALUE - 16L,
                (long) (s.length() * (double) enc.averageBytesPerChar()) + 16));
        while (true) {
            CoderResult r = in.hasRemaining() ? enc.encode(in, out, true) : CoderResult.UNDERFLOW;
            if (r.isUnderflow()) {
                r = enc.flush(out);
                if (r.isUnderflow()) {
                    break;
                }
            }
            if (r.isOverflow()) {
                out = grow(out, 0);
                continue;
            }
            // an unmappable or malformed run of r.length() chars at the input's position
            switch (errors) {
                case STRICT -> {
                    return null;
                }
                case IGNORE -> in.position(in.position() + r.length());
                case REPLACE -> {
                    byte[] rep = enc.replacement();
                    out = grow(out, rep.length);
                    out.put(rep);
                    in.position(in.position() + r.length());
                }
                case XMLCHARREFREPLACE -> {
                    int end = in.position() + r.length();
                    while (in.position() < end) {
                        int cp = Character.codePointAt(in, 0);
                        int width = Character.charCount(cp);
                        if (in.position() + width > end) {
                            // half a pair: reference the lone surrogate itself, as Python does
                            cp = in.charAt(0);
                            width = 1;
                        }
                        byte[] ref = ("&#" + cp + ";").getBytes(cs);
                        out = grow(out, ref.length);
                        out.put(ref);
                        in.position(in.position() + width);
                    }
                }
            }
        }
        return Arrays.copyOf(out.array(), out.position());
    }

    private static ByteBuffer grow(ByteBuffer out, int need) {
        if (need > 0 && out.remaining() >= need) {
            return out;
        }
        int size = Math.max(out.capacity() * 2, out.capacity() + need + 16);
        ByteBuffer bigger = ByteBuffer.allocate(size);
        out.flip();
        bigger.put(out);
        return bigger;
    }

    /**
     * Encodes a sequence of text chunks in one charset, keeping a surrogate pair whole when a
     * chunk ends in its first half (a Java string may split a pair; a Python string cannot).
     */
    static final class Chunks {
        private Charset charset;
        private final Errors errors;
        private char pending;

        Chunks(Charset charset, Errors errors) {
            this.charset = charset;
            this.errors = errors;
        }

        /** The chunk's bytes (possibly empty while half a pair waits), or null on a STRICT failure. */
        byte[] text(CharSequence chunk) {
            CharSequence s = chunk;
            if (pending != 0) {
                s = pending + chunk.toString();
                pending = 0;
            }
            int n = s.length();
            if (n > 0 && Character.isHighSurrogate(s.charAt(n - 1))) {
                pending = s.charAt(n - 1);
                s = s.subSequence(0, n - 1);
            }
            return once(s);
        }

        private byte[] once(CharSequence s) {
            byte[] b = encode(s, charset, errors);
            if (b != null && b.length > 0 && charset == StandardCharsets.UTF_16) {
                // UTF-16 starts with a byte-order mark, once: the rest is big-endian without one
                charset = StandardCharsets.UTF_16BE;
            }
            return b;
        }

        /** What is still held (a waiting half pair), encoded alone; empty when nothing is; null on failure. */
        byte[] finish() {
            if (pending == 0) {
                return new byte[0];
            }
            String s = String.valueOf(pending);
            pending = 0;
            return once(s);
        }

        boolean holding() {
            return pending != 0;
        }
    }
}
