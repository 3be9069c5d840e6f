package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import dev.morello.http.RequestException;
import java.nio.charset.StandardCharsets;

/**
 * What a parsed head means: the form of its target (RFC 9112 §3.2), its host (RFC 9112 §3.2,
 * RFC 9110 §7.2), how its body is framed (RFC 9112 §6) and whether the client wants the
 * connection kept (RFC 9112 §9.3). Refuses what cannot be trusted, before any handler runs.
 *
 * <p>One instance per connection, refilled by {@link #apply} for every request.
 */
public final class RequestRules {
    private static final byte[] CONNECT = {'C', 'O', 'N', 'N', 'E', 'C', 'T'};
    private static final byte[] OPTIONS = {'O', 'P', 'T', 'I', 'O', 'N', 'S'};
    private static final byte[] CHUNKED = "chunked".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CLOSE = "close".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] KEEP_ALIVE = "keep-alive".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] CONTINUE_100 = "100-continue".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTP_SCHEME = "http://".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] HTTPS_SCHEME = "https://".getBytes(StandardCharsets.US_ASCII);

    /** The form of the request-target, RFC 9112 §3.2. */
    public enum TargetForm { ORIGIN, ABSOLUTE, AUTHORITY, ASTERISK }

    private final long maxBodySize;
    private final boolean laxTarget;

    private TargetForm form;
    /** Path and query, relative to the head's base; query start is -1 without a query. */
    private int pathStart;
    private int pathEnd;
    private int queryStart;
    /** Host from an absolute-form target (relative range), else -1. */
    private int authorityStart;
    private int authorityEnd;
    private int hostField;
    private long contentLength;
    private boolean chunked;
    private boolean closeRequested;
    private boolean keepAliveRequested;
    private boolean expectContinue;

    public RequestRules(long maxBodySize) {
        this(maxBodySize, false);
    }

    /** @param laxTarget {@link dev.morello.http.Leniency#UNENCODED_TARGET_CHARACTERS} */
    public RequestRules(long maxBodySize, boolean laxTarget) {
        this.maxBodySize = maxBodySize;
        this.laxTarget = laxTarget;
    }

    /** Checks a complete, bound head and records what it means. */
    public void apply(RequestHead head) throws RequestException {
        byte[] buf = head.buffer();
        int base = head.base();
        checkTarget(head, buf, base);
        checkHost(head, buf, base);
        checkFraming(head, buf, base);
        checkConnection(head, buf, base);
        checkExpect(head, buf, base);
    }

    // ---- target -----------------------------------------------------------------------------

    private void checkTarget(RequestHead head, byte[] buf, int base) throws RequestException {
        int ts = head.targetStart();
        int te = head.targetEnd();
        authorityStart = -1;
        queryStart = -1;
        checkPercentEncoding(buf, base + ts, base + te);
        boolean connect = head.methodIs(CONNECT);
        byte first = buf[base + ts];
        if (connect) {
            // RFC 9112 §3.2.3: CONNECT takes authority-form, host and port, and nothing else does.
            form = TargetForm.AUTHORITY;
            int colon = lastIndexOf(buf, base + ts, base + te, (byte) ':');
            if (colon < 0 || colon == base + te - 1) {
                throw bad("CONNECT requires host:port as its target");
            }
            checkAuthority(buf, base + ts, base + te, true);
            authorityStart = ts;
            authorityEnd = te;
            pathStart = ts;
            pathEnd = te;
        } else if (first == '/') {
            form = TargetForm.ORIGIN;
            splitPathAndQuery(buf, base, ts, te);
        } else if (first == '*' && te - ts == 1) {
            // RFC 9112 §3.2.4: asterisk-form is only for a server-wide OPTIONS.
            if (!head.methodIs(OPTIONS)) {
                throw bad("The asterisk target is only allowed with OPTIONS");
            }
            form = TargetForm.ASTERISK;
            pathStart = ts;
            pathEnd = te;
        } else {
            form = TargetForm.ABSOLUTE;
            parseAbsolute(buf, base, ts, te);
        }
    }

    private void splitPathAndQuery(byte[] buf, int base, int from, int to) throws RequestException {
        if (!laxTarget) {
            // RFC 3986 §3.2.2: brackets belong to an IP literal in the authority, nowhere else.
            for (int i = base + from; i < base + to; i++) {
                if (buf[i] == '[' || buf[i] == ']') {
                    throw bad("Invalid character in request target");
                }
            }
        }
        pathStart = from;
        int q = indexOf(buf, base + from, base + to, (byte) '?');
        if (q < 0) {
            pathEnd = to;
        } else {
            pathEnd = q - base;
            queryStart = pathEnd + 1;
        }
    }

    /** RFC 9112 §3.2.2: {@code http[s]://authority[path-abempty][?query]}. */
    private void parseAbsolute(byte[] buf, int base, int ts, int te) throws RequestException {
        int a = base + ts;
        int end = base + te;
        int schemeEnd;
        if (Ascii.equalsLower(buf, a, Math.min(7, te - ts), HTTP_SCHEME)) {
            schemeEnd = a + 7;
        } else if (Ascii.equalsLower(buf, a, Math.min(8, te - ts), HTTPS_SCHEME)) {
            schemeEnd = a + 8;
        } else {
            throw bad("Invalid request target");
        }
        int authEnd = schemeEnd;
        while (authEnd < end && buf[authEnd] != '/' && buf[authEnd] != '?') {
            authEnd++;
        }
        if (authEnd == schemeEnd) {
            throw bad("Absolute-form target without a host");
        }
        checkAuthority(buf, schemeEnd, authEnd, false);
        authorityStart = schemeEnd - base;
        authorityEnd = authEnd - base;
        if (authEnd == end || buf[authEnd] == '?') {
            // An empty path is "/" (RFC 9110 §4.2.3); pathStart == pathEnd says so.
            pathStart = authEnd - base;
            pathEnd = pathStart;
            if (authEnd < end) {
                queryStart = authEnd - base + 1;
            }
        } else {
            splitPathAndQuery(buf, base, authEnd - base, te);
        }
    }

    private static void checkPercentEncoding(byte[] buf, int from, int to) throws RequestException {
        for (int i = from; i < to; i++) {
            if (buf[i] == '%') {
                if (i + 2 >= to || Ascii.hexValue(buf[i + 1]) < 0 || Ascii.hexValue(buf[i + 2]) < 0) {
                    throw bad("Invalid percent-encoding in request target");
                }
                i += 2;
            }
        }
    }

    // ---- host -------------------------------------------------------------------------------

    private void checkHost(RequestHead head, byte[] buf, int base) throws RequestException {
        int first = head.indexOf(HeaderName.HOST, 0);
        hostField = first;
        if (first < 0) {
            // RFC 9112 §3.2: a server MUST respond with 400 to an HTTP/1.1 request without Host.
            if (head.minorVersion() >= 1) {
                throw bad("Missing Host header");
            }
            return;
        }
        if (head.indexOf(HeaderName.HOST, first + 1) >= 0) {
            throw bad("Multiple Host headers");
        }
        int vs = head.valueStart(first);
        int len = head.valueLength(first);
        if (len == 0) {
            throw bad("Empty Host header");
        }
        checkAuthority(buf, vs, vs + len, false);
    }

    /**
     * RFC 3986 §3.2.2-3: {@code host [":" port]}, host being an IP literal in brackets or a
     * reg-name / IPv4 address; no userinfo (RFC 9110 §4.2.4).
     */
    private static void checkAuthority(byte[] buf, int from, int to, boolean portRequired) throws RequestException {
        int i = from;
        if (i < to && buf[i] == '[') {
            int close = indexOf(buf, i, to, (byte) ']');
            if (close < 0 || !isIpv6(buf, i + 1, close)) {
                throw bad("Invalid host");
            }
            i = close + 1;
        } else {
            while (i < to && buf[i] != ':') {
                if (!Ascii.is(buf[i], Ascii.HOST)) {
                    throw bad("Invalid host");
                }
                if (buf[i] == '%' && (i + 2 >= to || Ascii.hexValue(buf[i + 1]) < 0 || Ascii.hexValue(buf[i + 2]) < 0)) {
                    throw bad("Invalid percent-encoding in host");
                }
                i++;
            }
            if (i == from) {
                throw bad("Invalid host");
            }
        }
        if (i == to) {
            if (portRequired) {
                throw bad("Missing port");
            }
            return;
        }
        if (buf[i] != ':') {
            throw bad("Invalid host");
        }
        i++;
        int digits = 0;
        for (; i < to; i++, digits++) {
            if (buf[i] < '0' || buf[i] > '9' || digits == 5) {
                throw bad("Invalid port in host");
            }
        }
        if (portRequired && digits == 0) {
            throw bad("Missing port");
        }
    }

    /**
     * RFC 3986 §3.2.2 IPv6address: eight groups of 1-4 hex digits, or fewer with one {@code ::},
     * the last two groups possibly written as a dotted IPv4 address.
     */
    static boolean isIpv6(byte[] buf, int from, int to) {
        int groups = 0;
        boolean doubleColon = false;
        int i = from;
        if (to - from >= 2 && buf[i] == ':' && buf[i + 1] == ':') {
            doubleColon = true;
            i += 2;
            if (i == to) {
                return true;
            }
        } else if (i < to && buf[i] == ':') {
            return false;
        }
        while (i < to) {
            int start = i;
            while (i < to && Ascii.hexValue(buf[i]) >= 0 && i - start < 5) {
                i++;
            }
            if (i < to && buf[i] == '.') {
                // A trailing IPv4 address stands for the last two groups.
                return isIpv4(buf, start, to) && groups + 2 <= (doubleColon ? 7 : 8)
                        && (doubleColon || groups + 2 == 8);
            }
            int digits = i - start;
            if (digits == 0 || digits > 4) {
                return false;
            }
            groups++;
            if (i == to) {
                break;
            }
            if (buf[i] != ':') {
                return false;
            }
            i++;
            if (i < to && buf[i] == ':') {
                if (doubleColon) {
                    return false;
                }
                doubleColon = true;
                i++;
                if (i == to) {
                    break;
                }
            } else if (i == to) {
                return false;
            }
        }
        return doubleColon ? groups <= 7 : groups == 8;
    }

    private static boolean isIpv4(byte[] buf, int from, int to) {
        int parts = 0;
        int i = from;
        while (i <= to) {
            int start = i;
            int value = 0;
            while (i < to && buf[i] >= '0' && buf[i] <= '9' && i - start < 3) {
                value = value * 10 + (buf[i] - '0');
                i++;
            }
            int digits = i - start;
            if (digits == 0 || value > 255 || (digits > 1 && buf[start] == '0')) {
                return false;
            }
            parts++;
            if (i == to) {
                break;
            }
            if (buf[i] != '.') {
                return false;
            }
            i++;
        }
        return parts == 4;
    }

    // ---- framing ----------------------------------------------------------------------------

    private void checkFraming(RequestHead head, byte[] buf, int base) throws RequestException {
        contentLength = 0;
        chunked = false;
        int cl = head.indexOf(HeaderName.CONTENT_LENGTH, 0);
        int te = head.indexOf(HeaderName.TRANSFER_ENCODING, 0);
        if (te >= 0) {
            if (cl >= 0) {
                // RFC 9112 §6.3 (3): both present is a smuggling attempt or a broken client.
                throw bad("Content-Length and Transfer-Encoding together");
            }
            if (head.minorVersion() == 0) {
                // RFC 9112 §6.1: framing of an HTTP/1.0 message with Transfer-Encoding is faulty.
                throw bad("Transfer-Encoding in an HTTP/1.0 request");
            }
            checkTransferCodings(head, buf, te);
            chunked = true;
            contentLength = -1;
            return;
        }
        if (cl < 0) {
            return;
        }
        if (head.indexOf(HeaderName.CONTENT_LENGTH, cl + 1) >= 0) {
            // RFC 9112 §6.3 (5) allows merging equal values; we refuse every repeat instead.
            throw bad("Multiple Content-Length headers");
        }
        long n = Ascii.parseDigits(buf, head.valueStart(cl), head.valueLength(cl));
        if (n < 0) {
            throw bad("Invalid Content-Length");
        }
        if (maxBodySize > 0 && n > maxBodySize) {
            throw new RequestException(413, "Request body too large");
        }
        contentLength = n;
    }

    /**
     * RFC 9112 §6.1 and §7: the codings, over every Transfer-Encoding line in order, must end with
     * {@code chunked} once; we implement no other coding, so anything else before it is 501.
     */
    private static void checkTransferCodings(RequestHead head, byte[] buf, int first) throws RequestException {
        boolean sawChunked = false;
        boolean sawOther = false;
        boolean lastWasChunked = false;
        boolean any = false;
        for (int f = first; f >= 0; f = head.indexOf(HeaderName.TRANSFER_ENCODING, f + 1)) {
            int i = head.valueStart(f);
            int end = i + head.valueLength(f);
            while (i <= end) {
                int elementEnd = listElementEnd(buf, i, end);
                int s = i;
                int e = elementEnd;
                while (s < e && (buf[s] == ' ' || buf[s] == '\t')) {
                    s++;
                }
                while (e > s && (buf[e - 1] == ' ' || buf[e - 1] == '\t')) {
                    e--;
                }
                if (s < e) {
                    any = true;
                    int tokenEnd = s;
                    while (tokenEnd < e && Ascii.isTchar(buf[tokenEnd])) {
                        tokenEnd++;
                    }
                    if (tokenEnd == s) {
                        throw bad("Invalid Transfer-Encoding");
                    }
                    if (tokenEnd < e && !validParameters(buf, tokenEnd, e)) {
                        throw bad("Invalid Transfer-Encoding");
                    }
                    boolean isChunked = Ascii.equalsLower(buf, s, tokenEnd - s, CHUNKED);
                    if (isChunked) {
                        if (sawChunked || tokenEnd != e) {
                            throw bad("Invalid Transfer-Encoding: chunked applied twice or with parameters");
                        }
                        sawChunked = true;
                    } else {
                        if (sawChunked) {
                            throw bad("Invalid Transfer-Encoding: chunked must be the final coding");
                        }
                        sawOther = true;
                    }
                    lastWasChunked = isChunked;
                }
                i = elementEnd + 1;
            }
        }
        if (!any) {
            throw bad("Empty Transfer-Encoding");
        }
        if (!lastWasChunked) {
            // RFC 9112 §6.3 (4): in a request, a final coding other than chunked cannot be framed.
            throw bad("Invalid Transfer-Encoding: the final coding must be chunked");
        }
        if (sawOther) {
            throw new RequestException(501, "Transfer-Encoding not implemented");
        }
    }

    /** The end of a list element: the next comma that is not inside a quoted-string. */
    private static int listElementEnd(byte[] buf, int from, int end) {
        boolean quoted = false;
        for (int i = from; i < end; i++) {
            byte b = buf[i];
            if (quoted) {
                if (b == '\\') {
                    i++;
                } else if (b == '"') {
                    quoted = false;
                }
            } else if (b == '"') {
                quoted = true;
            } else if (b == ',') {
                return i;
            }
        }
        return end;
    }

    /**
     * RFC 9110 §10.1.4: {@code *( OWS ";" OWS token BWS "=" BWS ( token / quoted-string ) )} up to
     * {@code end}, nothing else.
     */
    private static boolean validParameters(byte[] buf, int i, int end) {
        while (i < end) {
            while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
                i++;
            }
            if (i == end || buf[i] != ';') {
                return false;
            }
            i++;
            while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
                i++;
            }
            int name = i;
            while (i < end && Ascii.isTchar(buf[i])) {
                i++;
            }
            if (i == name) {
                return false;
            }
            while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
                i++;
            }
            if (i == end || buf[i] != '=') {
                return false;
            }
            i++;
            while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
                i++;
            }
            if (i < end && buf[i] == '"') {
                i++;
                while (i < end && buf[i] != '"') {
                    if (buf[i] == '\\') {
                        i++;
                    }
                    i++;
                }
                if (i >= end) {
                    return false;
                }
                i++;
            } else {
                int value = i;
                while (i < end && Ascii.isTchar(buf[i])) {
                    i++;
                }
                if (i == value) {
                    return false;
                }
            }
            while (i < end && (buf[i] == ' ' || buf[i] == '\t')) {
                i++;
            }
        }
        return true;
    }

    // ---- persistence and expectations --------------------------------------------------------

    private void checkConnection(RequestHead head, byte[] buf, int base) {
        closeRequested = false;
        keepAliveRequested = false;
        for (int f = head.indexOf(HeaderName.CONNECTION, 0); f >= 0; f = head.indexOf(HeaderName.CONNECTION, f + 1)) {
            int i = head.valueStart(f);
            int end = i + head.valueLength(f);
            while (i < end) {
                int e = indexOf(buf, i, end, (byte) ',');
                if (e < 0) {
                    e = end;
                }
                int s = i;
                int t = e;
                while (s < t && (buf[s] == ' ' || buf[s] == '\t')) {
                    s++;
                }
                while (t > s && (buf[t - 1] == ' ' || buf[t - 1] == '\t')) {
                    t--;
                }
                // RFC 9110 §7.6.1: connection options are case-insensitive.
                if (Ascii.equalsLower(buf, s, t - s, CLOSE)) {
                    closeRequested = true;
                } else if (Ascii.equalsLower(buf, s, t - s, KEEP_ALIVE)) {
                    keepAliveRequested = true;
                }
                i = e + 1;
            }
        }
    }

    private void checkExpect(RequestHead head, byte[] buf, int base) throws RequestException {
        expectContinue = false;
        int f = head.indexOf(HeaderName.EXPECT, 0);
        if (f < 0) {
            return;
        }
        if (head.indexOf(HeaderName.EXPECT, f + 1) < 0
                && Ascii.equalsLower(buf, head.valueStart(f), head.valueLength(f), CONTINUE_100)) {
            // RFC 9110 §10.1.1: never send 100 to an HTTP/1.0 client; it did not ask for it.
            expectContinue = head.minorVersion() >= 1 && (chunked || contentLength > 0);
            return;
        }
        throw new RequestException(417, "Expectation Failed");
    }

    // ---- results ----------------------------------------------------------------------------

    public TargetForm form() {
        return form;
    }

    public int pathStart() {
        return pathStart;
    }

    public int pathEnd() {
        return pathEnd;
    }

    public int queryStart() {
        return queryStart;
    }

    public int authorityStart() {
        return authorityStart;
    }

    public int authorityEnd() {
        return authorityEnd;
    }

    /** The index of the Host field, or -1. */
    public int hostField() {
        return hostField;
    }

    /** The declared length; 0 for no body, -1 for chunked. */
    public long contentLength() {
        return contentLength;
    }

    public boolean chunked() {
        return chunked;
    }

    public boolean closeRequested() {
        return closeRequested;
    }

    public boolean keepAliveRequested() {
        return keepAliveRequested;
    }

    public boolean expectContinue() {
        return expectContinue;
    }

    // ---- helpers ----------------------------------------------------------------------------

    static int indexOf(byte[] buf, int from, int to, byte b) {
        for (int i = from; i < to; i++) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static int lastIndexOf(byte[] buf, int from, int to, byte b) {
        for (int i = to - 1; i >= from; i--) {
            if (buf[i] == b) {
                return i;
            }
        }
        return -1;
    }

    private static RequestException bad(String message) {
        return new RequestException(400, message);
    }
}
