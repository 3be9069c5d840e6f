package dev.morello;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Makes a method reachable from the web, as CherryPy's {@code @cherrypy.expose}. Only exposed
 * methods are handlers; public fields holding objects are walked as sub-trees either way.
 *
 * <pre>{@code
 * public class Root {
 *     @Expose public String index() { return "home"; }
 *     @Expose(alias = {"about-us", "team"}) public String about() { ... }
 * }
 * }</pre>
 *
 * <p>On a class, it marks a resource for the method dispatcher, whose handlers are the methods
 * named for HTTP verbs.
 */
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface Expose {
    /** Further path segments that reach the method, besides its own name. */
    String[] alias() default {};
}
