package dev.morello.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The process bus, as CherryPy's: a state machine that publishes messages on named channels to
 * the listeners subscribed to them. Servers, signal handling, PID files and monitors are plugins
 * that listen; the application drives the bus.
 *
 * <pre>
 *   STOPPED ──start()──▶ STARTING ──▶ STARTED ──stop()──▶ STOPPING ──▶ STOPPED
 *      └──────────────────────────exit()──────────────────────────────▶ EXITING
 * </pre>
 *
 * <pre>{@code
 * Bus bus = new Bus();
 * bus.subscribe(Bus.START, args -> server.start(), 75);
 * bus.subscribe(Bus.STOP, args -> server.stop(), 25);
 * bus.start();
 * bus.block();      // the main thread waits here until exit(), publishing "main" periodically
 * }</pre>
 *
 * <p>Listeners run in ascending priority (default 50); all of them run even when one fails, and
 * the failures are then thrown together as {@link ChannelFailures}, except after a {@link Veto}:
 * the listeners after it do not run.
 */
public final class Bus {
    public static final String START = "start";
    public static final String STOP = "stop";
    public static final String EXIT = "exit";
    public static final String GRACEFUL = "graceful";
    public static final String MAIN = "main";
    public static final String LOG = "log";
    public static final int DEFAULT_PRIORITY = 50;

    private static final System.Logger LOG_OUT = System.getLogger("dev.morello.engine");

    private record Subscription(Listener listener, int priority, long order) {
    }

    private final Map<String, CopyOnWriteArrayList<Subscription>> channels = new ConcurrentHashMap<>();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition stateChanged = lock.newCondition();
    private volatile State state = State.STOPPED;
    private volatile boolean restartRequested;
    private volatile LogSink logSink = (message, level, error) -> LOG_OUT.log(level, "ENGINE " + message, error);
    private long subscriptions;

    public Bus() {
        for (String c : List.of(START, STOP, EXIT, GRACEFUL, LOG, MAIN)) {
            channels.put(c, new CopyOnWriteArrayList<>());
        }
    }

    // ---- channels --------------------------------------------------------------------------

    /** Subscribes a listener at the default priority, 50. */
    public void subscribe(String channel, Listener listener) {
        subscribe(channel, listener, DEFAULT_PRIORITY);
    }

    /** Subscribes a listener; lower priorities run first, equal ones in subscription order. */
    public void subscribe(String channel, Listener listener, int priority) {
        Objects.requireNonNull(listener, "listener");
        CopyOnWriteArrayList<Subscription> list = channels.computeIfAbsent(channel, c -> new CopyOnWriteArrayList<>());
        lock.lock();
        try {
            Subscription added = new Subscription(listener, priority, subscriptions++);
            int at = 0;
            while (at < list.size() && list.get(at).priority <= priority) {
                at++;
            }
            list.add(at, added);
        } finally {
            lock.unlock();
        }
    }

    /** Removes a listener from a channel; a listener that was not subscribed is ignored. */
    public void unsubscribe(String channel, Listener listener) {
        List<Subscription> list = channels.get(channel);
        if (list != null) {
            list.removeIf(s -> s.listener == listener);
        }
    }

    /** The listeners of a channel, in the order they run. */
    public List<Listener> listeners(String channel) {
        List<Subscription> list = channels.get(channel);
        return list == null ? List.of() : list.stream().map(Subscription::listener).toList();
    }

    /**
     * Calls every listener of the channel in priority order. A failing listener is logged and the
     * rest still run; then all failures are thrown as one {@link ChannelFailures}. Publishing on a
     * channel nobody listens to does nothing.
     */
    public void publish(String channel, Object... args) {
        List<Subscription> list = channels.get(channel);
        if (list == null || list.isEmpty()) {
            return;
        }
        List<Throwable> failures = null;
        for (Subscription s : list) {
            try {
                s.listener.onMessage(args);
            } catch (Exception | AssertionError e) {
                if (failures == null) {
                    failures = new ArrayList<>(2);
                }
                failures.add(e);
                if (e instanceof Veto) {
                    // the listener refused the message: the ones after it must not act on it
                    log("'" + channel + "' vetoed: " + e.getMessage(), Level.ERROR, null);
                    break;
                }
                if (!channel.equals(LOG)) {
                    log("Error in '" + channel + "' listener " + s.listener, Level.ERROR, e);
                }
            }
        }
        if (failures != null) {
            throw new ChannelFailures(channel, failures);
        }
    }

    /** Where the bus writes its own messages. */
    @FunctionalInterface
    public interface LogSink {
        void log(String message, Level level, Throwable error);
    }

    /**
     * Sends the bus's messages elsewhere than the JDK's {@code System.Logger}
     * ({@code dev.morello.engine}), e.g. to the application's logging library.
     */
    public void logSink(LogSink sink) {
        this.logSink = Objects.requireNonNull(sink);
    }

    /** Publishes a message on the {@code log} channel and to the engine's logger. */
    public void log(String message) {
        log(message, Level.INFO, null);
    }

    public void log(String message, Level level, Throwable error) {
        logSink.log(message, level, error);
        try {
            publish(LOG, message, level, error);
        } catch (ChannelFailures e) {
            LOG_OUT.log(Level.ERROR, "a log listener failed", e);
        }
    }

    // ---- states ----------------------------------------------------------------------------

    public State state() {
        return state;
    }

    private void setState(State next) {
        lock.lock();
        try {
            state = next;
            stateChanged.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the bus is in one of the given states; false when the timeout passed first. */
    public boolean awaitState(Duration timeout, State... states) throws InterruptedException {
        List<State> wanted = List.of(states);
        long nanos = timeout.toNanos();
        lock.lock();
        try {
            while (!wanted.contains(state)) {
                if (nanos <= 0) {
                    return false;
                }
                nanos = stateChanged.awaitNanos(nanos);
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * STOPPED → STARTING, publish {@code start}, → STARTED. When a start listener fails, the
     * failure is logged, the bus exits, and the failure is rethrown.
     */
    public void start() {
        log("Bus STARTING");
        setState(State.STARTING);
        try {
            publish(START);
            setState(State.STARTED);
            log("Bus STARTED");
        } catch (RuntimeException e) {
            // a veto was logged with its reason; its stack says nothing more
            boolean vetoed = e instanceof ChannelFailures cf && cf.failures().get(cf.failures().size() - 1) instanceof Veto;
            log("Shutting down due to error in start listener:", Level.ERROR, vetoed ? null : e);
            try {
                exit();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    /** → STOPPING, publish {@code stop}, → STOPPED. */
    public void stop() {
        log("Bus STOPPING");
        setState(State.STOPPING);
        try {
            publish(STOP);
        } finally {
            setState(State.STOPPED);
            log("Bus STOPPED");
        }
    }

    /** Publishes {@code graceful}: plugins reload what they can without a stop. */
    public void graceful() {
        log("Bus graceful");
        publish(GRACEFUL);
    }

    /** Stops, then → EXITING and publishes {@code exit}; {@link #block()} then returns. */
    public void exit() {
        State before = state;
        try {
            if (before != State.EXITING) {
                // as CherryPy's: stop listeners run even when the bus was never started
                stop();
            }
            setState(State.EXITING);
            log("Bus EXITING");
            publish(EXIT);
            log("Bus EXITED");
        } catch (RuntimeException e) {
            log("Exit failed", Level.ERROR, e);
            setState(State.EXITING);
            throw e;
        }
    }

    /**
     * Exits, and has {@link #block()} start the program again with the same command line once
     * everything has stopped.
     */
    public void restart() {
        restartRequested = true;
        exit();
    }

    /** Whether {@link #restart()} was asked for. */
    public boolean restartRequested() {
        return restartRequested;
    }

    /** {@link #block(Duration)} with CherryPy's 0.1 s tick. */
    public void block() {
        block(Duration.ofMillis(100));
    }

    /**
     * Waits on the calling (main) thread until the bus exits, publishing {@code main} every
     * {@code interval}. An interrupt exits the bus. Afterwards it waits for the other non-daemon
     * threads to end, and relaunches the program when a restart was asked for.
     */
    public void block(Duration interval) {
        try {
            while (state != State.EXITING) {
                lock.lock();
                try {
                    if (state != State.EXITING) {
                        stateChanged.await(interval.toNanos(), TimeUnit.NANOSECONDS);
                    }
                } finally {
                    lock.unlock();
                }
                if (state != State.EXITING) {
                    try {
                        publish(MAIN);
                    } catch (ChannelFailures e) {
                        // logged by publish; the main loop goes on
                    }
                }
            }
        } catch (InterruptedException e) {
            log("Interrupted: exiting");
            exit();
            Thread.currentThread().interrupt();
            return;
        }
        log("Waiting for child threads to terminate...");
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t != Thread.currentThread() && !t.isDaemon() && t.isAlive()
                    && !t.getName().equals("DestroyJavaVM")) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (restartRequested) {
            Relauncher.relaunch(this);
        }
    }
}
