package dev.morello.http;

/** The HTTP/1.x versions this server speaks (RFC 9112 §2.3). */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** The version as it appears on the wire, e.g. {@code HTTP/1.1}. */
    public String text() {
        return text;
    }

    /** Parses {@code HTTP/1.0} or {@code HTTP/1.1}; anything else is refused. */
    public static HttpVersion of(String text) {
        for (HttpVersion v : values()) {
            if (v.text.equals(text)) {
                return v;
            }
        }
        throw new IllegalArgumentException("unsupported protocol version: " + text);
    }

    @Override
    public String toString() {
        return text;
    }
}
