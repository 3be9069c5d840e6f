package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import dev.morello.http.Headers;
import dev.morello.http.HttpExchange;
import dev.morello.http.HttpVersion;
import dev.morello.http.RequestException;
import dev.morello.http.ResponseHeaders;
import dev.morello.http.Status;
import dev.morello.http.websocket.WebSocketConfig;
import dev.morello.http.websocket.WebSocketHandshake;
import dev.morello.http.websocket.WebSocketListener;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.System.Logger.Level;
import java.net.SocketAddress;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;

/**
 * The exchange a handler sees, reused for every request of one connection. It decides the
 * response's framing and persistence (RFC 9112 §6.3, §9.3) when the response starts, and keeps
 * the connection honest afterwards: an unread body is drained or the connection closed, a
 * response cut short aborts the connection.
 */
final class ServerExchange implements HttpExchange {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");

    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] COLON_SP = {':', ' '};
    private static final byte[] CONTINUE_100 = "HTTP/1.1 100 Continue\r\n\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTENT_LENGTH = "Content-Length: ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] TRANSFER_ENCODING_CHUNKED = "Transfer-Encoding: chunked\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_CLOSE = "Connection: close\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONNECTION_KEEP_ALIVE = "Connection: keep-alive\r\n".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HEAD = {'H', 'E', 'A', 'D'};
    private static final byte[] CONNECT = {'C', 'O', 'N', 'N', 'E', 'C', 'T'};
    private static final byte[] EMPTY = new byte[0];

    private final Connection conn;
    private final ServerCore server;
    private final RequestHead head;
    private final RequestRules rules;
    private final ResponseFields responseFields = new ResponseFields();
    private final ResponseFields trailerFields = ResponseFields.forTrailers();
    private final BodyInput body;
    private final ResponseBody responseBody;

    private String path;
    private String query;
    private String host;

    private boolean headRequest;
    /** Whether the request's framing lets the connection be reused at all. */
    private boolean keepAlive;
    private boolean committed;
    private String reason;
    private boolean continueSent;
    /** The body stream failed (bad chunk, limit, timeout): its framing is lost. */
    private boolean bodyBroken;
    /** The response was cut short: the connection must end at once. */
    private boolean aborted;
    /** The connection was handed to another protocol (WebSocket) and is closed after it. */
    private boolean upgraded;
    /** Body bytes sent by send() and sendFile() (start() counts in its stream). */
    private long bodySent;
    /** The handler's permit is back and it no longer counts as running (see handlerDone). */
    private boolean handlerDone = true;

    ServerExchange(Connection conn, RequestHead head) {
        this.conn = conn;
        this.server = conn.server;
        this.head = head;
        this.rules = new RequestRules(server.config().maxBodySize(),
                server.config().allows(dev.morello.http.Leniency.UNENCODED_TARGET_CHARACTERS));
        this.body = new BodyInput(this, conn);
        this.responseBody = new ResponseBody(this, conn);
    }

    // ---- running one request --------------------------------------------------------------

    /** Serves the request whose head starts at {@code headBase}. Returns whether to keep the connection. */
    boolean run(int headBase) throws IOException {
        head.bind(conn.in, headBase);
        path = null;
        query = null;
        host = null;
        reason = null;
        committed = false;
        continueSent = false;
        bodyBroken = false;
        aborted = false;
        upgraded = false;
        responseFields.reset();
        trailerFields.reset();
        responseBody.reset();
        bodySent = 0;
        server.counters.requests.increment();
        try {
            rules.apply(head);
        } catch (RequestException e) {
            protocolError(e, head);
            server.refused(conn.remoteAddress(), requestLine(), e.status(), e.getMessage());
            return false;
        }
        headRequest = head.methodIs(HEAD);
        keepAlive = persistenceRequested();
        body.reset(rules.contentLength(), rules.chunked());
        conn.startBody();
        try {
            return invokeHandler();
        } finally {
            head.reset();
        }
    }

    private boolean invokeHandler() throws IOException {
        if (!server.acquireHandlerPermit()) {
            boolean keep = sendSimple(503, "Service Unavailable", keepAlive);
            server.refused(conn.remoteAddress(), requestLine(), 503, "no handler free in time");
            return keep;
        }
        server.counters.running.increment();
        handlerDone = false;
        try {
            server.handler().handle(this);
            if (Thread.interrupted()) {
                // An interrupt left set would close the channel on the next blocking write.
                LOG.log(Level.WARNING, "handler returned with its thread interrupted; cleared it");
            }
            if (upgraded) {
                return false;
            }
            if (!committed) {
                send(200, EMPTY, 0, 0);
            }
            responseBody.finish();
        } catch (Throwable t) {
            if (committed) {
                // The status line is out: the only honest signal left is to cut the connection.
                responseBody.abort();
                aborted = true;
                Thread.interrupted();
                LOG.log(Level.DEBUG, () -> "aborting a response after it started: " + t);
                if (!(t instanceof IOException)) {
                    LOG.log(Level.ERROR, "handler failed after its response started", t);
                }
                return false;
            }
            if (t instanceof RequestException re) {
                LOG.log(Level.DEBUG, () -> "request refused: " + re.status() + " " + re.getMessage());
                bodyBroken |= re.closeConnection();
                boolean keep = sendSimple(re.status(), re.getMessage(), keepAlive && !re.closeConnection());
                server.refused(conn.remoteAddress(), requestLine(), re.status(), re.getMessage());
                return keep;
            }
            LOG.log(Level.ERROR, "handler failed before its response started", t);
            return sendSimple(500, "Internal Server Error", keepAlive);
        } finally {
            handlerDone();
        }
        return keepAlive && !bodyBroken && drainRequestBody();
    }

    /** The request line as received ({@code GET /x HTTP/1.1}), for a refusal's log line. */
    private String requestLine() {
        return head.method() + " " + head.target() + " HTTP/1." + head.minorVersion();
    }

    /** RFC 9112 §9.3: what the client asked for, before the response has a say. */
    private boolean persistenceRequested() {
        if (rules.closeRequested()) {
            return false;
        }
        if (http11()) {
            return true;
        }
        return rules.keepAliveRequested();
    }

    /** Whether the response may use HTTP/1.1 features: the client and the server both speak it. */
    private boolean http11() {
        return head.minorVersion() >= 1 && server.http11();
    }

    /** Answers a request that broke a rule; the connection closes after it. */
    void protocolError(RequestException e, RequestHead parsed) throws IOException {
        LOG.log(Level.DEBUG, () -> "bad request: " + e.status() + " " + e.getMessage());
        committed = false;
        reason = null;
        // RFC 9110 §9.3.2: no content in a response to HEAD, error or not.
        headRequest = parsed != null && parsed.methodIs(HEAD);
        continueSent = false;
        body.reset(0, false);
        responseBody.reset();
        responseFields.reset();
        trailerFields.reset();
        keepAlive = false;
        bodyBroken = true;
        sendSimple(e.status(), e.getMessage(), false);
        conn.flush();
    }

    /** A short plain-text response, used for errors the server answers itself. */
    private boolean sendSimple(int status, String message, boolean keep) throws IOException {
        responseFields.reset();
        trailerFields.reset();
        keepAlive = keep;
        byte[] text = message.getBytes(StandardCharsets.UTF_8);
        responseFields.set(HeaderName.CONTENT_TYPE, "text/plain; charset=utf-8");
        send(status, text, 0, text.length);
        return keepAlive && !bodyBroken && drainRequestBody();
    }

    /** Whether the last response was cut short, so the connection must end now. */
    boolean aborted() {
        return aborted;
    }

    /**
     * Whether the cut-short response was delimited by the connection's end: then only a reset
     * tells the client it is incomplete; a FIN would make it look whole.
     */
    boolean abortNeedsReset() {
        return aborted && responseBody.closeDelimited();
    }

    // ---- request side ---------------------------------------------------------------------

    @Override
    public String method() {
        return head.method();
    }

    @Override
    public String target() {
        return head.target();
    }

    @Override
    public String path() {
        if (path == null) {
            int s = rules.pathStart();
            int e = rules.pathEnd();
            path = s == e ? "/" : head.latin1(s, e);
        }
        return path;
    }

    @Override
    public String query() {
        if (query == null) {
            int q = rules.queryStart();
            query = q < 0 ? "" : head.latin1(q, head.targetEnd());
        }
        return query;
    }

    @Override
    public HttpVersion version() {
        return head.minorVersion() == 0 ? HttpVersion.HTTP_1_0 : HttpVersion.HTTP_1_1;
    }

    @Override
    public String host() {
        if (host == null) {
            if (rules.authorityStart() >= 0) {
                // RFC 9112 §3.2.2: the authority of an absolute-form target overrides Host.
                host = head.latin1(rules.authorityStart(), rules.authorityEnd());
            } else if (rules.hostField() >= 0) {
                host = head.value(rules.hostField());
            }
        }
        return host;
    }

    @Override
    public Headers headers() {
        return head;
    }

    @Override
    public InputStream body() {
        return body;
    }

    @Override
    public long contentLength() {
        return rules.contentLength();
    }

    @Override
    public Headers requestTrailers() {
        return body.trailers();
    }

    @Override
    public SocketAddress remoteAddress() {
        return conn.remoteAddress();
    }

    @Override
    public SocketAddress localAddress() {
        return conn.localAddress();
    }

    @Override
    public javax.net.ssl.SSLSession tlsSession() {
        return conn.tls == null ? null : conn.tls.session();
    }

    @Override
    public long bodyBytesRead() {
        return body.consumed();
    }

    @Override
    public long bodyBytesWritten() {
        return bodySent + responseBody.written();
    }

    /** Sends {@code 100 Continue} before the first body read, if the client waits for it. */
    void beforeBodyRead() throws IOException {
        if (rules.expectContinue() && !continueSent && !committed && server.http11()) {
            continueSent = true;
            conn.ensureOutput();
            conn.put(CONTINUE_100);
            conn.flush();
        }
    }

    void bodyFailed() {
        bodyBroken = true;
    }

    void rebind(byte[] buffer) {
        head.bind(buffer, head.base());
    }

    // ---- response side --------------------------------------------------------------------

    @Override
    public ResponseHeaders responseHeaders() {
        return responseFields;
    }

    @Override
    public ResponseHeaders responseTrailers() {
        return trailerFields;
    }

    /** The trailers, for the chunked body that sends them. */
    ResponseFields trailerFields() {
        return trailerFields;
    }

    @Override
    public boolean committed() {
        return committed;
    }

    @Override
    public void reason(String text) {
        if (committed) {
            throw new IllegalStateException("the response has started");
        }
        if (text == null) {
            reason = null;
            return;
        }
        // RFC 9112 §4: reason-phrase = 1*( HTAB / SP / VCHAR / obs-text ); we keep to printable ASCII
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append(c >= 0x20 && c < 0x7f ? c : ' ');
        }
        reason = b.toString();
    }

    @Override
    public boolean upgradeToWebSocket(WebSocketConfig config, WebSocketListener listener) throws IOException {
        if (committed) {
            throw new IllegalStateException("the response has started: too late for a WebSocket handshake");
        }
        WebSocketHandshake.Outcome outcome = WebSocketHandshake.check(this, config);
        if (!outcome.accepted()) {
            LOG.log(Level.DEBUG, () -> "WebSocket handshake refused: " + outcome.problem());
            if (outcome.status() == 426) {
                responseFields.set(HeaderName.of("Sec-WebSocket-Version"), "13");
                responseFields.set(HeaderName.of("Upgrade"), "websocket");
            }
            responseFields.set(HeaderName.CONTENT_TYPE, "text/plain; charset=utf-8");
            byte[] text = outcome.problem().getBytes(StandardCharsets.UTF_8);
            keepAlive = false;
            send(outcome.status(), text, 0, text.length);
            server.refused(conn.remoteAddress(), requestLine(), outcome.status(), outcome.problem());
            return false;
        }
        committed = true;
        upgraded = true;
        keepAlive = false;
        responseFields.freeze();
        try {
            writeSwitchingProtocols(outcome);
        } catch (IOException | RuntimeException e) {
            handlerDone(); // the handshake did not go out: the handler's turn ends with it
            throw e;
        }
        // a long-lived connection: it no longer counts against the handlers running at once
        handlerDone();
        server.counters.webSocketUpgrades.increment();
        server.counters.webSocketsOpen.increment();
        try {
            new WebSocketSession(conn, config, outcome, listener).run();
        } finally {
            server.counters.webSocketsOpen.decrement();
        }
        return true;
    }

    /** The handshake's answer: 101, the handler's own fields, the accept key and what was agreed. */
    private void writeSwitchingProtocols(WebSocketHandshake.Outcome outcome) throws IOException {
        conn.ensureOutput();
        conn.put(SWITCHING_PROTOCOLS);
        for (int i = 0, n = responseFields.size(); i < n; i++) {
            HeaderName name = responseFields.name(i);
            if (name == HeaderName.CONTENT_LENGTH || name == HeaderName.TRANSFER_ENCODING || name == HeaderName.CONNECTION
                    || name == HeaderName.CONTENT_TYPE || name.name().equalsIgnoreCase("Upgrade")
                    || name.name().toLowerCase(java.util.Locale.ROOT).startsWith("sec-websocket-")) {
                continue;
            }
            conn.putLatin1(name.name());
            conn.put(COLON_SP);
            conn.putLatin1(responseFields.value(i));
            conn.put(CRLF);
        }
        conn.putLatin1("Sec-WebSocket-Accept: " + outcome.accept() + "\r\n");
        if (outcome.subprotocol() != null) {
            conn.putLatin1("Sec-WebSocket-Protocol: " + outcome.subprotocol() + "\r\n");
        }
        if (outcome.deflate() != null) {
            conn.putLatin1("Sec-WebSocket-Extensions: " + outcome.deflate().responseValue() + "\r\n");
        }
        conn.put(server.dateLine());
        if (server.serverLine() != null) {
            conn.put(server.serverLine());
        }
        conn.put(CRLF);
        conn.flush();
    }

    /**
     * The handler's turn is over (it returned, or its request became a WebSocket): its permit
     * goes back and it no longer counts as running. Once per request.
     */
    private void handlerDone() {
        if (!handlerDone) {
            handlerDone = true;
            server.releaseHandlerPermit();
            server.counters.running.decrement();
        }
    }

    private static final byte[] SWITCHING_PROTOCOLS = ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\n"
            + "Connection: Upgrade\r\n").getBytes(StandardCharsets.US_ASCII);

    @Override
    public void send(int status, byte[] bytes, int offset, int length) throws IOException {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        boolean hasBody = commit(status, length);
        // a body of known length has no trailer section (RFC 9112 §7.1.2): they are dropped
        trailerFields.freeze();
        if (!hasBody || length == 0) {
            return;
        }
        bodySent = length;
        if (length <= conn.outRoom()) {
            conn.put(bytes, offset, length);
        } else {
            conn.flushWith(bytes, offset, length);
        }
    }

    @Override
    public OutputStream start(int status, long length) throws IOException {
        if (length < -1) {
            throw new IllegalArgumentException("length must be -1 (unknown) or a byte count: " + length);
        }
        boolean hasBody = commit(status, length);
        responseBody.open(hasBody ? length : -2, length < 0 && hasBody && !chunkedAllowed());
        return responseBody;
    }

    @Override
    public void sendFile(int status, FileChannel file, long position, long count) throws IOException {
        if (position < 0 || count < 0) {
            throw new IllegalArgumentException("negative file region");
        }
        boolean hasBody = commit(status, count);
        trailerFields.freeze();
        if (hasBody && count > 0) {
            conn.transferFile(file, position, count);
            bodySent = count;
        }
    }

    private boolean chunkedAllowed() {
        return http11();
    }

    /**
     * Writes the status line and header section. Returns whether body bytes follow.
     *
     * @param length the body length, or -1 when unknown
     */
    private boolean commit(int status, long length) throws IOException {
        if (committed) {
            throw new IllegalStateException("the response was already sent");
        }
        Status.checkCode(status);
        if (status < 200) {
            throw new IllegalArgumentException("a final response needs a status of 200 or more: " + status);
        }
        settleRequestBody();
        // RFC 9110 §15.3.5, §15.3.6, §15.4.5: 204, 205 and 304 have no content; nor has a
        // response to HEAD.
        boolean bodiless = status == 204 || status == 205 || status == 304;
        if (status < 300 && head.methodIs(CONNECT)) {
            // RFC 9110 §9.3.6: a 2xx to CONNECT turns the connection into a tunnel: no framing
            // fields, no content. This server does not tunnel, so the connection then closes.
            bodiless = true;
            keepAlive = false;
        }
        boolean sendsBody = !bodiless && !headRequest;
        boolean chunked = length < 0 && !bodiless && chunkedAllowed();
        if (length < 0 && !bodiless && !chunked && !headRequest) {
            keepAlive = false; // close-delimited (RFC 9112 §6.3 (8))
        }
        String appConnection = responseFields.get(HeaderName.CONNECTION);
        if (appConnection != null && containsToken(appConnection, "close")) {
            keepAlive = false;
        }
        if (server.stopping() && !(keepAlive && conn.nextRequestBuffered(body.finished()))) {
            // RFC 9112 §9.6: the last response before the stop says so. Requests that have
            // already arrived behind this one are answered first (the last of them says close).
            keepAlive = false;
        }
        committed = true;
        responseFields.freeze();

        conn.ensureOutput();
        if (reason == null) {
            conn.put(server.statusLine(status));
        } else {
            conn.putLatin1(server.config().protocolVersion().text() + " " + status + " " + reason);
            conn.put(CRLF);
        }
        boolean dateSet = false;
        boolean serverSet = false;
        String appLength = null;
        for (int i = 0, n = responseFields.size(); i < n; i++) {
            HeaderName name = responseFields.name(i);
            if (name == HeaderName.CONTENT_LENGTH) {
                appLength = responseFields.value(i);
                continue;
            }
            if (name == HeaderName.TRANSFER_ENCODING || name == HeaderName.CONNECTION) {
                continue;
            }
            dateSet |= name == HeaderName.DATE;
            serverSet |= name == HeaderName.SERVER;
            conn.putLatin1(name.name());
            conn.put(COLON_SP);
            conn.putLatin1(responseFields.value(i));
            conn.put(CRLF);
        }
        if (!dateSet) {
            conn.put(server.dateLine());
        }
        if (!serverSet && server.serverLine() != null) {
            conn.put(server.serverLine());
        }
        boolean appLengthValid = appLength != null && isDigits(appLength);
        if (bodiless) {
            if (status == 205) {
                // A 205 is not among the statuses RFC 9112 §6.3 frames without a length.
                putContentLength(0);
            } else if (status == 304 && appLengthValid) {
                // A 304 may tell the length the 200 would have had (RFC 9110 §8.6).
                putContentLength(appLength);
            }
        } else if (headRequest) {
            if (length >= 0) {
                putContentLength(length);
            } else if (appLengthValid) {
                putContentLength(appLength);
            }
        } else if (length >= 0) {
            putContentLength(length);
        } else if (chunked) {
            conn.put(TRANSFER_ENCODING_CHUNKED);
        }
        if (!keepAlive) {
            conn.put(CONNECTION_CLOSE);
        } else if (!http11()) {
            conn.put(CONNECTION_KEEP_ALIVE);
        }
        conn.put(CRLF);
        return sendsBody;
    }

    /**
     * Before the response goes out, decide what becomes of the request body the handler has not
     * read (RFC 9112 §9.3): a small rest is drained after the response and the connection kept;
     * a large one closes the connection. A client that waits for 100-continue and never got it
     * may never send the body at all, so that connection closes too. The handler may still read
     * the body while it writes the response.
     */
    private void settleRequestBody() {
        if (bodyBroken) {
            keepAlive = false;
            return;
        }
        if (body.finished()) {
            return;
        }
        if (rules.expectContinue() && !continueSent) {
            keepAlive = false;
        } else if (!body.drainable(server.config().maxDrainBytes())) {
            keepAlive = false;
        }
    }

    /** After the response: discards what is left of the request body, if the connection stays. */
    private boolean drainRequestBody() {
        if (body.finished()) {
            return true;
        }
        try {
            // The response is complete; let the client have it while we read what it still sends.
            conn.flush();
            return body.drain(server.config().maxDrainBytes());
        } catch (IOException e) {
            LOG.log(Level.DEBUG, () -> "could not drain request body: " + e);
            return false;
        }
    }

    private void putContentLength(long length) throws IOException {
        conn.put(CONTENT_LENGTH);
        conn.putDecimal(length);
        conn.put(CRLF);
    }

    private void putContentLength(String digits) throws IOException {
        conn.put(CONTENT_LENGTH);
        conn.putLatin1(digits);
        conn.put(CRLF);
    }

    private static boolean containsToken(String list, String token) {
        for (String part : list.split(",")) {
            if (part.strip().equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isDigits(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }
}
