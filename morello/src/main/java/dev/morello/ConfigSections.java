package dev.morello;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Config sections an application reads itself, declared on its root's class. CherryPy keeps any
 * section that is neither {@code [global]} nor a path ({@code [Databases]}) for the application's
 * own use; Morello keeps those the application declares, and refuses the others before serving,
 * since a section no one reads is usually a path written without its slash ({@code [static]} for
 * {@code [/static]}), whose settings would silently not apply.
 *
 * <pre>{@code
 * @ConfigSections("Databases")
 * public class Shop {
 *     @Expose public String index(Request request) {
 *         Object driver = request.app().config().get("Databases").get("driver");
 *         ...
 *     }
 * }
 * }</pre>
 *
 * <p>An application whose root cannot carry the annotation declares them with
 * {@link Application#configSections(String...)} before the engine starts.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface ConfigSections {
    /** The section names, as written between the brackets. */
    String[] value();
}
