package dev.morello.engine.plugins;

import dev.morello.engine.Bus;
import dev.morello.engine.Plugin;
import java.util.LinkedHashMap;
import java.util.Map;
import sun.misc.Signal;

/**
 * Turns process signals into bus actions, as CherryPy's {@code SignalHandler}: TERM and INT exit
 * the bus, HUP restarts it, USR1 publishes {@code graceful} (log files are reopened then, for
 * logrotate). Each caught signal is also published on a channel of its name
 * ({@code SIGTERM}, {@code SIGHUP} ...). {@link #unsubscribe(Bus)} puts back the handlers that
 * were there before.
 */
public final class SignalHandler implements Plugin {
    private final Map<String, Runnable> actions = new LinkedHashMap<>();
    private final Map<String, sun.misc.SignalHandler> previous = new LinkedHashMap<>();

    public SignalHandler(Bus bus) {
        actions.put("TERM", bus::exit);
        actions.put("HUP", bus::restart);
        actions.put("INT", bus::exit);
        actions.put("USR1", bus::graceful);
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
                        Thread.ofPlatform().name("morello-signal-" + name).start(action);
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
