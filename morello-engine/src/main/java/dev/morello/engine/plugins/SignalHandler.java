package dev.morello.engine.plugins;

import dev.morello.engine.Bus;
import dev.morello.engine.Plugin;
import java.io.Console;
import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.BooleanSupplier;
import sun.misc.Signal;

/**
 * Turns process signals into bus actions, as CherryPy's {@code SignalHandler}: TERM and INT exit
 * the bus; HUP restarts it when the program runs without a terminal, and exits it when a terminal
 * is attached (a terminal sends HUP when it is closed, and the user has then gone); USR1 makes it
 * {@linkplain Bus#graceful() graceful} (log files are reopened then, for
 * logrotate). Each caught
 * signal is also published on a channel of its name ({@code SIGTERM}, {@code SIGHUP} ...).
 * {@link #unsubscribe(Bus)} puts back the handlers that were there before.
 *
 * <p>CherryPy restarts on HUP only when "daemonized": its PID changed since start-up (its
 * {@code Daemonizer} forked) and stdin is not a TTY. A JVM cannot fork, so Morello reads
 * "daemonized" as "stdin is not a terminal": started by a process manager, from {@code cron}, or
 * with {@code < /dev/null}.
 */
public final class SignalHandler implements Plugin {
    private final Map<String, Runnable> actions = new LinkedHashMap<>();
    private final Map<String, sun.misc.SignalHandler> previous = new LinkedHashMap<>();

    public SignalHandler(Bus bus) {
        this(bus, SignalHandler::attachedToTerminal);
    }

    /** With {@code terminal} telling whether the program has a terminal, which decides what HUP does. */
    public SignalHandler(Bus bus, BooleanSupplier terminal) {
        actions.put("TERM", bus::exit);
        actions.put("HUP", () -> hangUp(bus, terminal));
        actions.put("INT", bus::exit);
        actions.put("USR1", bus::graceful);
    }

    private static void hangUp(Bus bus, BooleanSupplier terminal) {
        if (terminal.getAsBoolean()) {
            bus.log("SIGHUP caught with a terminal attached. Exiting.");
            bus.exit();
        } else {
            bus.log("SIGHUP caught with no terminal attached. Restarting.");
            bus.restart();
        }
    }

    /**
     * Whether stdin is a terminal. On Linux the answer is what {@code /proc/self/fd/0} links to
     * (CherryPy's {@code isatty(stdin)}); elsewhere {@link System#console()}, which needs stdout
     * to be a terminal too. When unsure, the answer is yes, so that HUP exits rather than leaves
     * a program running after its terminal closed.
     */
    public static boolean attachedToTerminal() {
        Path stdin = Path.of("/proc/self/fd/0");
        if (Files.isSymbolicLink(stdin)) {
            try {
                String target = Files.readSymbolicLink(stdin).toString();
                return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty") || target.equals("/dev/console");
            } catch (IOException | UnsupportedOperationException e) {
                // fall back on the console below
            }
        }
        Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            // From Java 22, System.console() may answer without a terminal; isTerminal() then tells.
            Method isTerminal = Console.class.getMethod("isTerminal");
            return Boolean.TRUE.equals(isTerminal.invoke(console));
        } catch (NoSuchMethodException e) {
            return true; // Java 21: a console exists only on a terminal
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true;
        }
    }

    /**
     * Replaces (or adds) what a signal does ({@code "TERM"}, {@code "HUP"} ...), before
     * {@link #subscribe(Bus)}; a null action leaves the signal alone.
     */
    public SignalHandler on(String signal, Runnable action) {
        if (action == null) {
            actions.remove(signal);
        } else {
            actions.put(signal, action);
        }
        return this;
    }

    @Override
    public void subscribe(Bus bus) {
        for (Map.Entry<String, Runnable> e : actions.entrySet()) {
            String name = e.getKey();
            Runnable action = e.getValue();
            try {
                sun.misc.SignalHandler old = Signal.handle(new Signal(name), signal -> {
                    bus.log("Caught signal SIG" + name + ".");
                    try {
                        bus.publish("SIG" + name);
                    } finally {
                        // The action (exit, restart) may block; the signal thread must return.
                        // Not a daemon (as it would be, made by the JVM's signal thread): block()
                        // joins it, so the JVM does not end before the exit listeners have run.
                        Thread.ofPlatform().daemon(false).name("morello-signal-" + name).start(action);
                    }
                });
                previous.put(name, old);
                bus.log("Listening for SIG" + name + ".");
            } catch (IllegalArgumentException unsupported) {
                // This platform or JVM does not let us handle it (the JVM may reserve some).
                bus.log("Cannot listen for SIG" + name + ": " + unsupported.getMessage());
            }
        }
    }

    @Override
    public void unsubscribe(Bus bus) {
        for (Map.Entry<String, sun.misc.SignalHandler> e : previous.entrySet()) {
            Signal.handle(new Signal(e.getKey()), e.getValue());
        }
        previous.clear();
    }
}
