package dev.morello.http.testing;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;

/**
 * A deliberately dumb HTTP/1.1 client for conformance tests: it sends exactly the bytes it is
 * given, and reads responses strictly (every line must end with CRLF, field names must be tokens,
 * the body must be framed as RFC 9112 §6.3 says), so a malformed response fails the test instead
 * of being papered over.
 *
 * <pre>{@code
 * try (RawClient client = RawClient.connect(server.address())) {
 *     client.send("GET / HTTP/1.1\r\nHost: x\r\n\r\n");
 *     RawResponse response = client.readResponse();
 *     client.assertClosedByServer();   // or send a second request: the connection is still usable
 * }
 * }</pre>
 *
 * <p>Works over TCP and Unix domain sockets alike, and over TLS ({@link #connect(SocketAddress,
 * SSLContext)}): then the handshake completes in {@code connect}, each {@code send} leaves as its
 * own records, and reads see the decrypted bytes, so a test reads the same either way. Every read
 * waits at most {@link #timeout()} (5 s by default), so a server that hangs fails the test rather
 * than the build. One thread may send while another reads (an {@link SSLEngine} allows its wrap
 * and unwrap to run at once); neither side is otherwise thread-safe.
 */
public final class RawClient implements AutoCloseable {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(5);

    private static final String TCHARS = "!#$%&'*+-.^_`|~";

    private final SocketChannel channel;
    /** TLS on the connection, or null for plain bytes. */
    private final SSLEngine engine;
    /** Ciphertext received and not yet decrypted (fill mode), when over TLS. */
    private ByteBuffer netIn;
    /** Ciphertext on its way out, when over TLS. */
    private ByteBuffer netOut;
    /** One selector each way, so one thread may send while another reads. */
    private final Selector readSelector;
    private final Selector writeSelector;
    private byte[] buf = new byte[16 * 1024];
    private int start;
    private int end;
    private boolean eof;
    private boolean reset;
    /** The bytes of a line the connection ended in the middle of, as the last readLine found them. */
    private String partialLine = "";
    private Duration timeout = DEFAULT_TIMEOUT;

    private RawClient(SocketChannel channel, SSLEngine engine) throws IOException {
        this.channel = channel;
        this.engine = engine;
        channel.configureBlocking(false);
        this.readSelector = Selector.open();
        this.writeSelector = Selector.open();
        channel.register(readSelector, SelectionKey.OP_READ);
        channel.register(writeSelector, SelectionKey.OP_WRITE);
    }

    /** Connects to a TCP address or a Unix domain socket. */
    public static RawClient connect(SocketAddress address) throws IOException {
        return new RawClient(open(address), null);
    }

    /**
     * Connects over TLS, with a context that trusts the server's certificate, and completes the
     * handshake: the server's name (an address here) is checked as an HTTPS client checks it.
     */
    public static RawClient connect(SocketAddress address, SSLContext context) throws IOException {
        SocketChannel ch = open(address);
        SSLEngine engine;
        if (address instanceof InetSocketAddress inet) {
            engine = context.createSSLEngine(inet.getHostString(), inet.getPort());
        } else {
            engine = context.createSSLEngine();
        }
        engine.setUseClientMode(true);
        SSLParameters parameters = engine.getSSLParameters();
        parameters.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(parameters);
        RawClient client = new RawClient(ch, engine);
        try {
            client.handshake();
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
        return client;
    }

    private static SocketChannel open(SocketAddress address) throws IOException {
        boolean unix = address instanceof UnixDomainSocketAddress;
        SocketChannel ch = unix ? SocketChannel.open(StandardProtocolFamily.UNIX) : SocketChannel.open();
        try {
            if (!unix) {
                // Each send() should leave as its own segment, so tests can split requests.
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
            }
            ch.connect(address);
        } catch (IOException e) {
            ch.close();
            throw e;
        }
        return ch;
    }

    public Duration timeout() {
        return timeout;
    }

    /** How long reads wait for expected data before the test fails. */
    public RawClient timeout(Duration timeout) {
        this.timeout = timeout;
        return this;
    }

    public SocketChannel channel() {
        return channel;
    }

    // ---- sending ----------------------------------------------------------------------------

    /** Sends the string's characters as bytes (ISO-8859-1: each char U+0000-U+00FF is one byte). */
    public RawClient send(String text) throws IOException {
        return send(latin1(text));
    }

    public RawClient send(byte[] bytes) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long deadline = System.nanoTime() + timeout.toNanos();
        if (engine == null) {
            writeAll(b, deadline);
            return this;
        }
        while (b.hasRemaining()) {
            wrapAndWrite(b, deadline);
        }
        return this;
    }

    private void writeAll(ByteBuffer b, long deadline) throws IOException {
        while (b.hasRemaining()) {
            if (channel.write(b) == 0) {
                await(writeSelector, deadline, "writing the request");
            }
        }
    }

    /** One wrap of {@code src} (a record, or a handshake or closing message) and its ciphertext sent. */
    private SSLEngineResult wrapAndWrite(ByteBuffer src, long deadline) throws IOException {
        if (netOut == null) {
            netOut = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }
        while (true) {
            netOut.clear();
            SSLEngineResult result = engine.wrap(src, netOut);
            if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                netOut = ByteBuffer.allocate(netOut.capacity() * 2);
                continue;
            }
            if (result.getStatus() == SSLEngineResult.Status.CLOSED && result.bytesProduced() == 0 && src.hasRemaining()) {
                throw new SSLException("cannot send: the TLS connection is closed");
            }
            netOut.flip();
            writeAll(netOut, deadline);
            return result;
        }
    }

    /** Sends, reporting instead of throwing when the server has already closed the connection. */
    public boolean trySend(String text) {
        try {
            send(text);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Half-closes: the server reads end-of-stream, the client can still read. Over TLS the
     * client first sends close_notify, as a TLS peer ends its side (RFC 8446 §6.1).
     */
    public void shutdownOutput() throws IOException {
        if (engine != null) {
            long deadline = System.nanoTime() + timeout.toNanos();
            engine.closeOutbound();
            while (!engine.isOutboundDone()) {
                if (wrapAndWrite(EMPTY, deadline).bytesProduced() == 0) {
                    break;
                }
            }
        }
        channel.shutdownOutput();
    }

    /** The bytes of a string whose chars are all within U+0000-U+00FF. */
    public static byte[] latin1(String text) {
        byte[] bytes = new byte[text.length()];
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c > 0xff) {
                throw new IllegalArgumentException("not a byte: U+" + Integer.toHexString(c));
            }
            bytes[i] = (byte) c;
        }
        return bytes;
    }

    // ---- reading ----------------------------------------------------------------------------

    /** Reads the next response (an interim 1xx one included), framed as a response to a non-HEAD request. */
    public RawResponse readResponse() throws IOException {
        return read(false);
    }

    /** Reads the next response as the answer to a HEAD request: it has no body whatever its headers say. */
    public RawResponse readHeadResponse() throws IOException {
        return read(true);
    }

    private RawResponse read(boolean toHead) throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        String statusLine = readLine(deadline);
        if (statusLine == null) {
            throw new EOFException("the server closed the connection without a response"
                    + (reset ? " (connection reset)" : ""));
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 3 || !parts[0].matches("HTTP/\\d\\.\\d") || !parts[1].matches("\\d{3}")) {
            throw new AssertionError("malformed status line: " + printable(statusLine));
        }
        int status = Integer.parseInt(parts[1]);
        List<RawResponse.Field> fields = readFields(deadline, statusLine);
        RawResponse.Framing framing;
        byte[] body = new byte[0];
        List<Integer> chunkSizes = new ArrayList<>();
        List<RawResponse.Field> trailers = new ArrayList<>();
        boolean complete = true;
        String problem = null;

        String te = lastValue(fields, "Transfer-Encoding");
        String cl = lastValue(fields, "Content-Length");
        // RFC 9112 §6.2, §6.3: never both, never two lengths; either would let a proxy disagree.
        if (te != null && cl != null) {
            throw new AssertionError("response has both Transfer-Encoding and Content-Length: " + printable(statusLine));
        }
        if (cl != null && cl.contains(",")) {
            throw new AssertionError("response has more than one Content-Length: " + cl);
        }
        if (toHead || status < 200 || status == 204 || status == 304) {
            framing = RawResponse.Framing.NONE;
        } else if (te != null) {
            if (!te.toLowerCase(Locale.ROOT).strip().endsWith("chunked")) {
                throw new AssertionError("response Transfer-Encoding does not end with chunked: " + te);
            }
            framing = RawResponse.Framing.CHUNKED;
            var out = new ByteArrayOutputStream();
            chunks:
            while (true) {
                String sizeLine = readLine(deadline);
                if (sizeLine == null) {
                    complete = false;
                    // Cut inside a size line: what did arrive must still look like one.
                    if (!partialLine.isEmpty() && !partialLine.matches("[0-9a-fA-F]{1,8}(;[^\r\n]*)?\r?")) {
                        problem = "malformed partial chunk size line " + printable(partialLine);
                    }
                    break;
                }
                String size = sizeLine;
                int semi = size.indexOf(';');
                if (semi >= 0) {
                    size = size.substring(0, semi);
                }
                size = size.strip();
                if (!size.matches("[0-9a-fA-F]{1,8}")) {
                    complete = false;
                    problem = "malformed chunk size line " + printable(sizeLine);
                    break;
                }
                int n = Integer.parseInt(size, 16);
                if (n == 0) {
                    while (true) {
                        String t = readLine(deadline);
                        if (t == null) {
                            complete = false;
                            break chunks;
                        }
                        if (t.isEmpty()) {
                            break chunks;
                        }
                        trailers.add(parseField(t));
                    }
                }
                byte[] data = readBytes(n, deadline);
                out.write(data, 0, data.length);
                chunkSizes.add(n);
                if (data.length < n) {
                    complete = false;
                    break;
                }
                String after = readLine(deadline);
                if (after == null) {
                    complete = false;
                    break;
                }
                if (!after.isEmpty()) {
                    complete = false;
                    problem = "chunk data not followed by CRLF: " + printable(after);
                    break;
                }
            }
            body = out.toByteArray();
        } else if (cl != null) {
            if (!cl.matches("\\d+")) {
                throw new AssertionError("response Content-Length is not a number: " + cl);
            }
            framing = RawResponse.Framing.CONTENT_LENGTH;
            int n = Integer.parseInt(cl);
            body = readBytes(n, deadline);
            complete = body.length == n;
        } else {
            framing = RawResponse.Framing.CLOSE;
            body = readToEnd(deadline);
        }
        return new RawResponse(statusLine, parts[0], status, parts[2], List.copyOf(fields), body, framing,
                List.copyOf(chunkSizes), List.copyOf(trailers), complete, problem);
    }

    private List<RawResponse.Field> readFields(long deadline, String statusLine) throws IOException {
        List<RawResponse.Field> fields = new ArrayList<>();
        while (true) {
            String line = readLine(deadline);
            if (line == null) {
                throw new EOFException("the connection ended inside the response head after " + printable(statusLine));
            }
            if (line.isEmpty()) {
                return fields;
            }
            fields.add(parseField(line));
        }
    }

    private static RawResponse.Field parseField(String line) {
        int colon = line.indexOf(':');
        if (colon <= 0) {
            throw new AssertionError("malformed response field line: " + printable(line));
        }
        String name = line.substring(0, colon);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!(Character.isLetterOrDigit(c) && c < 0x80) && TCHARS.indexOf(c) < 0) {
                throw new AssertionError("response field name is not a token: " + printable(line));
            }
        }
        String value = line.substring(colon + 1);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                throw new AssertionError("control byte in response field value: " + printable(line));
            }
        }
        return new RawResponse.Field(name, value.strip());
    }

    private static String lastValue(List<RawResponse.Field> fields, String name) {
        String v = null;
        for (RawResponse.Field f : fields) {
            if (f.name().equalsIgnoreCase(name)) {
                v = v == null ? f.value() : v + ", " + f.value();
            }
        }
        return v;
    }

    /**
     * One line without its CRLF, or {@code null} when the connection ends first. A line ended by
     * a bare LF, or holding a bare CR, fails the test: responses must use CRLF (RFC 9112 §2.2).
     */
    private String readLine(long deadline) throws IOException {
        int scanned = 0;
        while (true) {
            for (int i = start + scanned; i < end; i++) {
                if (buf[i] == '\n') {
                    if (i == start || buf[i - 1] != '\r') {
                        throw new AssertionError("response line ended by a bare LF: "
                                + printable(new String(buf, start, i - start, StandardCharsets.ISO_8859_1)));
                    }
                    String line = new String(buf, start, i - 1 - start, StandardCharsets.ISO_8859_1);
                    if (line.indexOf('\r') >= 0) {
                        throw new AssertionError("bare CR in a response line: " + printable(line));
                    }
                    start = i + 1;
                    return line;
                }
            }
            // fill() may move the unread bytes to the buffer's start: remember the offset, not the index.
            scanned = end - start;
            if (fill(deadline) < 0) {
                partialLine = pending();
                return null;
            }
        }
    }

    /** Up to {@code n} bytes; fewer only when the connection ends. */
    private byte[] readBytes(int n, long deadline) throws IOException {
        byte[] out = new byte[n];
        int got = 0;
        while (got < n) {
            if (start == end && fill(deadline) < 0) {
                return Arrays.copyOf(out, got);
            }
            int k = Math.min(n - got, end - start);
            System.arraycopy(buf, start, out, got, k);
            start += k;
            got += k;
        }
        return out;
    }

    private byte[] readToEnd(long deadline) throws IOException {
        var out = new ByteArrayOutputStream();
        while (true) {
            if (start < end) {
                out.write(buf, start, end - start);
                start = end;
            }
            if (fill(deadline) < 0) {
                return out.toByteArray();
            }
        }
    }

    /** Every byte until the server closes (or the timeout passes, which fails). */
    public byte[] readUntilClosed() throws IOException {
        return readToEnd(System.nanoTime() + timeout.toNanos());
    }

    /**
     * Reads more bytes into the buffer. Returns the count, or -1 at end of stream; a reset counts
     * as the end too (it is how a server that closes with unread input ends the connection).
     */
    private int fill(long deadline) throws IOException {
        if (eof) {
            return -1;
        }
        if (engine != null) {
            return fillTls(deadline);
        }
        makeRoom(1);
        while (true) {
            int n;
            try {
                n = channel.read(ByteBuffer.wrap(buf, end, buf.length - end));
            } catch (IOException e) {
                eof = true;
                reset = true;
                return -1;
            }
            if (n > 0) {
                end += n;
                return n;
            }
            if (n < 0) {
                eof = true;
                return -1;
            }
            await(readSelector, deadline, "waiting for the server");
        }
    }

    /** Makes room for at least {@code min} bytes after {@code end}, keeping the unread ones. */
    private void makeRoom(int min) {
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (buf.length - end >= min) {
            return;
        }
        if (start > 0) {
            System.arraycopy(buf, start, buf, 0, end - start);
            end -= start;
            start = 0;
        }
        if (buf.length - end < min) {
            buf = Arrays.copyOf(buf, Math.max(buf.length * 2, end + min));
        }
    }

    /**
     * As {@link #fill} over TLS: decrypts into the buffer what the server sent. Records that
     * carry no data (a session ticket, say) are taken and waited past. The server's close_notify
     * is the end of the stream; so is a TCP end without one, and an alert or a broken record,
     * which count as a reset (the connection ends without an orderly close).
     */
    private int fillTls(long deadline) throws IOException {
        while (true) {
            SSLEngineResult result;
            try {
                result = unwrap(deadline);
            } catch (SSLException e) {
                result = null;
                reset = true;
            }
            if (result == null || (result.getStatus() == SSLEngineResult.Status.CLOSED && result.bytesProduced() == 0)) {
                eof = true;
                return -1;
            }
            if (result.bytesProduced() > 0) {
                return result.bytesProduced();
            }
            if (result.getHandshakeStatus() == HandshakeStatus.NEED_TASK) {
                runTasks();
            }
        }
    }

    /**
     * The client's side of the TLS handshake, to its end: the server's flight read, the client's
     * Finished sent. Under the read timeout, as every read is.
     */
    private void handshake() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        engine.beginHandshake();
        while (true) {
            switch (engine.getHandshakeStatus()) {
                case NEED_WRAP -> wrapAndWrite(EMPTY, deadline);
                case NEED_TASK -> runTasks();
                case NEED_UNWRAP, NEED_UNWRAP_AGAIN -> {
                    SSLEngineResult result = unwrap(deadline);
                    if (result == null || result.getStatus() == SSLEngineResult.Status.CLOSED) {
                        throw new SSLHandshakeException("the server ended the connection during the TLS handshake"
                                + (reset ? " (reset)" : ""));
                    }
                }
                default -> {
                    return;
                }
            }
        }
    }

    /**
     * Decrypts what has arrived into the buffer, reading from the socket until the engine takes
     * a whole record. Returns the engine's result, or null when the connection ended first (a
     * reset sets {@link #reset}).
     *
     * @throws SSLException when the server sent an alert or a record that does not decrypt
     */
    private SSLEngineResult unwrap(long deadline) throws IOException {
        if (netIn == null) {
            netIn = ByteBuffer.allocate(engine.getSession().getPacketBufferSize());
        }
        while (true) {
            if (netIn.position() > 0) {
                makeRoom(engine.getSession().getApplicationBufferSize());
                netIn.flip();
                SSLEngineResult result;
                try {
                    result = engine.unwrap(netIn, ByteBuffer.wrap(buf, end, buf.length - end));
                } finally {
                    netIn.compact();
                }
                end += result.bytesProduced();
                if (result.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
                    buf = Arrays.copyOf(buf, buf.length * 2);
                    continue;
                }
                boolean progress = result.bytesConsumed() > 0 || result.bytesProduced() > 0
                        || result.getStatus() == SSLEngineResult.Status.CLOSED
                        || result.getHandshakeStatus() == HandshakeStatus.NEED_TASK;
                if (result.getStatus() != SSLEngineResult.Status.BUFFER_UNDERFLOW && progress) {
                    return result;
                }
                // an incomplete record, or an engine that took nothing: more ciphertext is needed
                if (!netIn.hasRemaining()) {
                    // a record larger than the buffer: keep what came and make room for the rest
                    netIn = ByteBuffer.allocate(netIn.capacity() * 2).put(netIn.flip());
                }
            }
            int n;
            try {
                n = channel.read(netIn);
            } catch (IOException e) {
                reset = true;
                return null;
            }
            if (n < 0) {
                return null;
            }
            if (n == 0) {
                await(readSelector, deadline, "waiting for the server");
            }
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = engine.getDelegatedTask()) != null) {
            task.run();
        }
    }

    private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

    private void await(Selector selector, long deadline, String what) throws IOException {
        long remaining = deadline - System.nanoTime();
        if (remaining <= 0) {
            throw new SocketTimeoutException("timed out " + what + " after " + timeout.toMillis() + " ms"
                    + (start < end ? "; unread: " + printable(pending()) : ""));
        }
        selector.select(Math.max(1, remaining / 1_000_000));
        selector.selectedKeys().clear();
    }

    // ---- connection state -------------------------------------------------------------------

    /**
     * Asserts the server closes the connection (end of stream or reset) within the timeout and
     * sends nothing more first.
     */
    public void assertClosedByServer() throws IOException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (start < end) {
                throw new AssertionError("expected the server to close the connection, but it sent: "
                        + printable(pending()));
            }
            if (eof) {
                return;
            }
            try {
                fill(deadline);
            } catch (SocketTimeoutException e) {
                throw new AssertionError("expected the server to close the connection; it is still open after "
                        + timeout.toMillis() + " ms");
            }
        }
    }

    /**
     * Waits up to {@code wait} for anything from the server: bytes or the end of the connection.
     * Returns whether something came.
     */
    public boolean awaitAnything(Duration wait) throws IOException {
        if (start < end || eof) {
            return true;
        }
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            fill(deadline);
            return true;
        } catch (SocketTimeoutException e) {
            return false;
        }
    }

    /** Asserts that for {@code wait} the server neither sends anything nor closes the connection. */
    public void assertSilentFor(Duration wait) throws IOException {
        if (awaitAnything(wait)) {
            throw new AssertionError(eof ? "the server closed the connection"
                    : "the server sent: " + printable(pending()));
        }
    }

    /** Whether the connection ended (by end of stream or reset) as far as has been read. */
    public boolean endOfStream() {
        return eof;
    }

    /** Bytes received and not yet consumed by a read, as text. */
    public String pending() {
        return new String(buf, start, end - start, StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() throws IOException {
        try {
            readSelector.close();
            writeSelector.close();
        } finally {
            channel.close();
        }
    }

    /** Shows control bytes as escapes, for failure messages. */
    public static String printable(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < s.length() && i < 400; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        b.append(String.format("\\x%02x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append(s.length() > 400 ? "...\"" : "\"").toString();
    }
}
