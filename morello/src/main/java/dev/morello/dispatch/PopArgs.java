package dev.morello.dispatch;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Turns leading path segments into named parameters, as CherryPy's {@code popargs}: on a class,
 * segments that match no member are popped, in order, into the request's parameters under these
 * names, and dispatch continues on the same object.
 *
 * <pre>{@code
 * @PopArgs({"year", "month"})
 * public class Archive {
 *     @Expose public String index(int year, int month) { ... }     // /archive/2026/11/
 * }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface PopArgs {
    String[] value();
}
