package dev.morello.tools;

import java.util.Locale;

/**
 * The fixed points of a request where hooks run, in CherryPy's order:
 *
 * <pre>
 * ON_START_RESOURCE     the handler is found and the config merged; nothing read yet
 * BEFORE_REQUEST_BODY   the query string is parsed; the body is not yet read
 * BEFORE_HANDLER        the body is processed; the handler is about to run
 * BEFORE_FINALIZE       the handler returned (or an HttpError/HttpRedirect set the response)
 * ON_END_RESOURCE       always, after the above, error or not
 * ON_END_REQUEST        after the response went out
 * BEFORE_ERROR_RESPONSE an unexpected exception: before the 500 page is made
 * AFTER_ERROR_RESPONSE  after the 500 page is made
 * </pre>
 */
public enum HookPoint {
    ON_START_RESOURCE,
    BEFORE_REQUEST_BODY,
    BEFORE_HANDLER,
    BEFORE_FINALIZE,
    ON_END_RESOURCE,
    ON_END_REQUEST,
    BEFORE_ERROR_RESPONSE,
    AFTER_ERROR_RESPONSE;

    private final String configName = name().toLowerCase(Locale.ROOT);

    /** The name used in config, as CherryPy's: {@code before_handler}. */
    public String configName() {
        return configName;
    }

    /** The point named as in config ({@code before_handler}), or null. */
    public static HookPoint fromConfigName(String name) {
        for (HookPoint p : values()) {
            if (p.configName.equals(name)) {
                return p;
            }
        }
        return null;
    }
}
