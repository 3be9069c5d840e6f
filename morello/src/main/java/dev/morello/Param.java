package dev.morello;

import dev.morello.internal.config.Names;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names a handler parameter and gives it a default. Without it, the parameter's own name is used
 * (the class must be compiled with {@code -parameters}).
 *
 * <pre>{@code
 * @Expose public String generate(@Param(defaultValue = "9") int length) { ... }
 * @Expose public String search(@Param("q") String query) { ... }
 * }</pre>
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Param {
    /** Marks "no default": the parameter is required unless optional by type. */
    String NONE = "\u0000morello.none";

    /** The request parameter's name; the Java parameter's name when empty. */
    String value() default "";

    /** The value used when the request does not carry the parameter, converted as a sent one. */
    String defaultValue() default NONE;
}
