package dev.morello.sessions;

import dev.morello.engine.Bus;
import dev.morello.engine.State;
import dev.morello.engine.plugins.Monitor;
import dev.morello.internal.Log;
import dev.morello.tools.ToolArgs;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The stores the site's paths use, opened once per storage and arguments, each swept by an
 * engine {@link Monitor} named {@code Session cleanup} every {@code clean_freq} while the engine
 * runs (as CherryPy's). The facade binds it to the site's engine and clock, and closes every
 * store when the site is reset.
 */
public final class SessionStores {
    private static final Log LOG = Log.named("morello.error", "TOOLS.SESSIONS");

    private record Opened(SessionStore store, Monitor monitor) {
    }

    private static final Object LOCK = new Object();
    private static final Map<List<Object>, Opened> OPEN = new HashMap<>();
    private static Bus bus;
    private static Supplier<Clock> clock = Clock::systemUTC;

    private SessionStores() {
    }

    /** Binds the stores' sweeps to the engine and the site clock (the facade does it once). */
    public static void bind(Bus engine, Supplier<Clock> siteClock) {
        synchronized (LOCK) {
            bus = engine;
            clock = siteClock;
        }
    }

    /**
     * The store for a storage and its arguments (every {@code tools.sessions} argument that
     * names the storage or belongs to it), opened at the first call.
     */
    static SessionStore open(SessionStorage storage, List<Object> identity, ToolArgs args, Duration cleanFreq) {
        List<Object> key = new ArrayList<>(identity);
        key.add(cleanFreq);
        synchronized (LOCK) {
            Opened o = OPEN.get(key);
            if (o != null) {
                return o.store;
            }
            SessionStore store;
            try {
                store = storage.open(args);
            } catch (IOException e) {
                throw new UncheckedIOException("tools.sessions: the " + storage.name() + " storage could not be opened: "
                        + e.getMessage(), e);
            }
            Monitor monitor = new Monitor("Session cleanup", cleanFreq, () -> sweep(store));
            if (bus != null) {
                monitor.subscribe(bus);
                if (bus.state() == State.STARTED || bus.state() == State.STARTING) {
                    monitor.start();
                }
            }
            OPEN.put(key, new Opened(store, monitor));
            return store;
        }
    }

    /** Sweeps every open store of its expired sessions now (what the monitors do). */
    public static void sweepAll() {
        List<SessionStore> stores;
        synchronized (LOCK) {
            stores = OPEN.values().stream().map(Opened::store).toList();
        }
        stores.forEach(SessionStores::sweep);
    }

    /** Stops the sweeps and closes every store (a site reset): the next request opens them again. */
    public static void closeAll() {
        List<Opened> all;
        synchronized (LOCK) {
            all = new ArrayList<>(OPEN.values());
            OPEN.clear();
        }
        for (Opened o : all) {
            try {
                if (bus != null) {
                    o.monitor.unsubscribe(bus);
                }
                o.monitor.stop();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("a session sweep did not stop", e);
            }
            try {
                o.store.close();
            } catch (IOException | RuntimeException e) {
                LOG.warn("a session store did not close", e);
            }
        }
    }

    private static void sweep(SessionStore store) {
        Clock c;
        synchronized (LOCK) {
            c = clock.get();
        }
        try {
            store.cleanUp(c.instant());
        } catch (IOException e) {
            // a sweep that fails is tried again next time; the monitor would stop on a throw
            LOG.warn("sweeping expired sessions failed: {}", e.toString());
        }
    }
}
