package dev.morello.internal;

/** Text put into HTML the framework writes (error pages, the login form). */
public final class Html {
    private Html() {
    }

    /**
     * Escapes text for an HTML page: markup ({@code < > & " '}) as character references, and
     * control characters (C0 but TAB and LF, DEL, C1) as {@code \xNN}, visibly and in ASCII. A
     * control character is not markup, but echoed raw it reaches the reader's terminal or log
     * viewer (ESC starts a terminal sequence, CR rewrites a line, NUL ends C strings); and HTML
     * forbids them as text and as character references (the WHATWG HTML parse errors
     * "control-character-in-input-stream" and "control-character-reference"). TAB and LF stay:
     * they are whitespace, and a traceback is made of them.
     */
    public static String escape(String s) {
        if (s == null) {
            return "";
        }
        StringBuilder b = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String rep = switch (c) {
                case '<' -> "&lt;";
                case '>' -> "&gt;";
                case '&' -> "&amp;";
                case '"' -> "&quot;";
                case '\'' -> "&#x27;";
                default -> isControl(c) ? controlEscape(c) : null;
            };
            if (rep != null) {
                if (b == null) {
                    b = new StringBuilder(s.length() + 16).append(s, 0, i);
                }
                b.append(rep);
            } else if (b != null) {
                b.append(c);
            }
        }
        return b == null ? s : b.toString();
    }

    private static boolean isControl(char c) {
        return c < 0x20 && c != '\t' && c != '\n' || c >= 0x7f && c <= 0x9f;
    }

    private static String controlEscape(char c) {
        return "\\x" + HEX[c >> 4] + HEX[c & 0xf];
    }

    private static final char[] HEX = "0123456789abcdef".toCharArray();
}
