package dev.morello.engine;

import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
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
 * the failures are then thrown together as {@link ChannelFailures}.
 *
 * <p>{@link #restart()} cannot replace the process in place as CherryPy's {@code execv} does: the
 * JVM that was started stays, as the supervisor of the next generations, each a child JVM with
 * the same command line (see {@link #block()}). While it supervises, {@link #exit()} and
 * {@link #restart()} on this bus act on the running generation, so the PID that was started goes
 * on answering TERM, INT and HUP for the whole site.
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
    // guarded by lock: what the last exit() or restart() asked for, read by block() when it ends
    private boolean restartRequested;
    private boolean exitRequested;
    private Supervisor supervisor;
    private boolean watchingSupervisor;
    private volatile Duration stopTimeout = Duration.ofSeconds(10);
    private final Map<String, String> handOvers = new ConcurrentHashMap<>();
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
     * rest still run; then all failures are thrown as one {@link ChannelFailures}. A
     * {@link Refusal} is the exception: it is logged as its message alone, and no listener after
     * it runs. Publishing on a channel nobody listens to does nothing.
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
                if (e instanceof Refusal) {
                    // the operator's to fix, and the message says how: one line, and nothing
                    // after it runs (no server started after its log file was refused)
                    if (!channel.equals(LOG)) {
                        log(e.getMessage(), Level.ERROR, null);
                    }
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
        lock.lock();
        try {
            restartRequested = false;
            exitRequested = false;
        } finally {
            lock.unlock();
        }
        watchSupervisor();
        log("Bus STARTING");
        setState(State.STARTING);
        try {
            publish(START);
            setState(State.STARTED);
            log("Bus STARTED");
        } catch (RuntimeException e) {
            // publish has logged each failure with its stack (or a refusal as its message): the
            // same stack again, wrapped, would only bury the reason
            if (e instanceof ChannelFailures) {
                log("Shutting down due to error in start listener", Level.ERROR, null);
            } else {
                log("Shutting down due to error in start listener:", Level.ERROR, e);
            }
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

    /**
     * Publishes {@code graceful}: plugins reload what they can without a stop. While this JVM
     * supervises a generation (after a restart), the generation is made graceful instead.
     */
    public void graceful() {
        Supervisor s;
        lock.lock();
        try {
            s = supervisor;
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.graceful();
            return;
        }
        log("Bus graceful");
        publish(GRACEFUL);
    }

    /**
     * Stops, then → EXITING and publishes {@code exit}; {@link #block()} then returns. An exit
     * cancels a restart asked for before it, so a TERM that comes during a restart ends the
     * program. While this JVM supervises a generation (after a restart), the generation is
     * stopped instead and this JVM ends with its exit status.
     */
    public void exit() {
        Supervisor s;
        lock.lock();
        try {
            s = supervisor;
            restartRequested = false;
            exitRequested = true;
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.stop();
            return;
        }
        exitBus();
    }

    private void exitBus() {
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
     * everything has stopped: the new generation runs in a child JVM that this one supervises.
     * While this JVM supervises, the running generation is stopped and a fresh one started. A
     * restart asked for after an exit is ignored: the exit wins.
     */
    public void restart() {
        Supervisor s;
        lock.lock();
        try {
            s = supervisor;
            if (s == null) {
                if (exitRequested || restartRequested) {
                    log("Not restarting: the bus is already " + (restartRequested ? "restarting" : "exiting"));
                    return;
                }
                restartRequested = true;
            }
        } finally {
            lock.unlock();
        }
        if (s != null) {
            s.restart();
            return;
        }
        exitBus();
    }

    /** Whether {@link #restart()} was asked for, and no exit since. */
    public boolean restartRequested() {
        lock.lock();
        try {
            return restartRequested;
        } finally {
            lock.unlock();
        }
    }

    /** Makes {@code s} receive this bus's exit and restart; false when an exit cancelled the restart. */
    boolean superviseWith(Supervisor s) {
        lock.lock();
        try {
            if (!restartRequested) {
                return false;
            }
            supervisor = s;
            return true;
        } finally {
            lock.unlock();
        }
    }

    // ---- generations -----------------------------------------------------------------------

    /**
     * How long a supervisor lets a generation stop (after TERM) before it kills it; 10 s unless
     * set. The framework sets it from its servers' shutdown timeouts.
     */
    public Duration stopTimeout() {
        return stopTimeout;
    }

    public void stopTimeout(Duration timeout) {
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("the stop timeout must be positive: " + timeout);
        }
        this.stopTimeout = timeout;
    }

    /**
     * Leaves a value to the generations a {@link #restart()} starts, which read it with
     * {@link #inherited(String)}: the port a server bound when configured with port 0, say, so a
     * restart does not move the site. Keys and values are short text.
     */
    public void handOver(String key, String value) {
        handOvers.put(Objects.requireNonNull(key, "key"), Objects.requireNonNull(value, "value"));
    }

    /** The values {@link #handOver} was given, for the next generation. */
    Map<String, String> handOvers() {
        return Map.copyOf(handOvers);
    }

    /** A value the first generation handed over ({@link #handOver}), when this JVM is a later one. */
    public Optional<String> inherited(String key) {
        return Optional.ofNullable(Supervisor.inherited().get(key));
    }

    /**
     * The PID of the JVM that supervises this one, when this JVM is a generation started by a
     * restart: that process receives the signals and is the one the PID file names. Empty in a
     * JVM started directly.
     */
    public static OptionalLong supervisorPid() {
        return Supervisor.supervisorPid();
    }

    /** In a generation, exits when its supervisor is gone (killed with -9, say), once per bus. */
    private void watchSupervisor() {
        OptionalLong pid = Supervisor.supervisorPid();
        if (pid.isEmpty()) {
            return;
        }
        lock.lock();
        try {
            if (watchingSupervisor) {
                return;
            }
            watchingSupervisor = true;
        } finally {
            lock.unlock();
        }
        Thread.ofPlatform().daemon().name("morello-supervisor-watch")
                .start(() -> Supervisor.exitWhenGone(this, pid.getAsLong()));
    }

    /** {@link #block(Duration)} with CherryPy's 0.1 s tick. */
    public void block() {
        block(Duration.ofMillis(100));
    }

    /**
     * Waits on the calling (main) thread until the bus exits, publishing {@code main} every
     * {@code interval}. An interrupt exits the bus. Afterwards it waits for the other non-daemon
     * threads to end, and, when a restart was asked for, starts the next generation:
     * <ul>
     * <li>in the JVM that was started, the site has stopped and released its ports; this JVM now
     *     supervises: it runs the same command line as a child, relaunches it whenever it asks for
     *     a restart, and ends with its exit status (this method then does not return);</li>
     * <li>in a generation, the JVM ends with the status that asks its supervisor for a fresh one.</li>
     * </ul>
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
            // as CherryPy's, not the program's main thread: when the site runs on another thread
            // (a launcher such as Maven's exec:java runs it so), main is waiting for this one
            if (t != Thread.currentThread() && !t.isDaemon() && t.isAlive()
                    && !t.getName().equals("DestroyJavaVM") && !t.getName().equals("main")) {
                try {
                    t.join();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
        if (restartRequested()) {
            Supervisor.relaunch(this);
        }
    }
}
