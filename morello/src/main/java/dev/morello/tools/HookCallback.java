package dev.morello.tools;

import dev.morello.Request;

/** What a hook runs. It may throw {@code HttpError} or {@code HttpRedirect} to end the request. */
@FunctionalInterface
public interface HookCallback {
    void run(Request request) throws Exception;
}
