package dev.morello.sessions;

import java.io.IOException;

/** A session's lock was not free within {@code tools.sessions.lock_timeout}. */
public final class SessionLockTimeout extends IOException {
    private static final long serialVersionUID = 1L;

    public SessionLockTimeout(String message) {
        super(message);
    }
}
