package dev.morello.http;

/**
 * Deviations from RFC 9112 that the server can be told to accept. Every one is off by default:
 * the server is strict unless a deployment names what it must tolerate (for a legacy client, say)
 * in {@link ServerConfig.Builder#allow(Leniency...)}.
 */
public enum Leniency {
    /**
     * Accept a bare LF as a line terminator in the request line, header fields and chunk lines.
     * RFC 9112 §2.2 lets a recipient do so; off by default because a proxy in front that does not
     * could frame the message differently (request smuggling).
     */
    BARE_LF_LINE_ENDINGS,
    /**
     * Accept obsolete line folding in header fields, replacing each fold with a space, as RFC 9112
     * §5.2 allows a server to. Off by default: RFC 9112 §5.2 lets a server reject it with 400.
     */
    OBS_FOLD_AS_SPACE,
    /**
     * Accept bytes in a request-target that RFC 3986 requires to be percent-encoded but that old
     * clients send raw: {@code " < > \ ^ ` { | }}. Off by default; raw space and control bytes
     * are never accepted.
     */
    UNENCODED_TARGET_CHARACTERS,
    /**
     * Accept a method with lower-case letters ({@code get}), passed to the handler as sent. RFC 9110
     * §9.1 makes a method a case-sensitive token, so {@code get} is a method of its own and not
     * GET; every registered method is upper-case (RFC 9110 §16.1.1), and Cheroot, CherryPy's
     * server, refuses any other with 400. Off by default: such a method is a client's bug or a
     * probe, and an intermediary that upper-cases it would act on another request than the
     * handler sees.
     */
    LOWER_CASE_METHODS
}
