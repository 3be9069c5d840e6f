package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import dev.morello.http.Headers;
import dev.morello.http.HttpExchange;
import dev.morello.http.HttpVersion;
import dev.morello.http.RequestException;
import dev.morello.http.ResponseHeaders;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.HeaderField;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import javax.net.ssl.SSLSession;

/**
 * One HTTP/2 request as the handler sees it: the same {@link HttpExchange} contract as HTTP/1.1,
 * the request taken from the pseudo-header fields (RFC 9113 §8.3.1) and the response framed as
 * HEADERS and DATA (§8.1).
 *
 * <p>What differs from HTTP/1.1, as RFC 9113 has it: no {@code Connection},
 * {@code Transfer-Encoding}, {@code Keep-Alive}, {@code Upgrade} or {@code Proxy-Connection}
 * field is sent (§8.2.2), whoever set it; a body of unknown length is simply DATA frames until
 * END_STREAM; trailers are a last HEADERS frame that ends the stream; a response cut short (the handler throws after it started, or writes less than it
 * declared) resets the stream with INTERNAL_ERROR, and the connection goes on.
 */
final class Http2Exchange implements HttpExchange {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");
    private static final byte[] EMPTY = new byte[0];
    private static final Set<String> NOT_SENT = Set.of("connection", "keep-alive", "proxy-connection",
            "transfer-encoding", "upgrade");

    private final Http2Stream stream;
    private final Http2Connection connection;
    private final RequestFields fields;
    private final ResponseFields responseFields = new ResponseFields();
    private final ResponseFields trailerFields = ResponseFields.forTrailers();
    private final CountingInput body;
    private boolean committed;
    private DataOutput output;
    /** Body bytes sent by send() (start() counts in its stream). */
    private long bodySent;

    Http2Exchange(Http2Stream stream) {
        this.stream = stream;
        this.connection = stream.connection();
        this.fields = stream.fields();
        this.body = new CountingInput(stream.body());
    }

    /** Calls the handler and completes or aborts its response, as {@code ServerExchange} does. */
    void run() {
        ServerCore server = connection.server();
        server.counters.requests.increment();
        server.counters.http2Requests.increment();
        if (!server.acquireHandlerPermit()) {
            server.refused(remoteAddress(), requestLine(), 503, "no handler free in time");
            sendQuietly(503, "Service Unavailable");
            return;
        }
        server.counters.running.increment();
        try {
            server.handler().handle(this);
            Thread.interrupted();
            if (!committed) {
                send(200, EMPTY, 0, 0);
            }
            if (output != null) {
                output.close();
            }
        } catch (Throwable t) {
            if (committed) {
                LOG.log(Level.DEBUG, () -> "resetting an HTTP/2 response after it started: " + t);
                if (!(t instanceof IOException)) {
                    LOG.log(Level.ERROR, "handler failed after its response started", t);
                }
                if (!stream.wasReset()) {
                    connection.resetStream(stream.id(), ErrorCode.INTERNAL_ERROR);
                }
                return;
            }
            if (t instanceof IOException && stream.wasReset()) {
                // the body read failed because the stream was reset (by the client, or for its
                // fault): nothing to answer, and nothing of ours to report
                LOG.log(Level.DEBUG, () -> "HTTP/2 stream reset while its handler ran: " + t);
                return;
            }
            if (t instanceof RequestException re) {
                LOG.log(Level.DEBUG, () -> "request refused: " + re.status() + " " + re.getMessage());
                server.refused(remoteAddress(), requestLine(), re.status(), re.getMessage());
                sendQuietly(re.status(), re.getMessage());
                return;
            }
            LOG.log(Level.ERROR, "handler failed before its response started", t);
            sendQuietly(500, "Internal Server Error");
        } finally {
            server.releaseHandlerPermit();
            server.counters.running.decrement();
        }
    }

    private String requestLine() {
        return method() + " " + target() + " HTTP/2.0";
    }

    private void sendQuietly(int status, String message) {
        if (stream.wasReset() || committed) {
            return;
        }
        try {
            responseFields.reset();
            trailerFields.reset();
            responseFields.set(HeaderName.CONTENT_TYPE, "text/plain; charset=utf-8");
            send(status, message.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "HTTP/2 error response not sent: " + e);
        }
    }

    // ---- the request ----------------------------------------------------------------------------

    @Override
    public String method() {
        return fields.method();
    }

    @Override
    public String target() {
        return fields.target();
    }

    @Override
    public String path() {
        String t = target();
        int q = t.indexOf('?');
        return q < 0 ? t : t.substring(0, q);
    }

    @Override
    public String query() {
        String t = target();
        int q = t.indexOf('?');
        return q < 0 ? "" : t.substring(q + 1);
    }

    @Override
    public HttpVersion version() {
        return HttpVersion.HTTP_2_0;
    }

    @Override
    public String host() {
        return fields.host();
    }

    @Override
    public Headers headers() {
        return fields;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public long contentLength() {
        return stream.contentLength();
    }

    @Override
    public Headers requestTrailers() {
        return stream.trailers();
    }

    @Override
    public SocketAddress remoteAddress() {
        return connection.connection().remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return connection.connection().localAddress();
    }

    @Override
    public SSLSession tlsSession() {
        TlsTransport tls = connection.connection().tls;
        return tls == null ? null : tls.session();
    }

    // ---- the response ---------------------------------------------------------------------------

    @Override
    public ResponseHeaders responseHeaders() {
        return responseFields;
    }

    @Override
    public ResponseHeaders responseTrailers() {
        return trailerFields;
    }

    @Override
    public boolean committed() {
        return committed;
    }

    private boolean noBody(int status) {
        return method().equals("HEAD") || status == 204 || status == 304 || (status >= 100 && status < 200);
    }

    /**
     * Sends the response's HEADERS. {@code length} is the body's length, -1 when unknown; a
     * handler's own {@code Content-Length} counts only where no body is sent (HEAD, 304).
     */
    private void commit(int status, long length, boolean endStream) throws IOException {
        if (committed) {
            throw new IllegalStateException("the response has already started");
        }
        if (status < 200 || status > 999) {
            throw new IllegalArgumentException("an HTTP/2 response status is 200 to 999 here: " + status);
        }
        if (stream.wasReset()) {
            // §5.1: nothing but PRIORITY may be sent on a closed stream
            throw new IOException("HTTP/2 stream reset before its response started");
        }
        committed = true;
        responseFields.freeze();
        ServerCore server = connection.server();
        List<HeaderField> out = new ArrayList<>(responseFields.size() + 4);
        out.add(new HeaderField(":status", Integer.toString(status)));
        boolean date = false;
        boolean serverName = false;
        String handlerLength = null;
        for (int i = 0; i < responseFields.size(); i++) {
            String name = responseFields.name(i).lowerCase();
            if (NOT_SENT.contains(name)) {
                continue;
            }
            if (name.equals("content-length")) {
                handlerLength = responseFields.value(i);
                continue;
            }
            date |= name.equals("date");
            serverName |= name.equals("server");
            out.add(new HeaderField(name, responseFields.value(i)));
        }
        boolean head = method().equals("HEAD");
        if (status == 204) {
            // RFC 9110 §8.6: no Content-Length in a 204
        } else if (length >= 0 && !(status == 304 && handlerLength == null)) {
            out.add(new HeaderField("content-length", Long.toString(length)));
        } else if (handlerLength != null && (head || status == 304)) {
            out.add(new HeaderField("content-length", handlerLength));
        }
        if (!date) {
            out.add(new HeaderField("date", server.dateText()));
        }
        String name = server.config().serverName();
        if (!serverName && !name.isEmpty()) {
            out.add(new HeaderField("server", name));
        }
        connection.writeHeaders(stream.id(), out, endStream);
    }

    /**
     * The body is over: from now on the trailers cannot change. Returns whether there are any
     * to send, in which case they, not the last DATA frame, end the stream.
     */
    private boolean endOfBody() {
        trailerFields.freeze();
        return trailerFields.size() > 0;
    }

    /** The trailers, as the HEADERS frame that ends the stream (§8.1). */
    private void sendTrailers() throws IOException {
        List<HeaderField> out = new ArrayList<>(trailerFields.size());
        for (int i = 0; i < trailerFields.size(); i++) {
            out.add(new HeaderField(trailerFields.name(i).lowerCase(), trailerFields.value(i)));
        }
        connection.writeHeaders(stream.id(), out, true);
    }

    @Override
    public void send(int status, byte[] bytes, int offset, int length) throws IOException {
        Objects.checkFromIndexSize(offset, length, bytes.length);
        if (noBody(status)) {
            commit(status, status == 304 ? -1 : length, true);
            endOfBody(); // a response without content has no trailers either
            return;
        }
        boolean trailers = endOfBody();
        commit(status, length, length == 0 && !trailers);
        if (length > 0) {
            sendData(bytes, offset, length, !trailers);
            bodySent = length;
        }
        if (trailers) {
            sendTrailers();
        }
    }

    @Override
    public OutputStream start(int status, long length) throws IOException {
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or at least 0: " + length);
        }
        boolean none = noBody(status);
        // END_STREAM waits for the stream's close, even for an empty body: trailers may come first
        commit(status, status == 304 ? -1 : length, none);
        output = new DataOutput(none, length);
        return output;
    }

    @Override
    public void sendFile(int status, FileChannel file, long position, long count) throws IOException {
        try (OutputStream o = start(status, count)) {
            if (noBody(status)) {
                return;
            }
            ByteBuffer piece = ByteBuffer.allocate((int) Math.min(count, 64 * 1024));
            long end = position + count;
            while (position < end) {
                piece.clear().limit((int) Math.min(piece.capacity(), end - position));
                int n = file.read(piece, position);
                if (n < 0) {
                    throw new IOException("file shorter than the region to send");
                }
                position += n;
                o.write(piece.array(), 0, n);
            }
        }
    }

    @Override
    public long bodyBytesRead() {
        return body.count;
    }

    @Override
    public long bodyBytesWritten() {
        DataOutput o = output;
        return bodySent + (o == null || o.discard ? 0 : o.written);
    }

    /** The request body, counting what the handler reads. */
    private static final class CountingInput extends FilterInputStream {
        long count;

        CountingInput(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                count++;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n > 0) {
                count += n;
            }
            return n;
        }
    }

    /** Sends {@code length} octets as DATA frames as the windows allow; the last may end the stream. */
    private void sendData(byte[] b, int off, int length, boolean endStream) throws IOException {
        if (length == 0) {
            if (endStream) {
                connection.writeData(stream.id(), true, b, off, 0);
            }
            return;
        }
        while (length > 0) {
            int n = connection.takeSendWindow(stream, length);
            length -= n;
            connection.writeData(stream.id(), endStream && length == 0, b, off, n);
            off += n;
        }
    }

    /** The body of {@link #start}: buffered into DATA frames of at most 16 KiB. */
    private final class DataOutput extends OutputStream {
        private final boolean discard;
        private final long declared;
        private final byte[] buf = new byte[16 * 1024];
        private int count;
        private long written;
        private boolean closed;

        DataOutput(boolean discard, long declared) {
            this.discard = discard;
            this.declared = declared;
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            Objects.checkFromIndexSize(off, len, b.length);
            if (closed) {
                throw new IOException("response body closed");
            }
            if (declared >= 0 && written + len > declared) {
                throw new IOException("more body than the " + declared + " octets declared");
            }
            written += len;
            if (discard) {
                return;
            }
            if (count + len > buf.length) {
                flushBuffer(false);
                if (len >= buf.length) {
                    sendData(b, off, len, false);
                    return;
                }
            }
            System.arraycopy(b, off, buf, count, len);
            count += len;
        }

        private void flushBuffer(boolean end) throws IOException {
            if (count > 0 || end) {
                int n = count;
                count = 0;
                sendData(buf, 0, n, end);
            }
        }

        @Override
        public void flush() throws IOException {
            if (!closed && !discard) {
                flushBuffer(false);
            }
        }

        @Override
        public void close() throws IOException {
            if (closed) {
                return;
            }
            closed = true;
            boolean trailers = endOfBody();
            if (discard) {
                return;
            }
            if (declared >= 0 && written < declared) {
                connection.resetStream(stream.id(), ErrorCode.INTERNAL_ERROR);
                throw new IOException("response body shorter than the " + declared + " octets declared");
            }
            flushBuffer(!trailers);
            if (trailers) {
                sendTrailers();
            }
        }
    }

    @Override
    public String toString() {
        return method().toUpperCase(Locale.ROOT) + " " + target() + " (HTTP/2 stream " + stream.id() + ")";
    }
}
