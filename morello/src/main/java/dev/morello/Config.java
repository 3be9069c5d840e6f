package dev.morello;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Config for a part of the tree, written on the code, as CherryPy's {@code _cp_config}: on a class,
 * it applies to the paths through instances of it; on an exposed method, to that handler. Each
 * entry is {@code key = value} with the value in the config-file syntax (a Python literal).
 *
 * <pre>{@code
 * @Config({"tools.trailing_slash.extra = True", "request.show_tracebacks = False"})
 * public class Admin {
 *     @Expose @Config("response.stream = True")
 *     public Iterator<String> log() { ... }
 * }
 * }</pre>
 *
 * <p>Along a path, a node's {@code @Config} applies before the application's config section for
 * the same path, and deeper beats shallower. {@code request.dispatch} is read from the
 * application's config only.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
public @interface Config {
    /** {@code key = value} entries. */
    String[] value();
}
