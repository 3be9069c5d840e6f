package dev.morello.internal.config;

import dev.morello.config.ConfigException;
import java.util.List;
import java.util.Map;

/**
 * Resolves the names a config value refers to: dotted names
 * ({@code cherrypy.dispatch.MethodDispatcher}), calls ({@code a.b.C()}, with positional and
 * keyword arguments) and method references ({@code a.b.C::m}).
 *
 * <p>CherryPy imports whatever module a value names; Morello instead asks a resolver, so a config
 * can only reach what the application chose to offer. {@link #NONE} offers nothing.
 *
 * <pre>{@code
 * NameResolver resolver = (name, args, kwargs) -> switch (name) {
 *     case "cherrypy.dispatch.MethodDispatcher" -> new MethodDispatcher();
 *     case "my.pkg.Hooks::audit" -> (Runnable) Hooks::audit;
 *     default -> throw new IllegalArgumentException("unknown name");
 * };
 * Object dispatcher = Literals.parse("cherrypy.dispatch.MethodDispatcher()", resolver);
 * }</pre>
 */
@FunctionalInterface
public interface NameResolver {

    /**
     * The object a name stands for, or the result of calling it.
     *
     * @param name   the dotted name as written, with a {@code ::method} suffix if there was one
     * @param args   null for a bare name (no call), else the evaluated positional arguments
     *               (unmodifiable; an element may be null for {@code None})
     * @param kwargs the keyword arguments in the order written (unmodifiable); empty when none
     * @throws IllegalArgumentException with a short reason when the name is unknown or cannot be
     *                                  called that way; the caller turns it into a
     *                                  {@link ConfigException} pointing at the name
     */
    Object resolve(String name, List<Object> args, Map<String, Object> kwargs);

    /** Refuses every name: values must be plain literals. */
    NameResolver NONE = (name, args, kwargs) -> {
        throw new IllegalArgumentException("names are not allowed here");
    };
}
