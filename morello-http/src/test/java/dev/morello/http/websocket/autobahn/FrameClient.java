package dev.morello.http.websocket.autobahn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * A WebSocket client that does nothing for the server: it writes exactly the frames a test builds
 * (masked or not, any opcode and reserved bits, any length encoding, cut into writes at chosen
 * offsets) and reads the server's frames one by one, checking what RFC 6455 asks of a server's
 * frame (unmasked, the shortest length encoding).
 *
 * <pre>{@code
 * try (FrameClient c = FrameClient.connect(server.port())) {
 *     c.send(Frame.text("Hello"));
 *     c.expectText("Hello");
 *     c.send(new Frame(true, 0, 0x3, new byte[0]));     // a reserved opcode
 *     c.expectClose(1002);                               // answered, then the server's FIN
 * }
 * }</pre>
 *
 * <p>Every read waits at most {@link #TIMEOUT}, so a server that hangs fails the test.
 */
final class FrameClient implements AutoCloseable {
    static final Duration TIMEOUT = Duration.ofSeconds(10);

    /** How a frame's payload length is written (RFC 6455 §5.2): in 7 bits, or after 126, or after 127. */
    enum Length { SHORTEST, SIXTEEN_BITS, SIXTY_FOUR_BITS }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final Map<String, String> responseHeaders;
    /** Masking keys: not secret here, only different from frame to frame; seeded, so a run repeats. */
    private final Random masks = new Random(6455);

    private FrameClient(Socket socket, InputStream in, Map<String, String> responseHeaders) throws IOException {
        this.socket = socket;
        this.in = in;
        this.out = socket.getOutputStream();
        this.responseHeaders = responseHeaders;
    }

    static FrameClient connect(int port) throws IOException {
        return connect(port, null);
    }

    /** Connects and completes the opening handshake, offering {@code extensions} when not null. */
    static FrameClient connect(int port, String extensions) throws IOException {
        return connect(port, extensions, 0);
    }

    /** As {@link #connect(int, String)}, with a small receive buffer when {@code receiveBuffer} is positive. */
    static FrameClient connect(int port, String extensions, int receiveBuffer) throws IOException {
        Socket socket = new Socket();
        if (receiveBuffer > 0) {
            socket.setReceiveBufferSize(receiveBuffer);
        }
        socket.connect(new java.net.InetSocketAddress("127.0.0.1", port), (int) TIMEOUT.toMillis());
        socket.setTcpNoDelay(true);
        socket.setSoTimeout((int) TIMEOUT.toMillis());
        byte[] nonce = new byte[16];
        new Random(port).nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET /echo HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + key + "\r\nSec-WebSocket-Version: 13\r\n"
                + (extensions == null ? "" : "Sec-WebSocket-Extensions: " + extensions + "\r\n") + "\r\n";
        socket.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
        InputStream in = new BufferedInputStream(socket.getInputStream(), 8192);
        String status = readLine(in);
        assertTrue(status.startsWith("HTTP/1.1 101 "), "not switched: " + status);
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = readLine(in); !line.isEmpty(); line = readLine(in)) {
            int colon = line.indexOf(':');
            headers.put(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim());
        }
        assertEquals(accept(key), headers.get("sec-websocket-accept"), "RFC 6455 §4.2.2's accept value");
        return new FrameClient(socket, in, headers);
    }

    private static String readLine(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new EOFException("the connection ended in the handshake's response: " + b);
            }
            b.append((char) c);
        }
        assertTrue(b.length() > 0 && b.charAt(b.length() - 1) == '\r', "a line not ended by CRLF: " + b);
        return b.substring(0, b.length() - 1);
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    /** The handshake response's field, by lower-case name, or null. */
    String responseHeader(String name) {
        return responseHeaders.get(name);
    }

    // ---- writing ----------------------------------------------------------------------------

    /** A frame's bytes as a client sends them: masked, its length in the shortest form. */
    byte[] encode(Frame f) {
        return encode(f, Length.SHORTEST, true);
    }

    /** A frame's bytes, with its length written as asked, masked with a fresh key or not at all. */
    byte[] encode(Frame f, Length length, boolean masked) {
        int n = f.payload().length;
        Length form = length != Length.SHORTEST ? length : n < 126 ? Length.SHORTEST : n <= 0xffff ? Length.SIXTEEN_BITS
                : Length.SIXTY_FOUR_BITS;
        ByteArrayOutputStream b = new ByteArrayOutputStream(n + 14);
        b.write((f.fin() ? 0x80 : 0) | (f.rsv() << 4) | f.opcode());
        int maskBit = masked ? 0x80 : 0;
        switch (form) {
            case SHORTEST -> b.write(maskBit | n);
            case SIXTEEN_BITS -> {
                b.write(maskBit | 126);
                b.write(n >> 8);
                b.write(n);
            }
            case SIXTY_FOUR_BITS -> {
                b.write(maskBit | 127);
                for (int shift = 56; shift >= 0; shift -= 8) {
                    b.write((int) ((long) n >> shift));
                }
            }
        }
        byte[] payload = f.payload().clone();
        if (masked) {
            byte[] key = new byte[4];
            masks.nextBytes(key);
            b.writeBytes(key);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
        }
        b.writeBytes(payload);
        return b.toByteArray();
    }

    /** Sends frames, all in one write. */
    void send(Frame... frames) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Frame f : frames) {
            b.writeBytes(encode(f));
        }
        out.write(b.toByteArray());
        out.flush();
    }

    /** Sends frames in writes of {@code chunk} bytes each (1: a write per byte). */
    void sendChopped(int chunk, Frame... frames) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (Frame f : frames) {
            b.writeBytes(encode(f));
        }
        writeChopped(b.toByteArray(), chunk);
    }

    /** Writes bytes as they are. */
    void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Writes bytes in writes of {@code chunk} bytes each. */
    void writeChopped(byte[] bytes, int chunk) throws IOException {
        for (int i = 0; i < bytes.length; i += chunk) {
            out.write(bytes, i, Math.min(chunk, bytes.length - i));
            out.flush();
        }
    }

    /** Writes bytes in pieces cut at the given offsets, in increasing order. */
    void writeSplit(byte[] bytes, int... offsets) throws IOException {
        int from = 0;
        for (int at : offsets) {
            out.write(bytes, from, at - from);
            out.flush();
            from = at;
        }
        out.write(bytes, from, bytes.length - from);
        out.flush();
    }

    // ---- reading ----------------------------------------------------------------------------

    /** The server's next frame, checked against RFC 6455 §5.1 and §5.2. */
    Frame read() throws IOException {
        int b0 = readByte();
        int b1 = readByte();
        assertEquals(0, b1 & 0x80, "a server must not mask its frames (RFC 6455 §5.1)");
        long length = b1 & 0x7f;
        if (length == 126) {
            length = (readByte() << 8) | readByte();
            assertTrue(length >= 126, "a length of " + length + " written in 16 bits (RFC 6455 §5.2: the shortest form)");
        } else if (length == 127) {
            length = 0;
            for (int i = 0; i < 8; i++) {
                length = (length << 8) | readByte();
            }
            assertTrue(length > 0xffff, "a length of " + length + " written in 64 bits (RFC 6455 §5.2: the shortest form)");
        }
        assertTrue(length <= 256L << 20, "an unexpectedly large frame: " + length);
        byte[] payload = in.readNBytes((int) length);
        if (payload.length < length) {
            throw new EOFException("the connection ended inside a frame");
        }
        return new Frame((b0 & 0x80) != 0, (b0 >> 4) & 0x7, b0 & 0xf, payload);
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("the server closed the connection");
        }
        return b;
    }

    /** The next frame, which must be whole, of the given opcode, with no reserved bit set. */
    Frame expect(int opcode) throws IOException {
        Frame f = read();
        assertEquals(opcode, f.opcode(), "expected opcode 0x" + Integer.toHexString(opcode) + ", got " + f);
        assertTrue(f.fin(), "a fragment: " + f);
        assertEquals(0, f.rsv(), "reserved bits set: " + f);
        return f;
    }

    void expectText(String text) throws IOException {
        assertEquals(text, expect(Frame.TEXT).text());
    }

    void expectText(byte[] utf8) throws IOException {
        assertArrayEquals(utf8, expect(Frame.TEXT).payload());
    }

    void expectBinary(byte[] data) throws IOException {
        assertArrayEquals(data, expect(Frame.BINARY).payload());
    }

    void expectPong(byte[] payload) throws IOException {
        assertArrayEquals(payload, expect(Frame.PONG).payload());
    }

    /**
     * The server's close frame with {@code code} (-1: one without a status) as its next frame;
     * the client answers it, as RFC 6455 §5.5.1 asks, and then the server must close the TCP
     * connection with nothing more sent.
     */
    Frame expectClose(int code) throws IOException {
        Frame f = expect(Frame.CLOSE);
        assertEquals(code, f.closeCode(), "the close status");
        try {
            send(code < 0 ? Frame.emptyClose() : Frame.close(code, ""));
        } catch (SocketException gone) {
            // the server may already have shut the connection; the end is checked next
        }
        expectEnd();
        return f;
    }

    /** The client starts the closing handshake with 1000 and sees it through. */
    void closeNormally() throws IOException {
        send(Frame.close(1000, ""));
        assertEquals(1000, expect(Frame.CLOSE).closeCode());
        expectEnd();
    }

    /** The server closes the connection (RFC 6455 §7.1.1: the server closes TCP first) with nothing more sent. */
    void expectEnd() throws IOException {
        try {
            int b = in.read();
            if (b >= 0) {
                ByteArrayOutputStream rest = new ByteArrayOutputStream();
                rest.write(b);
                rest.writeBytes(in.readNBytes(Math.min(in.available(), 64)));
                fail("the server sent more after its close: " + java.util.HexFormat.of().formatHex(rest.toByteArray()));
            }
        } catch (SocketTimeoutException e) {
            fail("the server did not close the connection within " + TIMEOUT);
        }
    }

    /** The socket, for a test that reads past the frames. */
    Socket socket() {
        return socket;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
