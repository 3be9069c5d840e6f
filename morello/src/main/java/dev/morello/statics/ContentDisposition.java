package dev.morello.statics;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;

/**
 * {@code Content-Disposition} values per RFC 6266: {@code attachment; filename="report.pdf"}.
 * A name that is not plain printable ASCII also gets {@code filename*} (RFC 8187: UTF-8,
 * percent-encoded), which current browsers prefer, while {@code filename} keeps an ASCII
 * fallback: accents dropped, other characters as {@code _}.
 *
 * <pre>
 * attachment; filename="resume.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9.pdf
 * </pre>
 */
final class ContentDisposition {
    private static final String ATTR_CHAR_PUNCTUATION = "!#$&+-.^_`|~";
    private static final String TCHAR_PUNCTUATION = "!#$%&'*+-.^_`|~";

    private ContentDisposition() {
    }

    /** The field value for the disposition type ({@code attachment}, {@code inline}) and name. */
    static String of(String type, String filename) {
        if (type.isEmpty()) {
            throw new IllegalArgumentException("a disposition type is a token, such as attachment or inline");
        }
        for (int i = 0; i < type.length(); i++) {
            char c = type.charAt(i);
            if (!isAlnum(c) && TCHAR_PUNCTUATION.indexOf(c) < 0) {
                throw new IllegalArgumentException("a disposition type is a token, such as attachment or inline: " + type);
            }
        }
        String fallback = asciiFallback(filename);
        StringBuilder b = new StringBuilder(type.length() + filename.length() * 2 + 32);
        b.append(type).append("; filename=\"").append(fallback).append('"');
        if (!fallback.equals(filename)) {
            b.append("; filename*=UTF-8''");
            for (byte x : filename.getBytes(StandardCharsets.UTF_8)) {
                int c = x & 0xff;
                if (c < 0x80 && (isAlnum((char) c) || ATTR_CHAR_PUNCTUATION.indexOf(c) >= 0)) {
                    b.append((char) c);
                } else {
                    b.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
                            .append(Character.toUpperCase(Character.forDigit(c & 0xf, 16)));
                }
            }
        }
        return b.toString();
    }

    /**
     * The name in printable ASCII fit for a quoted-string: compatibility forms and accents are
     * taken apart (NFKD) and the marks dropped; anything else outside ASCII, a control character,
     * {@code "} and {@code \} (which user agents unescape inconsistently, RFC 6266 appendix D)
     * become {@code _}.
     */
    static String asciiFallback(String name) {
        String d = Normalizer.normalize(name, Normalizer.Form.NFKD);
        StringBuilder b = new StringBuilder(d.length());
        for (int i = 0; i < d.length(); ) {
            int cp = d.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.getType(cp) == Character.NON_SPACING_MARK) {
                continue;
            }
            b.append(cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\' ? (char) cp : '_');
        }
        return b.toString();
    }

    private static boolean isAlnum(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9';
    }
}
