package dev.morello.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * One HTTP/1.1 response as the load clients read it from a kept-alive connection: the status,
 * the header fields (names in lower case, the last value of a repeated name) and the whole body,
 * framed by {@code Transfer-Encoding: chunked}, by {@code Content-Length}, or by the close.
 * A small reader for clients that check every answer, not a general one: no 1xx, no HEAD.
 *
 * @param status  the status code
 * @param headers the header fields, names in lower case
 * @param body    the body, de-chunked
 */
record Http1Reply(int status, Map<String, String> headers, byte[] body) {
    private static final int MAX_LINE = 8192;
    private static final int MAX_HEADERS = 100;

    /** A connection to {@code host:port} as the load clients open one: no Nagle, every wait bounded by {@code timeoutMillis}. */
    static Socket connect(String host, int port, int timeoutMillis) throws IOException {
        Socket s = new Socket();
        try {
            s.setTcpNoDelay(true);
            s.setSoTimeout(timeoutMillis);
            s.connect(new InetSocketAddress(host, port), timeoutMillis);
            return s;
        } catch (IOException e) {
            s.close();
            throw e;
        }
    }

    /** The value of the field {@code name} (lower case), or null. */
    String header(String name) {
        return headers.get(name);
    }

    /** Whether the server closes the connection after this response. */
    boolean closes() {
        String c = headers.get("connection");
        return c != null && c.toLowerCase(Locale.ROOT).contains("close");
    }

    /**
     * Reads one response from {@code in}, which should be buffered.
     *
     * @throws IOException when the connection ends or the bytes are not a response
     */
    static Http1Reply read(InputStream in) throws IOException {
        String statusLine = line(in);
        if (statusLine == null) {
            throw new IOException("connection closed before a response");
        }
        if (!statusLine.startsWith("HTTP/1.") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
            throw new IOException("not a status line: " + printable(statusLine));
        }
        int status = (int) decimal(statusLine.substring(9, 12));
        Map<String, String> headers = new HashMap<>();
        for (int n = 0; ; n++) {
            String field = line(in);
            if (field == null) {
                throw new IOException("connection closed within the response head");
            }
            if (field.isEmpty()) {
                break;
            }
            if (n == MAX_HEADERS) {
                throw new IOException("more than " + MAX_HEADERS + " header fields");
            }
            int colon = field.indexOf(':');
            if (colon <= 0) {
                throw new IOException("not a header field: " + printable(field));
            }
            headers.put(field.substring(0, colon).strip().toLowerCase(Locale.ROOT), field.substring(colon + 1).strip());
        }
        String te = headers.get("transfer-encoding");
        String length = headers.get("content-length");
        byte[] body;
        if (status == 204 || status == 304) {
            body = new byte[0];
        } else if (te != null && te.toLowerCase(Locale.ROOT).endsWith("chunked")) {
            body = chunked(in);
        } else if (length != null) {
            long n = decimal(length);
            if (n > Integer.MAX_VALUE - 16) {
                throw new IOException("a body too large for this client: " + n);
            }
            body = in.readNBytes((int) n);
            if (body.length != n) {
                throw new IOException("connection closed after " + body.length + " of " + n + " body bytes");
            }
        } else {
            body = in.readAllBytes();
            headers.put("connection", "close");
        }
        return new Http1Reply(status, headers, body);
    }

    private static byte[] chunked(InputStream in) throws IOException {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line(in);
            if (sizeLine == null) {
                throw new IOException("connection closed within a chunked body");
            }
            int semicolon = sizeLine.indexOf(';');
            long size = hex(semicolon < 0 ? sizeLine.strip() : sizeLine.substring(0, semicolon).strip());
            if (size == 0) {
                // trailer fields, if any, up to the empty line
                for (String t = line(in); t == null || !t.isEmpty(); t = line(in)) {
                    if (t == null) {
                        throw new IOException("connection closed within the trailer section");
                    }
                }
                return body.toByteArray();
            }
            if (body.size() + size > Integer.MAX_VALUE - 16) {
                throw new IOException("a chunked body too large for this client");
            }
            byte[] chunk = in.readNBytes((int) size);
            if (chunk.length != size) {
                throw new IOException("connection closed within a chunk");
            }
            body.writeBytes(chunk);
            String end = line(in);
            if (end == null || !end.isEmpty()) {
                throw new IOException("a chunk not followed by CRLF");
            }
        }
    }

    /** A line without its CRLF (or bare LF), or null at the end of the stream before any byte. */
    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder(64);
        while (true) {
            int b = in.read();
            if (b < 0) {
                if (s.isEmpty()) {
                    return null;
                }
                throw new IOException("connection closed within a line");
            }
            if (b == '\n') {
                int last = s.length() - 1;
                if (last >= 0 && s.charAt(last) == '\r') {
                    s.setLength(last);
                }
                return s.toString();
            }
            if (s.length() == MAX_LINE) {
                throw new IOException("a line longer than " + MAX_LINE + " bytes");
            }
            s.append((char) b);
        }
    }

    /** Decimal digits only (no sign, no spaces), with an overflow check. */
    private static long decimal(String s) throws IOException {
        if (s.isEmpty() || s.length() > 18) {
            throw new IOException("not a number: " + printable(s));
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new IOException("not a number: " + printable(s));
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static long hex(String s) throws IOException {
        if (s.isEmpty() || s.length() > 15) {
            throw new IOException("not a chunk size: " + printable(s));
        }
        long n = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || s.charAt(i) > 'f') {
                throw new IOException("not a chunk size: " + printable(s));
            }
            n = n * 16 + d;
        }
        return n;
    }

    /** {@code s} with control and non-ASCII characters escaped, cut to 80 characters, for messages. */
    static String printable(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length() && b.length() < 80; i++) {
            char c = s.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? String.valueOf(c) : String.format(Locale.ROOT, "\\x%02x", (int) c));
        }
        return b.toString();
    }

    /** The bytes of an ASCII request head or body text. */
    static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
