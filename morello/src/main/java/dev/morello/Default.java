package dev.morello;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the method that answers paths nothing else on its node matched, as CherryPy's
 * {@code default} handler. The unmatched segments arrive as positional parameters.
 *
 * <pre>{@code
 * public class Users {
 *     @Default public String user(String name, String... rest) { ... }   // /users/bob/x/y
 * }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Default {
}
