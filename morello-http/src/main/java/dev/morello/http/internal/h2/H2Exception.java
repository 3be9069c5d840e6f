package dev.morello.http.internal.h2;

/**
 * A peer broke an HTTP/2 rule. It carries the RFC 9113 §7 error code to send and the scope of the
 * error (RFC 9113 §5.4): a <em>connection error</em> ends the connection with GOAWAY, a <em>stream
 * error</em> resets one stream with RST_STREAM and leaves the others alone.
 *
 * <p>HPACK failures are always connection errors of type {@link ErrorCode#COMPRESSION_ERROR}: once
 * a header block fails to decode, the two ends' dynamic tables can no longer be trusted to agree
 * (RFC 9113 §4.3).
 *
 * <p>The message is ours, short and safe to put in a GOAWAY's debug data: it never echoes the
 * peer's bytes.
 */
public final class H2Exception extends Exception {
    private static final long serialVersionUID = 1L;

    private final ErrorCode code;
    private final int streamId;

    private H2Exception(ErrorCode code, int streamId, String safeMessage) {
        super(safeMessage, null);
        this.code = code;
        this.streamId = streamId;
    }

    /** An error that ends the whole connection (RFC 9113 §5.4.1). */
    public static H2Exception connection(ErrorCode code, String safeMessage) {
        return new H2Exception(code, 0, safeMessage);
    }

    /** An error that resets one stream (RFC 9113 §5.4.2); {@code streamId} must not be 0. */
    public static H2Exception stream(int streamId, ErrorCode code, String safeMessage) {
        if (streamId <= 0) {
            throw new IllegalArgumentException("a stream error needs a stream: " + streamId);
        }
        return new H2Exception(code, streamId, safeMessage);
    }

    /** The code for GOAWAY or RST_STREAM. */
    public ErrorCode code() {
        return code;
    }

    /** Whether the connection must end (GOAWAY), rather than one stream (RST_STREAM). */
    public boolean connectionError() {
        return streamId == 0;
    }

    /** The stream to reset; 0 for a connection error. */
    public int streamId() {
        return streamId;
    }

    @Override
    public Throwable fillInStackTrace() {
        // A peer's mistake is not our bug, and a peer can cause it as often as it likes.
        return this;
    }
}
