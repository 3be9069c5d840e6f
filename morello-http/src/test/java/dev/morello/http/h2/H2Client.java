package dev.morello.http.h2;

import dev.morello.http.HttpServer;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.FrameType;
import dev.morello.http.internal.h2.FrameWriter;
import dev.morello.http.internal.h2.Frames;
import dev.morello.http.internal.h2.HeaderField;
import dev.morello.http.internal.h2.HpackDecoder;
import dev.morello.http.internal.h2.HpackEncoder;
import dev.morello.http.internal.h2.Setting;
import dev.morello.http.internal.h2.WireBuffer;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A raw HTTP/2 client for tests: it writes whatever frames a test asks for, valid or not, with
 * the codec's {@link FrameWriter} and {@link HpackEncoder}, and reads the server's frames one by
 * one. It never answers anything by itself (no SETTINGS ACK, no WINDOW_UPDATE) unless asked.
 *
 * <pre>{@code
 * try (H2Client c = H2Client.open(server)) {
 *     c.get(1, "/hello");
 *     H2Client.Response r = c.response(1);
 * }
 * }</pre>
 */
final class H2Client implements AutoCloseable {
    /** A frame as read: its header fields and its payload. */
    record Frame(int type, int flags, int stream, byte[] payload, List<HeaderField> fields) {
        boolean is(FrameType t) {
            return type == t.code();
        }

        boolean has(int flag) {
            return (flags & flag) != 0;
        }

        /** RST_STREAM's code, or GOAWAY's. */
        ErrorCode errorCode() {
            int at = is(FrameType.GOAWAY) ? 4 : 0;
            return ErrorCode.of(Integer.toUnsignedLong(readInt(payload, at)));
        }
    }

    /** A response: its fields (pseudo-header too), its body, how its stream ended. */
    record Response(Map<String, String> fields, byte[] body, ErrorCode reset) {
        int status() {
            return Integer.parseInt(fields.get(":status"));
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final Socket socket;
    private final OutputStream out;
    private final DataInputStream in;
    private final HpackEncoder encoder = HpackEncoder.create();
    private final HpackDecoder decoder = HpackDecoder.create(HpackEncoder.DEFAULT_TABLE_SIZE, Long.MAX_VALUE);
    private final WireBuffer buf = new WireBuffer(256);
    private final WireBuffer block = new WireBuffer(256);
    /** The server's SETTINGS, as its first frame carried them. */
    final List<Setting> serverSettings = new ArrayList<>();

    private H2Client(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new DataInputStream(socket.getInputStream());
    }

    /** Connects, sends the preface and an empty SETTINGS, and reads the server's SETTINGS. */
    static H2Client open(HttpServer server, Setting... settings) throws IOException {
        H2Client c = connect(server);
        c.preface(settings);
        c.readServerSettings();
        return c;
    }

    private void readServerSettings() throws IOException {
        Frame first = next();
        if (!first.is(FrameType.SETTINGS)) {
            throw new IOException("the server's first frame is not SETTINGS: " + first.type());
        }
        for (int i = 0; i + 6 <= first.payload().length; i += 6) {
            var id = dev.morello.http.internal.h2.SettingId.of((first.payload()[i] & 0xff) << 8 | (first.payload()[i + 1] & 0xff));
            serverSettings.add(new Setting(id, Integer.toUnsignedLong(readInt(first.payload(), i + 2))));
        }
    }

    /**
     * As {@link #open(HttpServer, Setting...)}, with the socket's receive buffer set to
     * {@code receiveBuffer} octets before it connects: for a client that stops reading, so that
     * what the server can put on the way is small whatever the system's defaults.
     */
    static H2Client open(HttpServer server, int receiveBuffer, Setting... settings) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(receiveBuffer);
        H2Client c = connect(server, s);
        c.preface(settings);
        c.readServerSettings();
        return c;
    }

    /** Connects and sends nothing. */
    static H2Client connect(HttpServer server) throws IOException {
        return connect(server, new Socket());
    }

    private static H2Client connect(HttpServer server, Socket s) throws IOException {
        s.connect(new InetSocketAddress("127.0.0.1", server.port()), 10_000);
        s.setSoTimeout(20_000);
        s.setTcpNoDelay(true);
        return new H2Client(s);
    }

    void preface(Setting... settings) throws IOException {
        buf.reset();
        buf.write(Frames.CONNECTION_PREFACE);
        FrameWriter.settings(buf, List.of(settings));
        flush();
    }

    // ---- frames out ---------------------------------------------------------------------------

    /** A request's header block on {@code stream}: the fields in order, as given. */
    void headers(int stream, boolean endStream, String... nameValues) throws IOException {
        encodeBlock(nameValues);
        buf.reset();
        FrameWriter.headerBlock(buf, stream, endStream, block.array(), 0, block.length(), Frames.DEFAULT_MAX_FRAME_SIZE);
        flush();
    }

    /** Encodes fields into {@link #block} (kept for tests that frame it themselves). */
    byte[] encodeBlock(String... nameValues) {
        block.reset();
        encoder.beginBlock(block);
        for (int i = 0; i < nameValues.length; i += 2) {
            encoder.field(nameValues[i], nameValues[i + 1], HpackEncoder.Indexing.WITHOUT, block);
        }
        return block.toByteArray();
    }

    /**
     * A header block of literal fields with new names, not Huffman-coded and not indexed (RFC 7541
     * §6.2.2), exactly as given: unlike the encoder, it keeps upper-case letters.
     */
    static byte[] literalBlock(String... nameValues) {
        WireBuffer b = new WireBuffer(256);
        for (int i = 0; i < nameValues.length; i += 2) {
            b.writeByte(0x00);
            literal(b, nameValues[i]);
            literal(b, nameValues[i + 1]);
        }
        return b.toByteArray();
    }

    private static void literal(WireBuffer b, String s) {
        int n = s.length();
        if (n < 127) {
            b.writeByte(n);
        } else {
            b.writeByte(127);
            int rest = n - 127;
            while (rest >= 128) {
                b.writeByte((rest & 0x7f) | 0x80);
                rest >>>= 7;
            }
            b.writeByte(rest);
        }
        b.writeLatin1(s);
    }

    /** A HEADERS frame carrying {@code block} whole. */
    void headerBlock(int stream, boolean endStream, byte[] block) throws IOException {
        buf.reset();
        FrameWriter.headers(buf, stream, endStream, true, block, 0, block.length);
        flush();
    }

    void get(int stream, String path) throws IOException {
        headers(stream, true, ":method", "GET", ":scheme", "http", ":authority", "localhost", ":path", path);
    }

    void data(int stream, boolean endStream, byte[] bytes) throws IOException {
        buf.reset();
        FrameWriter.data(buf, stream, endStream, bytes, 0, bytes.length);
        flush();
    }

    void rst(int stream, ErrorCode code) throws IOException {
        buf.reset();
        FrameWriter.rstStream(buf, stream, code);
        flush();
    }

    void windowUpdate(int stream, int increment) throws IOException {
        buf.reset();
        FrameWriter.windowUpdate(buf, stream, increment);
        flush();
    }

    void settingsAck() throws IOException {
        buf.reset();
        FrameWriter.settingsAck(buf);
        flush();
    }

    /** Writes bytes as they are, swallowing a reset: a server that gave up reading may be gone. */
    void raw(byte[] bytes) throws IOException {
        try {
            out.write(bytes);
            out.flush();
        } catch (SocketException e) {
            // the server closed on us; what it said before is still to be read
        }
    }

    /** The frames the consumer writes into a buffer, sent as one write. */
    void frames(java.util.function.Consumer<WireBuffer> writer) throws IOException {
        WireBuffer b = new WireBuffer(1024);
        writer.accept(b);
        raw(b.toByteArray());
    }

    private void flush() throws IOException {
        out.write(buf.array(), 0, buf.length());
        out.flush();
    }

    // ---- frames in ----------------------------------------------------------------------------

    /** The next frame; EOFException when the server closed. */
    Frame next() throws IOException {
        byte[] header = new byte[Frames.HEADER_LENGTH];
        in.readFully(header);
        int length = (header[0] & 0xff) << 16 | (header[1] & 0xff) << 8 | (header[2] & 0xff);
        byte[] payload = new byte[length];
        in.readFully(payload);
        int type = header[3] & 0xff;
        List<HeaderField> fields = null;
        if (type == FrameType.HEADERS.code() || type == FrameType.CONTINUATION.code()) {
            // every block goes through HPACK, whoever waits for it, to keep the table in step
            pendingBlock.write(payload);
            if ((header[4] & Frames.FLAG_END_HEADERS) != 0) {
                byte[] b = pendingBlock.toByteArray();
                pendingBlock.reset();
                try {
                    fields = decoder.decode(b, 0, b.length);
                } catch (Exception e) {
                    throw new IOException(e);
                }
            }
        }
        return new Frame(type, header[4] & 0xff, readInt(header, 5) & 0x7fff_ffff, payload, fields);
    }

    private final ByteArrayOutputStream pendingBlock = new ByteArrayOutputStream();

    /** Reads until a frame of {@code type} on {@code stream} (0 for the connection's), skipping others. */
    Frame await(FrameType type, int stream) throws IOException {
        while (true) {
            Frame f = next();
            if (f.is(type) && f.stream() == stream) {
                return f;
            }
            if (f.is(FrameType.GOAWAY) && type != FrameType.GOAWAY) {
                throw new IOException("GOAWAY " + f.errorCode() + " while waiting for " + type);
            }
        }
    }

    /** The error code of the GOAWAY that ends the connection, reading past anything else. */
    ErrorCode goAway() throws IOException {
        return await(FrameType.GOAWAY, 0).errorCode();
    }

    /** Whether the server closed the connection, reading and dropping what comes before. */
    boolean closedByServer() throws IOException {
        try {
            while (true) {
                next();
            }
        } catch (EOFException | SocketException e) {
            return true;
        }
    }

    /**
     * Reads the response on {@code stream} until END_STREAM or RST_STREAM, skipping other
     * streams' frames (their header blocks still go through HPACK) and giving every DATA back
     * to the windows as it comes.
     */
    Response response(int stream) throws IOException {
        return responses(List.of(stream)).get(stream);
    }

    /**
     * The frames of {@code stream}, in order, up to the one that ends it (END_STREAM or
     * RST_STREAM), skipping other streams' and giving every DATA back to the windows: for tests
     * that look at how a response was framed, not only at what it said.
     */
    List<Frame> streamFrames(int stream) throws IOException {
        List<Frame> frames = new ArrayList<>();
        boolean ended = false;
        while (true) {
            Frame f = next();
            if (f.is(FrameType.GOAWAY)) {
                throw new IOException("GOAWAY " + f.errorCode() + " before stream " + stream + " ended");
            }
            if (f.is(FrameType.DATA) && f.payload().length > 0) {
                int n = f.payload().length;
                int id = f.stream();
                frames(b -> {
                    FrameWriter.windowUpdate(b, 0, n);
                    FrameWriter.windowUpdate(b, id, n);
                });
            }
            if (f.stream() != stream) {
                continue;
            }
            frames.add(f);
            ended |= f.is(FrameType.RST_STREAM)
                    || ((f.is(FrameType.DATA) || f.is(FrameType.HEADERS)) && f.has(Frames.FLAG_END_STREAM));
            // a block that ends the stream may go on in CONTINUATION frames: the last has its fields
            if (ended && (f.is(FrameType.RST_STREAM) || f.is(FrameType.DATA) || f.fields() != null)) {
                return frames;
            }
        }
    }

    /** As {@link #response}, for several streams whose frames come interleaved. */
    Map<Integer, Response> responses(java.util.Collection<Integer> ids) throws IOException {
        Map<Integer, Map<String, String>> fields = new java.util.HashMap<>();
        Map<Integer, ByteArrayOutputStream> bodies = new java.util.HashMap<>();
        Map<Integer, Response> done = new java.util.HashMap<>();
        java.util.Set<Integer> endedByHeaders = new java.util.HashSet<>();
        for (int id : ids) {
            fields.put(id, new LinkedHashMap<>());
            bodies.put(id, new ByteArrayOutputStream());
        }
        while (done.size() < ids.size()) {
            Frame f = next();
            int id = f.stream();
            if (f.is(FrameType.GOAWAY)) {
                throw new IOException("GOAWAY " + f.errorCode() + " before streams " + ids + " ended");
            }
            if (f.is(FrameType.DATA) && f.payload().length > 0) {
                int n = f.payload().length;
                frames(b -> {
                    FrameWriter.windowUpdate(b, 0, n);
                    FrameWriter.windowUpdate(b, id, n);
                });
            }
            if (!fields.containsKey(id) || done.containsKey(id)) {
                continue;
            }
            if (f.is(FrameType.HEADERS) && f.has(Frames.FLAG_END_STREAM)) {
                endedByHeaders.add(id);
            }
            if (f.fields() != null) {
                f.fields().forEach(h -> fields.get(id).merge(h.name(), h.value(), (a, c) -> a + ", " + c));
                if (endedByHeaders.contains(id)) {
                    done.put(id, new Response(fields.get(id), bodies.get(id).toByteArray(), null));
                }
            } else if (f.is(FrameType.DATA)) {
                bodies.get(id).write(f.payload());
                if (f.has(Frames.FLAG_END_STREAM)) {
                    done.put(id, new Response(fields.get(id), bodies.get(id).toByteArray(), null));
                }
            } else if (f.is(FrameType.RST_STREAM)) {
                done.put(id, new Response(fields.get(id), bodies.get(id).toByteArray(), f.errorCode()));
            }
        }
        return done;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    static int readInt(byte[] b, int i) {
        return (b[i] & 0xff) << 24 | (b[i + 1] & 0xff) << 16 | (b[i + 2] & 0xff) << 8 | (b[i + 3] & 0xff);
    }
}
