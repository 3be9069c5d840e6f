package dev.morello.http.internal;

import dev.morello.http.HeaderName;
import dev.morello.http.Leniency;
import dev.morello.http.RequestException;
import dev.morello.http.ServerConfig;
import java.util.Set;

/**
 * Parses a request head (request line and header section, RFC 9112 §2-5) straight from the read
 * buffer, byte by byte, as an explicit state machine.
 *
 * <p>It is pure and resumable: {@link #parse} scans what has arrived and returns
 * {@link #NEED_MORE} when the head is not complete; called again with more bytes it goes on
 * where it stopped. How the bytes are split across calls never changes the result. It does no
 * I/O and throws only {@link RequestException}, carrying the status to answer with.
 *
 * <pre>{@code
 * int length;
 * while ((length = parser.parse(buf, start, end)) == RequestHeadParser.NEED_MORE) {
 *     end += read(buf, end);          // the caller owns the buffer and the socket
 * }
 * RequestHead head = parser.head();   // positions relative to start; bind(buf, start) to read it
 * }</pre>
 *
 * <p>What it checks is syntax only: tokens, line endings, allowed bytes, sizes. What the fields
 * mean (Host, framing, persistence) is {@link RequestRules}' job.
 */
public final class RequestHeadParser {
    /** Returned by {@link #parse} while the head is incomplete. */
    public static final int NEED_MORE = -1;

    private enum State {
        /** Before the request line; one empty line may precede it (RFC 9112 §2.2). */
        START,
        /** Saw CR of a leading empty line. */
        START_LF,
        METHOD,
        TARGET,
        VERSION,
        /** Saw CR after the version. */
        LINE_LF,
        /** At the start of a field line, or of the empty line that ends the head. */
        FIELD_START,
        NAME,
        /** After the colon, skipping optional whitespace. */
        VALUE_OWS,
        /** {@link Leniency#OBS_FOLD_AS_SPACE}: the whitespace that starts a continuation line. */
        FOLD_OWS,
        VALUE,
        /** Saw CR at the end of a field line. */
        FIELD_LF,
        /** Saw CR of the final empty line. */
        END_LF,
        DONE
    }

    private static final byte[] HTTP_SLASH = {'H', 'T', 'T', 'P', '/'};
    /** Cheroot's words for a method that is not upper-case (its {@code read_request_line}). */
    static final String LOWER_CASE_METHOD = "Malformed method name: According to RFC 2616 (section 5.1.1) and its"
            + " successors RFC 7230 (section 3.1.1) and RFC 7231 (section 4.1) method names are case-sensitive and"
            + " uppercase.";
    /** {@code HTTP/x.y} */
    private static final int VERSION_LENGTH = 8;

    private final int maxRequestLine;
    private final int maxHeaderSize;
    private final int maxHeaderCount;
    private final boolean bareLf;
    private final boolean obsFold;
    private final boolean laxTarget;
    private final boolean lowerCaseMethods;
    private final RequestHead head = new RequestHead();

    private State state = State.START;
    private int pos;
    private int lineStart;
    private int fieldsStart;
    private int nameStart;
    private int nameEnd;
    private int valueStart;
    private int valueEnd;
    /** With {@link Leniency#OBS_FOLD_AS_SPACE}: the line being read continues the previous field. */
    private boolean folding;
    private int majorVersion;
    /** Where the continuation's first non-blank byte is, or -1. */
    private int foldFirst;

    public RequestHeadParser(ServerConfig config) {
        this(config.maxRequestLine(), config.maxHeaderSize(), config.maxHeaderCount(), config.leniencies());
    }

    public RequestHeadParser(int maxRequestLine, int maxHeaderSize, int maxHeaderCount, Set<Leniency> leniencies) {
        this.maxRequestLine = maxRequestLine;
        this.maxHeaderSize = maxHeaderSize;
        this.maxHeaderCount = maxHeaderCount;
        this.bareLf = leniencies.contains(Leniency.BARE_LF_LINE_ENDINGS);
        this.obsFold = leniencies.contains(Leniency.OBS_FOLD_AS_SPACE);
        this.laxTarget = leniencies.contains(Leniency.UNENCODED_TARGET_CHARACTERS);
        this.lowerCaseMethods = leniencies.contains(Leniency.LOWER_CASE_METHODS);
    }

    /** The head being parsed; complete once {@link #parse} returned a length. */
    public RequestHead head() {
        return head;
    }

    /** Forgets the previous request. */
    public void reset() {
        state = State.START;
        pos = 0;
        lineStart = 0;
        fieldsStart = 0;
        folding = false;
        head.reset();
    }

    /** Whether a request has begun to arrive (so a timeout now is a 408, not idleness). */
    public boolean started() {
        // An empty line before a request (RFC 9112 §2.2) is not a request yet.
        return !(state == State.START || state == State.START_LF || (state == State.METHOD && pos == lineStart));
    }

    /**
     * Parses {@code buf[base, limit)}, the head's bytes received so far starting at its first byte.
     *
     * @return the head's length in bytes once complete, else {@link #NEED_MORE}
     * @throws RequestException the head breaks RFC 9112 or a limit
     */
    public int parse(byte[] buf, int base, int limit) throws RequestException {
        final int end = limit - base;
        int p = pos;
        State s = state;
        try {
            while (p < end) {
                checkLimit(s, p);
                byte b = buf[base + p];
                switch (s) {
                    case START -> {
                        if (b == Ascii.CR) {
                            s = State.START_LF;
                            p++;
                        } else if (b == Ascii.LF) {
                            bareLf();
                            p++;
                            lineStart = p;
                            s = State.METHOD;
                        } else {
                            lineStart = p;
                            s = State.METHOD;
                        }
                    }
                    case START_LF -> {
                        if (b != Ascii.LF) {
                            throw bad("Bare CR in request");
                        }
                        p++;
                        lineStart = p;
                        s = State.METHOD;
                    }
                    case METHOD -> {
                        while (Ascii.isTchar(b)) {
                            if (++p == end) {
                                break;
                            }
                            checkLineLimit(p);
                            b = buf[base + p];
                        }
                        if (p == end) {
                            break;
                        }
                        if (b != Ascii.SP || p == lineStart) {
                            throw bad("Malformed request line");
                        }
                        head.methodStart = lineStart;
                        head.methodEnd = p;
                        p++;
                        head.targetStart = p;
                        s = State.TARGET;
                    }
                    case TARGET -> {
                        while (targetByte(b)) {
                            if (++p == end) {
                                break;
                            }
                            checkLineLimit(p);
                            b = buf[base + p];
                        }
                        if (p == end) {
                            break;
                        }
                        if (b != Ascii.SP || p == head.targetStart) {
                            throw bad(b == Ascii.SP || b == Ascii.CR || b == Ascii.LF
                                    ? "Malformed request line" : "Invalid character in request target");
                        }
                        head.targetEnd = p;
                        p++;
                        s = State.VERSION;
                    }
                    case VERSION -> {
                        int vs = head.targetEnd + 1;
                        if (end - vs <= VERSION_LENGTH) {
                            // Wait for "HTTP/x.y" and the byte after it, but fail early on a byte
                            // that cannot belong there, so a bad line is refused as it arrives.
                            for (int i = p; i < end; i++) {
                                checkLineLimit(i);
                                checkVersionByte(buf[base + i], i - vs);
                            }
                            p = end;
                            break;
                        }
                        for (int i = p; i < vs + VERSION_LENGTH; i++) {
                            checkLineLimit(i);
                            checkVersionByte(buf[base + i], i - vs);
                        }
                        p = vs + VERSION_LENGTH;
                        checkLineLimit(p);
                        b = buf[base + p];
                        int major = buf[base + vs + 5] - '0';
                        int minor = buf[base + vs + 7] - '0';
                        majorVersion = major;
                        // RFC 9110 §2.5: a higher minor version is served as the highest we know.
                        head.minorVersion = minor == 0 ? 0 : 1;
                        if (b == Ascii.CR) {
                            s = State.LINE_LF;
                        } else if (b == Ascii.LF) {
                            bareLf();
                            checkMajorVersion();
                            checkMethodCase(buf, base);
                            s = State.FIELD_START;
                            fieldsStart = p + 1;
                        } else {
                            throw bad("Malformed request line");
                        }
                        p++;
                    }
                    case LINE_LF -> {
                        if (b != Ascii.LF) {
                            throw bad("Bare CR in request line");
                        }
                        checkMajorVersion();
                        checkMethodCase(buf, base);
                        p++;
                        fieldsStart = p;
                        s = State.FIELD_START;
                    }
                    case FIELD_START -> {
                        if (b == Ascii.CR) {
                            p++;
                            s = State.END_LF;
                        } else if (b == Ascii.LF) {
                            bareLf();
                            p++;
                            s = State.DONE;
                        } else if (b == Ascii.SP || b == Ascii.HTAB) {
                            // RFC 9112 §5.2: obs-fold; §2.2: whitespace before the first field.
                            if (!obsFold || head.count == 0) {
                                throw bad(head.count == 0 ? "Whitespace before first header field"
                                        : "Obsolete line folding in header field");
                            }
                            unfold(buf, base, p);
                            folding = true;
                            foldFirst = -1;
                            s = State.FOLD_OWS;
                        } else if (Ascii.isTchar(b)) {
                            nameStart = p;
                            s = State.NAME;
                        } else {
                            throw bad("Invalid header field name");
                        }
                    }
                    case FOLD_OWS -> {
                        // RFC 9112 §5.2: the whole fold becomes spaces, tabs included.
                        while (b == Ascii.SP || b == Ascii.HTAB) {
                            buf[base + p] = Ascii.SP;
                            if (++p == end) {
                                break;
                            }
                            checkFieldLimit(p);
                            b = buf[base + p];
                        }
                        if (p == end) {
                            break;
                        }
                        if (b != Ascii.CR && b != Ascii.LF) {
                            foldFirst = p;
                        }
                        s = State.VALUE;
                    }
                    case NAME -> {
                        while (Ascii.isTchar(b)) {
                            if (++p == end) {
                                break;
                            }
                            checkFieldLimit(p);
                            b = buf[base + p];
                        }
                        if (p == end) {
                            break;
                        }
                        if (b == ':') {
                            nameEnd = p;
                            p++;
                            s = State.VALUE_OWS;
                        } else if (b == Ascii.SP || b == Ascii.HTAB) {
                            // RFC 9112 §5.1: no whitespace between name and colon; MUST reject.
                            throw bad("Whitespace between header field name and colon");
                        } else {
                            throw bad("Invalid header field name");
                        }
                    }
                    case VALUE_OWS -> {
                        while (b == Ascii.SP || b == Ascii.HTAB) {
                            if (++p == end) {
                                break;
                            }
                            checkFieldLimit(p);
                            b = buf[base + p];
                        }
                        if (p == end) {
                            break;
                        }
                        valueStart = p;
                        valueEnd = p;
                        s = State.VALUE;
                    }
                    case VALUE -> {
                        while (Ascii.is(b, Ascii.FIELD_VCHAR)) {
                            p++;
                            if (b != Ascii.SP && b != Ascii.HTAB) {
                                valueEnd = p;
                            }
                            if (p == end) {
                                break;
                            }
                            checkFieldLimit(p);
                            b = buf[base + p];
                        }
                        if (p == end) {
                            break;
                        }
                        if (b == Ascii.CR) {
                            p++;
                            s = State.FIELD_LF;
                        } else if (b == Ascii.LF) {
                            bareLf();
                            p++;
                            endField(buf, base);
                            s = State.FIELD_START;
                        } else {
                            // RFC 9110 §5.5: NUL and other controls are not field content.
                            throw bad("Invalid character in header field value");
                        }
                    }
                    case FIELD_LF -> {
                        if (b != Ascii.LF) {
                            throw bad("Bare CR in header field");
                        }
                        p++;
                        endField(buf, base);
                        s = State.FIELD_START;
                    }
                    case END_LF -> {
                        if (b != Ascii.LF) {
                            throw bad("Bare CR in header section");
                        }
                        p++;
                        s = State.DONE;
                    }
                    case DONE -> throw new IllegalStateException("head already parsed");
                }
                if (s == State.DONE) {
                    pos = p;
                    state = s;
                    return p;
                }
            }
        } finally {
            pos = p;
            state = s;
        }
        return NEED_MORE;
    }

    /**
     * The limits are checked at every byte the scan reaches, never against how much happens to
     * have arrived, so where the input was split cannot change which error wins.
     */
    private void checkLimit(State s, int p) throws RequestException {
        switch (s) {
            case METHOD, TARGET, VERSION -> checkLineLimit(p);
            case FIELD_START, NAME, VALUE_OWS, FOLD_OWS, VALUE, FIELD_LF, END_LF -> checkFieldLimit(p);
            default -> { }
        }
    }

    /** A request line is its bytes before CR; the byte at {@code p} makes it too long. */
    private void checkLineLimit(int p) throws RequestException {
        if (p - lineStart > maxRequestLine) {
            throw new RequestException(414, "Request-URI Too Long");
        }
    }

    /** The header section, final CRLF included, may not reach past {@code maxHeaderSize} bytes. */
    private void checkFieldLimit(int p) throws RequestException {
        if (p - fieldsStart >= maxHeaderSize) {
            throw new RequestException(431, "Request Header Fields Too Large");
        }
    }

    private boolean targetByte(byte b) {
        if (Ascii.is(b, Ascii.TARGET)) {
            return true;
        }
        return laxTarget && b > 0x20 && b < 0x7f && b != '#';
    }

    private static void checkVersionByte(byte b, int i) throws RequestException {
        boolean ok = i < 5 ? b == HTTP_SLASH[i]
                : i == 6 ? b == '.'
                : b >= '0' && b <= '9';
        if (!ok) {
            throw new RequestException(400, "Malformed request line: bad protocol version");
        }
    }

    private void endField(byte[] buf, int base) throws RequestException {
        if (folding) {
            folding = false;
            int last = head.count - 1;
            if (head.valueStart[last] == head.valueEnd[last] && foldFirst >= 0) {
                // The field had no value before the fold: it starts at the continuation's text.
                head.valueStart[last] = foldFirst;
            }
            head.valueEnd[last] = Math.max(head.valueEnd[last], valueEnd);
            return;
        }
        if (head.count >= maxHeaderCount) {
            throw new RequestException(431, "Too many header fields");
        }
        HeaderName known = KnownHeaders.lookup(buf, base + nameStart, nameEnd - nameStart);
        head.addField(nameStart, nameEnd, valueStart, valueEnd, known);
    }

    /**
     * {@link Leniency#OBS_FOLD_AS_SPACE}: the line terminator before {@code p} becomes spaces, and
     * the previous field's value runs on (RFC 9112 §5.2).
     */
    private void unfold(byte[] buf, int base, int p) {
        int last = head.count - 1;
        for (int i = head.valueEnd[last]; i < p; i++) {
            buf[base + i] = Ascii.SP;
        }
        valueEnd = head.valueEnd[last];
    }

    /** RFC 9110 §15.6.6: only major version 1; decided once the line is known to be well-formed. */
    private void checkMajorVersion() throws RequestException {
        if (majorVersion != 1) {
            throw new RequestException(505, "HTTP Version Not Supported");
        }
    }

    /**
     * A method is a case-sensitive token (RFC 9110 §9.1) and every registered one is upper-case;
     * like Cheroot, refuse one with a lower-case letter ({@code get / HTTP/1.1}) unless
     * {@link Leniency#LOWER_CASE_METHODS}. Checked, as Cheroot checks it, once the line is known
     * to be well-formed and its version supported, so a bad line is still a plain 400 and
     * {@code get / HTTP/2.0} still a 505.
     */
    private void checkMethodCase(byte[] buf, int base) throws RequestException {
        if (lowerCaseMethods) {
            return;
        }
        for (int i = base + head.methodStart; i < base + head.methodEnd; i++) {
            if (buf[i] >= 'a' && buf[i] <= 'z') {
                throw bad(LOWER_CASE_METHOD);
            }
        }
    }

    private void bareLf() throws RequestException {
        if (!bareLf) {
            throw bad("Bare LF in request head: lines must end with CRLF");
        }
    }

    private static RequestException bad(String message) {
        return new RequestException(400, message);
    }
}
