package dev.morello.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks the static method of a {@link MorelloTest} class that mounts the site under test, as
 * CherryPy's {@code setup_server}: it runs after the kit has reset the framework and set the
 * server to 127.0.0.1 on a free port, and before the engine starts.
 *
 * <pre>{@code
 * @Mount
 * static void site() {
 *     Morello.tree().mount(new Blog(), "/blog", Map.of("/", Map.of("tools.sessions.on", true)));
 * }
 * }</pre>
 *
 * <p>The method is static, takes no parameters, and may do anything the site needs before it
 * starts: update the global config (even {@code server.socket_port}, to pin a port), mount several
 * applications, set the clock. Several {@code @Mount} methods run superclass first.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Mount {
}
