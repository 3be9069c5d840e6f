package dev.morello.http;

/** The HTTP versions this server speaks: HTTP/1.x (RFC 9112 §2.3), and HTTP/2 (RFC 9113) when turned on. */
public enum HttpVersion {
    HTTP_1_0("HTTP/1.0"),
    HTTP_1_1("HTTP/1.1"),
    /** HTTP/2 (RFC 9113): what {@code HttpExchange.version()} says for a request over an h2 or h2c connection. */
    HTTP_2_0("HTTP/2.0");

    private final String text;

    HttpVersion(String text) {
        this.text = text;
    }

    /** The version as it appears on the wire, e.g. {@code HTTP/1.1}. */
    public String text() {
        return text;
    }

    /**
     * Parses {@code HTTP/1.0} or {@code HTTP/1.1}; anything else is refused ({@code HTTP/2.0} too:
     * it is never written in a request or status line, and is no {@code protocolVersion}).
     */
    public static HttpVersion of(String text) {
        for (HttpVersion v : values()) {
            if (v != HTTP_2_0 && v.text.equals(text)) {
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
