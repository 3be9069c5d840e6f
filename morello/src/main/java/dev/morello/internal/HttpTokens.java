package dev.morello.internal;

/** The characters HTTP's tokens are made of, for the framework's own parsers of header values. */
public final class HttpTokens {
    private HttpTokens() {
    }

    /** RFC 9110 §5.6.2 tchar. */
    public static boolean isTchar(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c < 0x7f && c > 0x20 && "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
    }
}
