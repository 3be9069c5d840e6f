package dev.morello.http.tls;

import java.nio.file.Path;

/**
 * TLS cannot be set up as configured: a file is missing or unreadable, holds no certificate, has
 * no private key or several, a key that does not match its certificate, a wrong password, a key
 * type TLS cannot use, or a setting the JDK's TLS provider does not support. The server refuses
 * to start with it.
 *
 * <p>The message names the file at fault (when a file is) and what is wrong with it; it never
 * holds key material or a password.
 */
public final class TlsConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    private final transient Path file;

    /** A problem with {@code file}; the message is {@code "<file>: <problem>"}. */
    TlsConfigException(Path file, String problem) {
        super(file + ": " + problem);
        this.file = file;
    }

    /** A problem with a setting rather than a file. */
    TlsConfigException(String problem) {
        super(problem);
        this.file = null;
    }

    /** The file at fault, or {@code null} when the problem is a setting. */
    public Path file() {
        return file;
    }
}
