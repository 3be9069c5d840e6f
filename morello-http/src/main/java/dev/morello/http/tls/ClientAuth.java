package dev.morello.http.tls;

/**
 * Whether the server asks clients for a certificate (CherryPy's {@code server.ssl_client_auth}).
 * A certificate a client sends is checked against the configured {@link TrustSource}; with
 * {@link #WANT} a client may send none, with {@link #NEED} the handshake fails without one.
 */
public enum ClientAuth {
    /** No certificate is asked for. */
    NONE,
    /** A certificate is asked for; a client that sends none still connects. */
    WANT,
    /** A certificate is required: a client that sends none, or one not trusted, is refused. */
    NEED
}
