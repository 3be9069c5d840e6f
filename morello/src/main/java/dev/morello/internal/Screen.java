package dev.morello.internal;

import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import org.slf4j.LoggerFactory;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * Where the lines {@code log.screen} switches on go. With an SLF4J provider on the class or module
 * path, to SLF4J ({@code morello.engine}, {@code morello.error}, {@code morello.access}), whose
 * back-end the application chose. With none (a project that depends on {@code dev.morello:morello}
 * alone), SLF4J would drop every line after its one-line "no providers" warning, and a site would
 * start, serve and fail in silence; so Morello writes CherryPy's screen log itself, the error and
 * engine lines on standard error and the access lines on standard output:
 *
 * <pre>
 * [07/Dec/2026:04:07:25] ENGINE Serving on http://127.0.0.1:8080
 * 127.0.0.1 - - [07/Dec/2026:04:07:31] "GET / HTTP/1.1" 200 5 "" "curl/8.5.0"
 * </pre>
 */
final class Screen {
    /**
     * Decided once, as SLF4J decides once: it looks for its providers when first used. Asking it
     * ({@code LoggerFactory.getILoggerFactory()}) would print its warning when there is none, so
     * the question is put as SLF4J itself puts it: the provider named by the {@code slf4j.provider}
     * property, else the service loader over the class loader that loaded SLF4J.
     */
    static final boolean SLF4J = hasProvider();

    private Screen() {
    }

    private static boolean hasProvider() {
        String named = System.getProperty("slf4j.provider");
        if (named != null && !named.isBlank()) {
            return true;
        }
        try {
            // LoggerFactory.class names the class without initialising it
            return ServiceLoader.load(SLF4JServiceProvider.class, LoggerFactory.class.getClassLoader())
                    .stream().findAny().isPresent();
        } catch (ServiceConfigurationError broken) {
            // SLF4J will report the broken provider and log nothing: the console is still wanted
            return false;
        }
    }

    /**
     * An error or engine line (with its traceback) on standard error. One {@code println} per
     * line and traceback, so concurrent lines never interleave; the JDK's own streams lock with a
     * {@code ReentrantLock}, which does not pin a virtual thread.
     */
    static void error(String text) {
        System.err.println(text);
    }

    /** An access line on standard output, as CherryPy's screen handler for the access log. */
    static void access(String line) {
        System.out.println(line);
    }
}
