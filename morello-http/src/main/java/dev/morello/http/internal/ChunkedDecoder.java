package dev.morello.http.internal;

import dev.morello.http.Headers;
import dev.morello.http.RequestException;

/**
 * Decodes the chunked transfer coding (RFC 9112 §7.1) as an explicit state machine: chunk size
 * lines with their extensions, the data, the CRLF after it, and the trailer section.
 *
 * <p>Pure and resumable: each {@link #decode} call takes whatever input has arrived, copies the
 * data it finds to the output, and reports how much it {@link #consumed()} and
 * {@link #produced()}; the split of the input across calls never changes the result. It throws
 * only {@link RequestException}.
 *
 * <pre>{@code
 * decoder.decode(in, inOff, inLen, out, outOff, outLen);
 * inOff += decoder.consumed();
 * int n = decoder.produced();       // bytes of body now in out[outOff, outOff + n)
 * if (decoder.done()) ...           // the last chunk and the trailers were read
 * }</pre>
 */
public final class ChunkedDecoder {
    private enum State {
        SIZE_START,
        SIZE,
        /** After the size or an extension: optional whitespace, then ';' or CR. */
        EXT_BWS,
        EXT_NAME_START,
        EXT_NAME,
        /** After an extension name: whitespace, '=', ';' or CR. */
        EXT_AFTER_NAME,
        EXT_VALUE_START,
        EXT_VALUE_TOKEN,
        EXT_QUOTED,
        EXT_QUOTED_ESCAPE,
        SIZE_LF,
        DATA,
        DATA_CR,
        DATA_LF,
        TRAILER_START,
        TRAILER_NAME,
        TRAILER_VALUE,
        TRAILER_LF,
        END_LF,
        DONE
    }

    /** Hex digits of a chunk size, leading zeros included; 15 keeps it far from overflow. */
    private static final int MAX_SIZE_DIGITS = 15;
    /** Bytes of chunk extensions allowed on one size line. */
    public static final int MAX_EXTENSION_BYTES = 4096;
    /**
     * Bytes of chunk extensions allowed in a whole body: without it, tiny chunks with long
     * extensions would cost thousands of parsed bytes for each byte of content.
     */
    public static final int MAX_BODY_EXTENSION_BYTES = 64 * 1024;

    private final long maxBodySize;
    private final int maxTrailerSize;
    private final int maxTrailerCount;
    private final boolean bareLf;

    private State state = State.SIZE_START;
    private long chunkRemaining;
    private int sizeDigits;
    private int extensionBytes;
    private int bodyExtensionBytes;
    private long total;
    private int trailerBytes;
    private final StringBuilder trailerLine = new StringBuilder();
    private FieldList trailers;
    private int nameLength;
    /** Whitespace was just skipped on a size line: only ';' (or '=' after a name) may follow. */
    private boolean afterBws;
    private int consumed;
    private int produced;

    /**
     * @param maxBodySize     most body bytes in all, 0 for no limit; more → 413
     * @param maxTrailerSize  most bytes in the trailer section; more → 431
     * @param maxTrailerCount most trailer fields; more → 431
     * @param bareLf          accept LF alone as a line end
     */
    public ChunkedDecoder(long maxBodySize, int maxTrailerSize, int maxTrailerCount, boolean bareLf) {
        this.maxBodySize = maxBodySize;
        this.maxTrailerSize = maxTrailerSize;
        this.maxTrailerCount = maxTrailerCount;
        this.bareLf = bareLf;
    }

    public void reset() {
        state = State.SIZE_START;
        chunkRemaining = 0;
        sizeDigits = 0;
        extensionBytes = 0;
        bodyExtensionBytes = 0;
        total = 0;
        trailerBytes = 0;
        trailerLine.setLength(0);
        trailers = null;
        afterBws = false;
        consumed = 0;
        produced = 0;
    }

    /** Bytes of input the last call took. */
    public int consumed() {
        return consumed;
    }

    /** Bytes of body the last call wrote to the output. */
    public int produced() {
        return produced;
    }

    /** Whether the whole chunked body, trailers included, has been read. */
    public boolean done() {
        return state == State.DONE;
    }

    /** Body bytes decoded so far. */
    public long total() {
        return total;
    }

    /** The trailer fields, in order; empty when there were none (or none yet). */
    public Headers trailers() {
        return trailers == null ? FieldList.EMPTY : trailers;
    }

    /**
     * Decodes from {@code in[inOff, inOff + inLen)} into {@code out[outOff, outOff + outLen)}. Stops
     * when the input is used up, the output is full, or the body is complete.
     */
    public void decode(byte[] in, int inOff, int inLen, byte[] out, int outOff, int outLen) throws RequestException {
        int i = inOff;
        final int inEnd = inOff + inLen;
        int o = outOff;
        final int outEnd = outOff + outLen;
        try {
            while (i < inEnd && state != State.DONE) {
                if (state == State.DATA) {
                    if (o == outEnd) {
                        break;
                    }
                    int n = (int) Math.min(chunkRemaining, Math.min(inEnd - i, outEnd - o));
                    System.arraycopy(in, i, out, o, n);
                    i += n;
                    o += n;
                    chunkRemaining -= n;
                    if (chunkRemaining == 0) {
                        state = State.DATA_CR;
                    }
                    continue;
                }
                byte b = in[i++];
                step(b);
            }
        } finally {
            consumed = i - inOff;
            produced = o - outOff;
        }
    }

    private void step(byte b) throws RequestException {
        switch (state) {
            case SIZE_START, SIZE -> {
                int d = Ascii.hexValue(b);
                if (d >= 0) {
                    if (++sizeDigits > MAX_SIZE_DIGITS) {
                        throw bad("Chunk size too long");
                    }
                    chunkRemaining = (chunkRemaining << 4) | d;
                    state = State.SIZE;
                } else if (state == State.SIZE_START) {
                    throw bad("Invalid chunk size");
                } else {
                    sizeEnded(b);
                }
            }
            case EXT_BWS -> {
                if (b == ' ' || b == '\t') {
                    countExtension();
                    afterBws = true;
                } else if (b == ';') {
                    countExtension();
                    afterBws = false;
                    state = State.EXT_NAME_START;
                } else {
                    endOfExtensions(b);
                }
            }
            case EXT_NAME_START -> {
                countExtension();
                if (b == ' ' || b == '\t') {
                    return;
                }
                if (!Ascii.isTchar(b)) {
                    throw bad("Invalid chunk extension");
                }
                state = State.EXT_NAME;
            }
            case EXT_NAME -> {
                if (Ascii.isTchar(b)) {
                    countExtension();
                } else {
                    state = State.EXT_AFTER_NAME;
                    step(b);
                }
            }
            case EXT_AFTER_NAME -> {
                if (b == ' ' || b == '\t') {
                    countExtension();
                    afterBws = true;
                } else if (b == '=') {
                    countExtension();
                    afterBws = false;
                    state = State.EXT_VALUE_START;
                } else if (b == ';') {
                    countExtension();
                    afterBws = false;
                    state = State.EXT_NAME_START;
                } else {
                    endOfExtensions(b);
                }
            }
            case EXT_VALUE_START -> {
                countExtension();
                if (b == ' ' || b == '\t') {
                    return;
                }
                if (b == '"') {
                    state = State.EXT_QUOTED;
                } else if (Ascii.isTchar(b)) {
                    state = State.EXT_VALUE_TOKEN;
                } else {
                    throw bad("Invalid chunk extension");
                }
            }
            case EXT_VALUE_TOKEN -> {
                if (Ascii.isTchar(b)) {
                    countExtension();
                } else {
                    state = State.EXT_BWS;
                    step(b);
                }
            }
            case EXT_QUOTED -> {
                countExtension();
                // RFC 9110 §5.6.4: qdtext is HTAB, SP, visible bytes but '"' and '\', obs-text.
                if (b == '"') {
                    state = State.EXT_BWS;
                } else if (b == '\\') {
                    state = State.EXT_QUOTED_ESCAPE;
                } else if (!(b == '\t' || (b >= 0x20 && b != 0x7f) || b < 0)) {
                    throw bad("Invalid chunk extension");
                }
            }
            case EXT_QUOTED_ESCAPE -> {
                countExtension();
                if (!(b == '\t' || (b >= 0x20 && b != 0x7f) || b < 0)) {
                    throw bad("Invalid chunk extension");
                }
                state = State.EXT_QUOTED;
            }
            case SIZE_LF -> {
                if (b != Ascii.LF) {
                    throw bad("Bare CR in chunk size line");
                }
                sizeLineDone();
            }
            case DATA_CR -> {
                if (b == Ascii.CR) {
                    state = State.DATA_LF;
                } else if (b == Ascii.LF && bareLf) {
                    startNextChunk();
                } else {
                    throw bad("Missing CRLF after chunk data");
                }
            }
            case DATA_LF -> {
                if (b != Ascii.LF) {
                    throw bad("Missing CRLF after chunk data");
                }
                startNextChunk();
            }
            case TRAILER_START -> trailerStart(b);
            case TRAILER_NAME -> {
                trailerByte();
                if (b == ':') {
                    if (trailerLine.isEmpty()) {
                        throw bad("Invalid trailer field");
                    }
                    nameLength = trailerLine.length();
                    state = State.TRAILER_VALUE;
                } else if (Ascii.isTchar(b)) {
                    trailerLine.append((char) b);
                } else {
                    throw bad("Invalid trailer field name");
                }
            }
            case TRAILER_VALUE -> {
                trailerByte();
                if (b == Ascii.CR) {
                    state = State.TRAILER_LF;
                } else if (b == Ascii.LF && bareLf) {
                    addTrailer();
                    state = State.TRAILER_START;
                } else if (Ascii.is(b, Ascii.FIELD_VCHAR)) {
                    trailerLine.append((char) (b & 0xff));
                } else {
                    throw bad("Invalid character in trailer field");
                }
            }
            case TRAILER_LF -> {
                trailerByte();
                if (b != Ascii.LF) {
                    throw bad("Bare CR in trailer field");
                }
                addTrailer();
                state = State.TRAILER_START;
            }
            case END_LF -> {
                if (b != Ascii.LF) {
                    throw bad("Bare CR at end of chunked body");
                }
                state = State.DONE;
            }
            case DATA, DONE -> throw new IllegalStateException(state.name());
        }
    }

    private void sizeEnded(byte b) throws RequestException {
        if (b == ' ' || b == '\t' || b == ';') {
            state = State.EXT_BWS;
            step(b);
        } else {
            lineEnd(b, "Invalid chunk size");
        }
    }

    /**
     * RFC 9112 §7.1.1: BWS only surrounds ';' and '='; whitespace right before the line's end is
     * not part of the grammar, and a lenient reading here is what smuggling feeds on.
     */
    private void endOfExtensions(byte b) throws RequestException {
        if (afterBws) {
            throw bad("Whitespace at the end of a chunk size line");
        }
        lineEnd(b, "Invalid chunk extension");
    }

    /** A byte where a size line may end: CR (then LF), or LF alone when allowed. */
    private void lineEnd(byte b, String otherwise) throws RequestException {
        if (b == Ascii.CR) {
            state = State.SIZE_LF;
        } else if (b == Ascii.LF && bareLf) {
            sizeLineDone();
        } else {
            throw bad(otherwise);
        }
    }

    private void countExtension() throws RequestException {
        if (++extensionBytes > MAX_EXTENSION_BYTES || ++bodyExtensionBytes > MAX_BODY_EXTENSION_BYTES) {
            throw bad("Chunk extensions too long");
        }
    }

    private void sizeLineDone() throws RequestException {
        if (chunkRemaining == 0) {
            state = State.TRAILER_START;
            return;
        }
        total += chunkRemaining;
        if (maxBodySize > 0 && total > maxBodySize) {
            // The chunk announces more than we accept: refuse now, before reading it.
            throw new RequestException(413, "Request body too large");
        }
        state = State.DATA;
    }

    private void startNextChunk() {
        state = State.SIZE_START;
        afterBws = false;
        sizeDigits = 0;
        extensionBytes = 0;
        chunkRemaining = 0;
    }

    private void trailerStart(byte b) throws RequestException {
        if (b == Ascii.CR) {
            state = State.END_LF;
        } else if (b == Ascii.LF && bareLf) {
            state = State.DONE;
        } else if (Ascii.isTchar(b)) {
            trailerByte();
            trailerLine.setLength(0);
            trailerLine.append((char) b);
            state = State.TRAILER_NAME;
        } else {
            // Whitespace here would be obs-fold (RFC 9112 §5.2); anything else is not a field.
            throw bad("Invalid trailer field");
        }
    }

    private void trailerByte() throws RequestException {
        if (++trailerBytes > maxTrailerSize) {
            throw new RequestException(431, "Trailer section too large");
        }
    }

    private void addTrailer() throws RequestException {
        if (trailers == null) {
            trailers = new FieldList();
        }
        if (trailers.size() >= maxTrailerCount) {
            throw new RequestException(431, "Too many trailer fields");
        }
        String name = trailerLine.substring(0, nameLength);
        String value = trailerLine.substring(nameLength).strip();
        trailers.add(name, value);
    }

    private static RequestException bad(String message) {
        return new RequestException(400, message);
    }

    @Override
    public String toString() {
        return "ChunkedDecoder[" + state + ", total=" + total + "]";
    }
}
