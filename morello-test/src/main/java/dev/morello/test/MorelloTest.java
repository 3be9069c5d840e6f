package dev.morello.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Serves the site a {@link Mount} method mounts, on 127.0.0.1 and a free port, while the annotated
 * test class runs (or, on a method, while that method runs), and hands test methods a
 * {@link WebClient} that knows where it is.
 *
 * <pre>{@code
 * @MorelloTest
 * class HelloWorldTest {
 *     @Mount
 *     static void site() {
 *         Morello.tree().mount(new HelloWorld());
 *     }
 *
 *     @Test
 *     void greets(WebClient client) {
 *         client.getPage("/").assertStatus(200).assertBody("Hello world!");
 *     }
 * }
 * }</pre>
 *
 * <p>Before the class (or method): {@code Morello.reset()}, the server set to
 * {@code 127.0.0.1:0}, the {@code @Mount} methods, {@code Morello.engine().start()}. After it:
 * {@code Morello.reset()}, which stops the engine and forgets every mount and config entry. A
 * {@code @Nested} class shares its enclosing class's site (it may not have {@code @Mount} methods
 * of its own). The annotation goes on the class or on its methods, not both.
 *
 * <p><b>One site at a time.</b> Morello's state (the tree, the config, the engine) is one per JVM.
 * When JUnit runs test classes in parallel, the kit serializes the classes that use it with a lock
 * in {@link MorelloExtension}: a class (or method) holds it from before its site is mounted until
 * after the site is reset, and another waits for it (a pool thread of JUnit's that waits is made
 * up for by a spare one). That lock orders kit classes among themselves only: when classes that
 * change Morello's state without the kit run in parallel with them, put
 * {@code @ResourceLock(MorelloTest.GLOBAL_STATE)} on those classes and on the kit classes alike,
 * and JUnit's scheduler runs them one at a time (JUnit does not let an annotation of the kit's
 * carry {@code @ResourceLock} for you). Test methods of one class share the site and may run
 * concurrently; each gets its own client, with its own cookies.
 */
@Documented
@Inherited
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.TYPE, ElementType.METHOD})
@ExtendWith(MorelloExtension.class)
public @interface MorelloTest {
    /**
     * The key of the exclusive resource that stands for Morello's global state, for
     * {@code @ResourceLock} on test classes that change it, with or without the kit.
     */
    String GLOBAL_STATE = "dev.morello.global-state";
}
