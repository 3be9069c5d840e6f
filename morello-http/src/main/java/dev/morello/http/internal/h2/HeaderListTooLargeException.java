package dev.morello.http.internal.h2;

/**
 * A header block decoded to more than the SETTINGS_MAX_HEADER_LIST_SIZE we advertised (RFC 9113
 * §6.5.2), each field counted as its name's and value's octets plus 32.
 *
 * <p>Unlike an {@link H2Exception} from HPACK this does not break the connection:
 * {@link HpackDecoder} stops handing fields on as soon as the limit is passed, yet still walks the
 * rest of the block so that its dynamic table stays in step with the peer's. The connection can
 * answer the one request with 431 (RFC 6585 §5) or reset its stream, and go on.
 */
public final class HeaderListTooLargeException extends Exception {
    private static final long serialVersionUID = 1L;

    private final long limit;

    public HeaderListTooLargeException(long limit) {
        super("header list larger than " + limit + " octets", null);
        this.limit = limit;
    }

    /** The limit that was passed. */
    public long limit() {
        return limit;
    }

    @Override
    public Throwable fillInStackTrace() {
        return this;
    }
}
