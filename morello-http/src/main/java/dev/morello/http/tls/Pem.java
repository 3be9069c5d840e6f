package dev.morello.http.tls;

import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the textual encodings of RFC 7468: blocks of base64 between
 * {@code -----BEGIN LABEL-----} and {@code -----END LABEL-----} lines, any text around them
 * ignored (RFC 7468 §2: "explanatory text", such as what {@code openssl x509 -text} or a PKCS#12
 * export writes before each block).
 *
 * <pre>{@code
 * for (Pem.Block block : Pem.parse(text)) {
 *     if (block.label().equals("CERTIFICATE")) { ... block.der() ... }
 * }
 * }</pre>
 *
 * <p>Within a block it is lax where RFC 7468 §3 allows parsers to be: whitespace anywhere in the
 * base64 text, lines of any length, trailing whitespace on the boundary lines. It also collects
 * the RFC 1421 header lines that OpenSSL's legacy encrypted keys carry ({@code Proc-Type},
 * {@code DEK-Info}) so that the caller can refuse them by name. The base64 itself is strict: only
 * its alphabet, padding only at the end.
 */
final class Pem {
    private static final String DASHES = "-----";
    private static final String BEGIN = "-----BEGIN ";
    private static final String END = "-----END ";
    /** A UTF-8 byte order mark read as ISO-8859-1, which some editors put before the first line. */
    private static final String BOM = "\u00ef\u00bb\u00bf";

    private Pem() {
    }

    /**
     * One block: its label, its header lines (usually none) and the bytes the base64 encodes.
     * {@code line} is where its BEGIN line is, counted from 1, for messages.
     */
    record Block(String label, Map<String, String> headers, byte[] der, int line) {
    }

    /** The text is not well-formed PEM; the message says where, never what the block holds. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    private enum State {
        /** Between blocks: text there is ignored. */
        OUTSIDE,
        /** Right after a BEGIN line, where RFC 1421 header lines may come. */
        HEADERS,
        /** In the base64 text. */
        BODY
    }

    /** Every block of the text, in order. */
    static List<Block> parse(String text) throws MalformedException {
        if (text.startsWith(BOM)) {
            text = text.substring(BOM.length());
        }
        List<Block> blocks = new ArrayList<>();
        State state = State.OUTSIDE;
        String label = null;
        int beginLine = 0;
        Map<String, String> headers = new LinkedHashMap<>();
        StringBuilder base64 = new StringBuilder();
        int lineNumber = 0;
        int pos = 0;
        while (pos < text.length()) {
            int eol = pos;
            while (eol < text.length() && text.charAt(eol) != '\n' && text.charAt(eol) != '\r') {
                eol++;
            }
            String line = text.substring(pos, eol).stripTrailing();
            // CR LF, LF and CR all end a line (RFC 7468 §3: parsers handle the common delimiters).
            pos = eol;
            if (pos < text.length() && text.charAt(pos) == '\r') {
                pos++;
            }
            if (pos < text.length() && text.charAt(pos) == '\n') {
                pos++;
            }
            lineNumber++;

            if (state == State.OUTSIDE) {
                if (line.startsWith(BEGIN)) {
                    label = boundaryLabel(line, BEGIN, lineNumber);
                    beginLine = lineNumber;
                    headers = new LinkedHashMap<>();
                    base64.setLength(0);
                    state = State.HEADERS;
                }
                continue;
            }
            if (line.startsWith(END)) {
                String endLabel = boundaryLabel(line, END, lineNumber);
                if (!endLabel.equals(label)) {
                    throw new MalformedException("the block that begins at line " + beginLine + " as '" + label
                            + "' ends at line " + lineNumber + " as '" + endLabel + "'");
                }
                blocks.add(new Block(label, Map.copyOf(headers), decode(base64, beginLine), beginLine));
                state = State.OUTSIDE;
                continue;
            }
            if (line.startsWith(BEGIN)) {
                throw new MalformedException("the block that begins at line " + beginLine
                        + " has no END line before the next BEGIN line, at line " + lineNumber);
            }
            if (state == State.HEADERS) {
                int colon = line.indexOf(':');
                if (colon > 0) {
                    // RFC 1421 §4.4: "Name: value" lines, then an empty line, then the text.
                    headers.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
                    continue;
                }
                if (line.isEmpty() && !headers.isEmpty()) {
                    state = State.BODY;
                    continue;
                }
                state = State.BODY;
            }
            base64.append(line);
        }
        if (state != State.OUTSIDE) {
            throw new MalformedException("the block that begins at line " + beginLine + " has no END line");
        }
        return blocks;
    }

    /** The label of a BEGIN or END line, checked against RFC 7468 §3's grammar. */
    private static String boundaryLabel(String line, String prefix, int lineNumber) throws MalformedException {
        if (!line.endsWith(DASHES) || line.length() < prefix.length() + DASHES.length()) {
            throw new MalformedException("line " + lineNumber + " is not a well-formed boundary line");
        }
        String label = line.substring(prefix.length(), line.length() - DASHES.length());
        for (int i = 0; i < label.length(); i++) {
            char c = label.charAt(i);
            boolean labelChar = c >= 0x21 && c <= 0x7e && c != '-';
            boolean joiner = (c == '-' || c == ' ') && i > 0 && i < label.length() - 1
                    && label.charAt(i - 1) != '-' && label.charAt(i - 1) != ' ';
            if (!labelChar && !joiner) {
                throw new MalformedException("line " + lineNumber + " has a malformed label");
            }
        }
        return label;
    }

    private static byte[] decode(StringBuilder text, int beginLine) throws MalformedException {
        StringBuilder compact = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c != ' ' && c != '\t') {
                compact.append(c);
            }
        }
        if (compact.isEmpty()) {
            throw new MalformedException("the block that begins at line " + beginLine + " is empty");
        }
        try {
            return Base64.getDecoder().decode(compact.toString());
        } catch (IllegalArgumentException e) {
            throw new MalformedException("the base64 text of the block that begins at line " + beginLine + " is damaged");
        }
    }
}
