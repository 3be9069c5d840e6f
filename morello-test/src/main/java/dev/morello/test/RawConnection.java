package dev.morello.test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.opentest4j.AssertionFailedError;

/**
 * A socket to the site that sends exactly the bytes it is given and reads the replies as they
 * come, for what an HTTP client would tidy up: a bare LF, a missing {@code Host}, two requests in
 * one write, a connection the server should close.
 *
 * <pre>{@code
 * try (RawConnection c = client.openRaw()) {
 *     c.send("GET / HTTP/1.1\r\nHost: x\r\n\r\nGET /other HTTP/1.1\r\nHost: x\r\n\r\n");
 *     c.readResponse().assertStatus(200);
 *     c.readResponse().assertStatus(404);
 * }
 * }</pre>
 *
 * <p>A read waits at most {@link WebClient#TIMEOUT} and then fails.
 * Text is sent as ISO-8859-1, one byte per character, so that {@code "\r\n"} is two bytes and
 * {@code "\u00ff"} is the byte 0xFF: what is written is what goes.
 */
public final class RawConnection implements AutoCloseable {
    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private String lastRequest = "(nothing sent)";

    private RawConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Connects to the host and port of {@code base}, reads waiting at most {@code timeout}. */
    static RawConnection open(URI base, Duration timeout) {
        Socket s = new Socket();
        try {
            s.connect(new InetSocketAddress(base.getHost().replace("[", "").replace("]", ""), base.getPort()),
                    (int) timeout.toMillis());
            s.setSoTimeout((int) timeout.toMillis());
            return new RawConnection(s);
        } catch (IOException e) {
            try {
                s.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw new UncheckedIOException("cannot connect to " + base, e);
        }
    }

    /** Sends the text's characters as bytes (ISO-8859-1), exactly as written. */
    public RawConnection send(String text) {
        return send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends the bytes, exactly. */
    public RawConnection send(byte[] bytes) {
        int end = 0;
        while (end < bytes.length && bytes[end] != '\r' && bytes[end] != '\n') {
            end++;
        }
        lastRequest = new String(bytes, 0, Math.min(end, 200), StandardCharsets.ISO_8859_1);
        try {
            out.write(bytes);
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot send " + lastRequest, e);
        }
        return this;
    }

    /**
     * Reads one response: its status line, its header fields, and its body as its framing says
     * (a {@code Content-Length}, chunks, or up to the close); a 1xx, 204 or 304 response has none.
     * A 100 Continue is a response too: read again for the final one.
     */
    public WebResponse readResponse() {
        return read(false);
    }

    /** Reads the response to a HEAD request: header fields only, whatever they say of a body. */
    public WebResponse readResponseToHead() {
        return read(true);
    }

    /** Reads everything until the server closes the connection, as it came. */
    public byte[] readToClose() {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException("reading to the close after " + lastRequest, e);
        }
    }

    /**
     * Whether the server has closed the connection: true when a read finds its end, false when a
     * byte comes instead (it is lost) or none comes within {@code wait}.
     */
    public boolean closedByServer(Duration wait) {
        try {
            int timeout = socket.getSoTimeout();
            socket.setSoTimeout((int) Math.max(1, wait.toMillis()));
            try {
                return in.read() < 0;
            } finally {
                socket.setSoTimeout(timeout);
            }
        } catch (SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            // a reset is a close too
            return true;
        }
    }

    /** The socket, for what this class does not offer (half-closing it, say). */
    public Socket socket() {
        return socket;
    }

    /** Closes the socket. */
    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing to do about a socket that would not close
        }
    }

    private WebResponse read(boolean head) {
        try {
            String statusLine = line();
            if (statusLine == null) {
                throw new AssertionFailedError(lastRequest + ": the server closed the connection without a response");
            }
            if (!statusLine.startsWith("HTTP/") || statusLine.length() < 12 || statusLine.charAt(8) != ' ') {
                throw new AssertionFailedError(lastRequest + ": not a status line: \"" + statusLine + "\"");
            }
            int status = digits(statusLine.substring(9, 12), statusLine);
            String reason = statusLine.length() > 13 ? statusLine.substring(13) : "";
            Map<String, List<String>> headers = new LinkedHashMap<>();
            fields(headers);
            byte[] body;
            if (head || status / 100 == 1 || status == 204 || status == 304) {
                body = new byte[0];
            } else if (first(headers, "transfer-encoding").toLowerCase(Locale.ROOT).endsWith("chunked")) {
                body = chunks(headers);
            } else if (!first(headers, "content-length").isEmpty()) {
                String length = first(headers, "content-length");
                int n = digits(length, "Content-Length: " + length);
                body = in.readNBytes(n);
                if (body.length < n) {
                    throw new AssertionFailedError(lastRequest + ": the connection closed after " + body.length
                            + " of the " + n + " bytes of the body");
                }
            } else {
                body = in.readAllBytes();
            }
            return new WebResponse(lastRequest, status, reason, headers, body);
        } catch (IOException e) {
            throw new UncheckedIOException("reading the response to " + lastRequest, e);
        }
    }

    private byte[] chunks(Map<String, List<String>> headers) throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        while (true) {
            String sizeLine = line();
            if (sizeLine == null) {
                throw new AssertionFailedError(lastRequest + ": the connection closed inside the chunked body");
            }
            int semi = sizeLine.indexOf(';');
            String hex = (semi < 0 ? sizeLine : sizeLine.substring(0, semi)).strip();
            int size = hexDigits(hex, sizeLine);
            if (size == 0) {
                fields(headers);  // the trailer section, if any
                return all.toByteArray();
            }
            all.write(in.readNBytes(size));
            line();
        }
    }

    private void fields(Map<String, List<String>> headers) throws IOException {
        for (String line = line(); line != null && !line.isEmpty(); line = line()) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new AssertionFailedError(lastRequest + ": not a header field: \"" + line + "\"");
            }
            headers.computeIfAbsent(line.substring(0, colon), n -> new ArrayList<>()).add(line.substring(colon + 1).strip());
        }
    }

    private static String first(Map<String, List<String>> headers, String name) {
        for (Map.Entry<String, List<String>> e : headers.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(e.getValue().size() - 1);
            }
        }
        return "";
    }

    /** A line up to LF, without its CR LF; null at the end of the stream before any byte. */
    private String line() throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c = in.read();
        if (c < 0) {
            return null;
        }
        for (; c >= 0 && c != '\n'; c = in.read()) {
            b.write(c);
        }
        byte[] bytes = b.toByteArray();
        int n = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
        return new String(bytes, 0, n, StandardCharsets.ISO_8859_1);
    }

    private int digits(String s, String context) {
        if (s.isEmpty() || s.length() > 9) {
            throw new AssertionFailedError(lastRequest + ": not a number in \"" + context + "\"");
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new AssertionFailedError(lastRequest + ": not a number in \"" + context + "\"");
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private int hexDigits(String s, String context) {
        if (s.isEmpty() || s.length() > 7) {
            throw new AssertionFailedError(lastRequest + ": not a chunk size: \"" + context + "\"");
        }
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            int d = Character.digit(s.charAt(i), 16);
            if (d < 0 || s.charAt(i) > 'f') {
                throw new AssertionFailedError(lastRequest + ": not a chunk size: \"" + context + "\"");
            }
            n = n * 16 + d;
        }
        return n;
    }
}
