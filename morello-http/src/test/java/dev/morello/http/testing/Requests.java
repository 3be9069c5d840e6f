package dev.morello.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;

/**
 * Request bytes the tests share, and the assertion every refused request must pass.
 */
public final class Requests {
    public static final String CRLF = "\r\n";

    /** A request answered by {@link TestServers}' probe, never by the test's handler. */
    public static final String PROBE = "GET " + TestServers.PROBE_PATH + " HTTP/1.1\r\nHost: probe\r\n\r\n";

    private Requests() {
    }

    /** {@code GET target HTTP/1.1} with a Host and nothing else. */
    public static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n";
    }

    /** A request with a Content-Length body. */
    public static String withBody(String method, String target, String body) {
        return method + " " + target + " HTTP/1.1\r\nHost: test\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** A request whose head is {@code requestLine}, {@code Host: test}, then {@code fieldLines} (each CRLF-ended). */
    public static String head(String requestLine, String... fieldLines) {
        StringBuilder b = new StringBuilder(requestLine).append(CRLF).append("Host: test").append(CRLF);
        for (String f : fieldLines) {
            b.append(f).append(CRLF);
        }
        return b.append(CRLF).toString();
    }

    /** A chunked POST: the head, then {@code chunkedBody} verbatim. */
    public static String chunked(String target, String chunkedBody) {
        return "POST " + target + " HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n" + chunkedBody;
    }

    /**
     * Reads the response to a request the server must refuse, and checks what every refusal must
     * be: the expected status, a short plain-text body, {@code Connection: close}, and the
     * connection closed after it (RFC 9112 §9.6: a framing error leaves nothing to reuse).
     */
    public static RawResponse assertRefused(RawClient client, int status) throws IOException {
        return assertRefused(client, status, false);
    }

    /**
     * As {@link #assertRefused(RawClient, int)}, for a request whose method may be HEAD: the
     * refusal of a HEAD request has its headers but no body (RFC 9110 §9.3.2).
     */
    public static RawResponse assertRefused(RawClient client, int status, boolean headRequest) throws IOException {
        RawResponse r = headRequest ? client.readHeadResponse() : client.readResponse();
        assertEquals(status, r.status(), () -> "response: " + r);
        assertTrue(r.complete(), () -> "response: " + r);
        assertTrue(r.saysClose(), () -> "a refusal must say Connection: close; response: " + r);
        assertTrue(r.hasHeader("Date"), () -> "every response carries Date; response: " + r);
        String type = r.header("Content-Type");
        assertNotNull(type, () -> "a refusal carries a plain-text body; response: " + r);
        assertTrue(type.startsWith("text/plain"), () -> "response: " + r);
        if (!headRequest) {
            assertFalse(r.body().length == 0 || r.body().length > 200,
                    () -> "a refusal carries a short body; response: " + r);
        }
        client.assertClosedByServer();
        return r;
    }
}
