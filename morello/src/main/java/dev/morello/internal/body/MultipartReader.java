package dev.morello.internal.body;

import dev.morello.HttpError;
import dev.morello.internal.config.Names;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The framing of a multipart body (RFC 2046 §5.1.1) read from a stream through one fixed buffer:
 * it finds the delimiters, hands the content between them to a {@link Sink}, and reads each
 * part's header lines.
 *
 * <pre>
 * preamble CRLF
 * --boundary CRLF  headers CRLF CRLF  content
 * CRLF --boundary CRLF  headers CRLF CRLF  content
 * CRLF --boundary-- epilogue
 * </pre>
 *
 * <p>Like CherryPy, it takes a bare LF wherever CRLF belongs, and counts a line as a delimiter
 * only when nothing but whitespace follows {@code --boundary} on it (or {@code --} closes the
 * body): any other line is content, even one that starts like a delimiter.
 */
final class MultipartReader {
    /** Receives a stretch of part content. */
    interface Sink {
        void write(byte[] bytes, int offset, int length) throws IOException;
    }

    /** What ended a stretch of content. */
    enum Delimiter {
        /** {@code --boundary}: a part follows. */
        NEXT,
        /** {@code --boundary--}: the body ends. */
        CLOSE
    }

    static final Sink DISCARD = (bytes, offset, length) -> { };

    private static final byte CR = '\r';
    private static final byte LF = '\n';
    private static final byte DASH = '-';
    private static final byte SP = ' ';
    private static final byte HTAB = '\t';
    private static final byte DEL = 0x7f;
    private static final char COLON = ':';
    private static final int BUFFER_SIZE = 8192;

    // Results of delimiterLineEnd other than an index.
    private static final int NEED_MORE = -1;
    private static final int NOT_A_DELIMITER = -2;
    private static final int CLOSE_DELIMITER = -3;

    private final InputStream in;
    /** {@code LF "--" boundary}; the CR before it is optional. */
    private final byte[] delimiter;
    private final byte[] buf = new byte[BUFFER_SIZE];
    private int pos;
    private int lim;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream();

    MultipartReader(InputStream in, String boundary) {
        this.in = in;
        this.delimiter = ("\n--" + boundary).getBytes(StandardCharsets.US_ASCII);
        // The first delimiter may open the body without a line break before it (the preamble is
        // optional); starting with one lets a single search find every delimiter.
        buf[lim++] = CR;
        buf[lim++] = LF;
    }

    /**
     * Passes the content up to the next delimiter to {@code sink} and consumes the delimiter
     * line (for {@link Delimiter#CLOSE}, up to its {@code --}).
     *
     * @throws HttpError 400 when the body ends first
     */
    Delimiter readContent(Sink sink) throws IOException {
        while (true) {
            int at = indexOfDelimiter();
            if (at < 0) {
                // The last bytes may be the start of a delimiter (and of the CR before it): keep them.
                int flush = Math.max(pos, lim - delimiter.length);
                sink.write(buf, pos, flush - pos);
                pos = flush;
                fillOrFail();
                continue;
            }
            int start = at > pos && buf[at - 1] == CR ? at - 1 : at;
            int end = delimiterLineEnd(at + delimiter.length);
            if (end == NEED_MORE) {
                sink.write(buf, pos, start - pos);
                pos = start;
                fillOrFail();
            } else if (end == NOT_A_DELIMITER) {
                sink.write(buf, pos, at + 1 - pos);
                pos = at + 1;
            } else {
                sink.write(buf, pos, start - pos);
                if (end == CLOSE_DELIMITER) {
                    pos = at + delimiter.length + 2;
                    return Delimiter.CLOSE;
                }
                pos = end;
                return Delimiter.NEXT;
            }
        }
    }

    /**
     * Reads a part's header lines up to the empty line that ends them. Names are kept as sent; a
     * name sent twice gets its values joined with {@code ", "} (RFC 9110 §5.3).
     *
     * @param maxBytes the most bytes the lines may take, line ends included
     * @throws HttpError 400 when they take more, break the field syntax, or the body ends first
     */
    Map<String, String> readHeaders(int maxBytes) throws IOException {
        Map<String, String> headers = new LinkedHashMap<>();
        int used = 0;
        while (true) {
            used += readLine(maxBytes - used);
            String text = headerText();
            if (text.isEmpty()) {
                return headers;
            }
            int colon = text.indexOf(COLON);
            if (colon <= 0 || !isToken(text, 0, colon)) {
                // This refuses folded lines too (a line starting with whitespace): browsers never
                // fold part headers, and RFC 9112 §5.2 has obs-fold refused or replaced in HTTP's.
                throw malformed();
            }
            String name = text.substring(0, colon);
            String value = trimWhitespace(text, colon + 1);
            String known = sameName(headers, name);
            if (known == null) {
                headers.put(name, value);
            } else {
                headers.put(known, headers.get(known) + ", " + value);
            }
        }
    }

    /** Reads one line into {@link #line} without its LF; returns the bytes consumed. */
    private int readLine(int budget) throws IOException {
        line.reset();
        int consumed = 0;
        while (true) {
            int lf = pos;
            while (lf < lim && buf[lf] != LF) {
                lf++;
            }
            boolean found = lf < lim;
            consumed += (found ? lf + 1 : lim) - pos;
            if (consumed > budget) {
                throw new HttpError(400, "Part headers too large in the multipart body");
            }
            line.write(buf, pos, lf - pos);
            pos = found ? lf + 1 : lim;
            if (found) {
                return consumed;
            }
            fillOrFail();
        }
    }

    /**
     * The line just read, without its CR, as text: UTF-8 when it is valid UTF-8 (browsers send
     * file names so, RFC 7578 §4.2), else ISO-8859-1 as CherryPy reads headers.
     */
    private String headerText() {
        byte[] bytes = line.toByteArray();
        int length = bytes.length > 0 && bytes[bytes.length - 1] == CR ? bytes.length - 1 : bytes.length;
        for (int i = 0; i < length; i++) {
            byte b = bytes[i];
            if ((b >= 0 && b < SP && b != HTAB) || b == DEL) {
                throw malformed();
            }
        }
        byte[] content = Arrays.copyOf(bytes, length);
        try {
            return Charsets.decodeStrict(content, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            return new String(content, StandardCharsets.ISO_8859_1);
        }
    }

    /** {@code s} from {@code from} without leading and trailing SP and HTAB (RFC 9110 §5.5 OWS). */
    private static String trimWhitespace(String s, int from) {
        int to = s.length();
        while (from < to && (s.charAt(from) == SP || s.charAt(from) == HTAB)) {
            from++;
        }
        while (to > from && (s.charAt(to - 1) == SP || s.charAt(to - 1) == HTAB)) {
            to--;
        }
        return s.substring(from, to);
    }

    private static String sameName(Map<String, String> headers, String name) {
        for (String known : headers.keySet()) {
            if (known.equalsIgnoreCase(name)) {
                return known;
            }
        }
        return null;
    }

    private static boolean isToken(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!MediaType.tchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** The index of the next full delimiter in the buffer, or -1. */
    private int indexOfDelimiter() {
        int last = lim - delimiter.length;
        outer:
        for (int i = pos; i <= last; i++) {
            if (buf[i] != LF) {
                continue;
            }
            for (int j = 1; j < delimiter.length; j++) {
                if (buf[i + j] != delimiter[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    /**
     * What follows a delimiter ending before {@code i}: {@code --} closes the body; whitespace
     * (RFC 2046 transport-padding) and a line end make it a delimiter line, and the index after
     * that line is returned; anything else means the text was content after all.
     */
    private int delimiterLineEnd(int i) {
        if (i < lim && buf[i] == DASH) {
            if (i + 1 == lim) {
                return NEED_MORE;
            }
            return buf[i + 1] == DASH ? CLOSE_DELIMITER : NOT_A_DELIMITER;
        }
        while (i < lim && (buf[i] == SP || buf[i] == HTAB)) {
            i++;
        }
        if (i == lim) {
            return NEED_MORE;
        }
        if (buf[i] == LF) {
            return i + 1;
        }
        if (buf[i] != CR) {
            return NOT_A_DELIMITER;
        }
        if (i + 1 == lim) {
            return NEED_MORE;
        }
        return buf[i + 1] == LF ? i + 2 : NOT_A_DELIMITER;
    }

    /** Moves the unread bytes to the front and reads more after them. */
    private void fillOrFail() throws IOException {
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, lim - pos);
            lim -= pos;
            pos = 0;
        }
        if (lim == buf.length) {
            // Only a delimiter line padded with kilobytes of whitespace gets here.
            throw malformed();
        }
        int n;
        do {
            n = in.read(buf, lim, buf.length - lim);
        } while (n == 0);
        if (n < 0) {
            throw malformed();
        }
        lim += n;
    }

    private static HttpError malformed() {
        return new HttpError(400, "Malformed multipart body");
    }
}
