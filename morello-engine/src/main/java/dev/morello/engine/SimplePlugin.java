package dev.morello.engine;

import java.lang.reflect.Method;
import java.util.List;

/**
 * A plugin whose listeners are its own methods named after the bus's channels, as CherryPy's
 * {@code SimplePlugin}: override {@link #start()}, {@link #stop()}, {@link #exit()},
 * {@link #graceful()} or {@link #main()} and {@link #subscribe(Bus)} attaches exactly those.
 *
 * <pre>{@code
 * class Cleaner extends SimplePlugin {
 *     @Override public void start() { ... }
 *     @Override protected int priority(String channel) { return 70; }
 * }
 * new Cleaner().subscribe(bus);
 * }</pre>
 */
public abstract class SimplePlugin implements Plugin {
    private static final List<String> CHANNELS = List.of(Bus.START, Bus.STOP, Bus.EXIT, Bus.GRACEFUL, Bus.MAIN);

    private final Listener onStart = args -> start();
    private final Listener onStop = args -> stop();
    private final Listener onExit = args -> exit();
    private final Listener onGraceful = args -> graceful();
    private final Listener onMain = args -> main();

    public void start() throws Exception {
    }

    public void stop() throws Exception {
    }

    public void exit() throws Exception {
    }

    public void graceful() throws Exception {
    }

    public void main() throws Exception {
    }

    /** The priority of this plugin's listener on a channel; CherryPy's default, 50, unless overridden. */
    protected int priority(String channel) {
        return Bus.DEFAULT_PRIORITY;
    }

    @Override
    public void subscribe(Bus bus) {
        for (String channel : CHANNELS) {
            if (overrides(channel)) {
                bus.subscribe(channel, listener(channel), priority(channel));
            }
        }
    }

    @Override
    public void unsubscribe(Bus bus) {
        for (String channel : CHANNELS) {
            bus.unsubscribe(channel, listener(channel));
        }
    }

    private Listener listener(String channel) {
        return switch (channel) {
            case Bus.START -> onStart;
            case Bus.STOP -> onStop;
            case Bus.EXIT -> onExit;
            case Bus.GRACEFUL -> onGraceful;
            default -> onMain;
        };
    }

    private boolean overrides(String channel) {
        for (Class<?> c = getClass(); c != SimplePlugin.class; c = c.getSuperclass()) {
            for (Method m : c.getDeclaredMethods()) {
                if (m.getName().equals(channel) && m.getParameterCount() == 0) {
                    return true;
                }
            }
        }
        return false;
    }
}
