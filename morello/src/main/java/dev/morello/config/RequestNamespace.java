package dev.morello.config;

import dev.morello.Request;

/**
 * A config namespace applied to each request, as CherryPy's {@code Request.namespaces}: for every
 * key of the namespace in the request's merged config, the handler gets the request, the key's
 * remainder and the value, before the {@code on_start_resource} hooks.
 *
 * <pre>{@code
 * Morello.config().requestNamespace("db", (request, key, value) -> request.attribute("db." + key, value));
 * }</pre>
 */
@FunctionalInterface
public interface RequestNamespace {
    void apply(Request request, String key, Object value) throws Exception;
}
