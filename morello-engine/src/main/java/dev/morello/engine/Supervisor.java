package dev.morello.engine;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

/**
 * What a restart does, since a JVM cannot {@code execv} itself as CherryPy does: the JVM that was
 * started stays, and supervises the next generations of the program, each a child JVM run with
 * the same command line.
 *
 * <pre>
 *   PID 100 (started)   serves ── restart ──▶ stops serving ─▶ supervises ─────────────▶ exits
 *                                                  │ spawn           ▲ status 75: spawn again
 *   PID 200 (child)                                └──▶ serves ── restart ─▶ exits 75
 * </pre>
 *
 * <p>The promises a process manager relies on:
 * <ul>
 * <li>The started PID receives the signals for the whole site: its bus's {@code exit()} stops the
 *     generation (TERM, then KILL after {@link Bus#stopTimeout()}) and the supervisor ends with
 *     the generation's exit status; its {@code restart()} replaces the generation; its
 *     {@code graceful()} is passed on to the generation.</li>
 * <li>Never two generations at once: a generation is spawned only after the one before it has
 *     exited (and the first one, in this JVM, has stopped its servers), so the old one has
 *     released the port before the new one binds it.</li>
 * <li>No orphans: a generation watches its parent and exits when the supervisor is gone, even
 *     after a {@code kill -9} that gave the supervisor no chance to stop it.</li>
 * <li>The site does not move: values the first generation {@linkplain Bus#handOver handed over}
 *     (the ports it bound when configured with port 0) are given to every later one.</li>
 * </ul>
 *
 * <p>The generation learns it is one from two system properties put before the rest of the
 * command line ({@code -Dmorello.supervisor=PID}, {@code -Dmorello.handover=...}); system
 * properties, unlike environment variables, are not inherited by processes the site starts.
 */
final class Supervisor {
    /** The exit status with which a generation asks its supervisor for a fresh one (EX_TEMPFAIL). */
    static final int RESTART_STATUS = 75;
    static final String SUPERVISOR_PROPERTY = "morello.supervisor";
    static final String HANDOVER_PROPERTY = "morello.handover";

    /** How often a generation checks that its supervisor is still its parent. */
    private static final Duration WATCH_INTERVAL = Duration.ofMillis(250);

    private final Bus bus;
    private final List<String> command;
    private final ReentrantLock lock = new ReentrantLock();
    // guarded by lock
    private Process child;
    private boolean stopping;
    private boolean restartPending;

    Supervisor(Bus bus, List<String> command) {
        this.bus = bus;
        this.command = List.copyOf(command);
    }

    /**
     * Called by {@link Bus#block()} once a restarted bus has stopped everything. In a generation,
     * ends the JVM with {@link #RESTART_STATUS}; in the started JVM, supervises generations until
     * one ends for good (or this JVM is told to exit), then ends the JVM with its status.
     */
    static void relaunch(Bus bus) {
        OptionalLong supervisor = supervisorPid();
        if (supervisor.isPresent()) {
            bus.log("Restarting: supervisor " + supervisor.getAsLong() + " starts the next generation");
            System.exit(RESTART_STATUS);
        }
        ProcessHandle.Info info = ProcessHandle.current().info();
        if (info.command().isEmpty()) {
            // Fail closed: the site has stopped and cannot come back, so say so by the status.
            bus.log("Cannot restart: the command line of this process is unknown", Level.ERROR, null);
            System.exit(1);
        }
        List<String> command = new ArrayList<>();
        command.add(info.command().get());
        // Launcher options go before the main class or -jar, so they can come first.
        command.add("-D" + SUPERVISOR_PROPERTY + "=" + ProcessHandle.current().pid());
        Map<String, String> handOvers = bus.handOvers();
        if (!handOvers.isEmpty()) {
            command.add("-D" + HANDOVER_PROPERTY + "=" + encode(handOvers));
        }
        info.arguments().ifPresent(args -> command.addAll(List.of(args)));
        Supervisor s = new Supervisor(bus, command);
        if (!bus.superviseWith(s)) {
            return; // an exit came in while the site stopped for the restart: the exit wins
        }
        // When this JVM ends another way (a TERM with no signal handler subscribed runs the
        // shutdown hooks), the generation goes with it.
        Runtime.getRuntime().addShutdownHook(new Thread(s::stopAndWait, "morello-supervisor-shutdown"));
        // This JVM now only waits on a child: give back the heap the first generation used.
        System.gc();
        int status;
        try {
            status = s.supervise();
        } catch (IOException e) {
            bus.log("Cannot start the next generation", Level.ERROR, e);
            status = 1;
        } catch (InterruptedException e) {
            s.stopAndWait();
            status = 1;
        }
        bus.log("Supervisor exiting with status " + status);
        System.exit(status);
    }

    /** Runs generations until one ends without asking for a restart; returns its status. */
    int supervise() throws IOException, InterruptedException {
        int status = 0;
        while (true) {
            Process p;
            lock.lock();
            try {
                // Spawned under the lock: a stop() either sees this child or keeps it from starting.
                if (stopping) {
                    return status;
                }
                restartPending = false;
                bus.log("Re-spawning " + String.join(" ", command));
                p = new ProcessBuilder(command).inheritIO().start();
                child = p;
            } finally {
                lock.unlock();
            }
            bus.log("Supervising generation " + p.pid());
            status = p.waitFor();
            lock.lock();
            try {
                child = null;
                if (stopping || !restartPending && status != RESTART_STATUS) {
                    bus.log("Generation " + p.pid() + " exited with status " + status);
                    return status;
                }
            } finally {
                lock.unlock();
            }
            bus.log("Generation " + p.pid() + " exited for a restart");
        }
    }

    /** Stops the running generation for good; {@link #supervise()} then returns its status. */
    void stop() {
        Process p;
        lock.lock();
        try {
            stopping = true;
            p = child;
        } finally {
            lock.unlock();
        }
        if (p != null) {
            terminate(p);
        }
    }

    /** Stops the running generation and starts a fresh one. Ignored once stopping. */
    void restart() {
        Process p;
        lock.lock();
        try {
            if (stopping) {
                return;
            }
            restartPending = true;
            p = child;
        } finally {
            lock.unlock();
        }
        if (p != null) {
            terminate(p);
        }
    }

    /**
     * Passes a graceful on to the running generation as the USR1 its signal handler turns into
     * one. The JDK sends a process only TERM and KILL, so the system's {@code kill} sends it.
     */
    void graceful() {
        Process p;
        lock.lock();
        try {
            p = stopping ? null : child;
        } finally {
            lock.unlock();
        }
        if (p == null || !p.isAlive()) {
            bus.log("No generation running: graceful ignored");
            return;
        }
        bus.log("Passing graceful on to generation " + p.pid());
        try {
            Process kill = new ProcessBuilder("kill", "-USR1", Long.toString(p.pid()))
                    .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            if (!kill.waitFor(bus.stopTimeout().toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
                kill.destroyForcibly();
                bus.log("Could not pass graceful on to generation " + p.pid(), Level.WARNING, null);
            }
        } catch (IOException e) {
            bus.log("Could not pass graceful on to generation " + p.pid(), Level.WARNING, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** {@link #stop()}, then waits (bounded) until the generation is gone. */
    private void stopAndWait() {
        stop();
        Process p;
        lock.lock();
        try {
            p = child;
        } finally {
            lock.unlock();
        }
        if (p != null && !awaitOrKill(p)) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * TERM: the generation's signal handler exits its bus, which stops its servers and frees the
     * port. A generation that has not ended within the stop timeout is killed, from a thread of
     * its own so the caller (a signal's action) returns at once.
     */
    private void terminate(Process p) {
        bus.log("Stopping generation " + p.pid());
        p.destroy();
        Thread.ofPlatform().daemon().name("morello-supervisor-stop").start(() -> awaitOrKill(p));
    }

    /** False when interrupted while waiting (the process was then killed). */
    private boolean awaitOrKill(Process p) {
        Duration timeout = bus.stopTimeout();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                bus.log("Generation " + p.pid() + " did not stop within " + timeout.toMillis() + " ms: killing it",
                        Level.WARNING, null);
                p.destroyForcibly();
            }
            return true;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            return false;
        }
    }

    // ---- in a generation -------------------------------------------------------------------

    /** The supervisor's PID, when this JVM is a generation; a malformed property is ignored. */
    static OptionalLong supervisorPid() {
        return parsePid(System.getProperty(SUPERVISOR_PROPERTY));
    }

    /** Digits only, no sign, no leading {@code +}: the property is ours, anything else is not. */
    static OptionalLong parsePid(String value) {
        if (value == null || value.isEmpty() || value.length() > 18) {
            return OptionalLong.empty();
        }
        long pid = 0;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < '0' || c > '9') {
                return OptionalLong.empty();
            }
            pid = pid * 10 + (c - '0');
        }
        return pid > 0 ? OptionalLong.of(pid) : OptionalLong.empty();
    }

    /** What the first generation handed over, when this JVM is a later one. */
    static Map<String, String> inherited() {
        String value = System.getProperty(HANDOVER_PROPERTY);
        return value == null ? Map.of() : decode(value);
    }

    /**
     * Runs on a daemon thread of a generation: while the supervisor is this JVM's parent, waits;
     * then exits the bus, and halts the JVM if it is still alive a stop timeout later. Asking
     * for the parent, rather than for the supervisor's PID, cannot be fooled by the PID being
     * reused: once the supervisor dies this JVM is re-parented (to init or a subreaper).
     */
    static void exitWhenGone(Bus bus, long supervisor) {
        try {
            while (ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(-1L) == supervisor) {
                Thread.sleep(WATCH_INTERVAL);
            }
            bus.log("The supervisor (PID " + supervisor + ") is gone: exiting", Level.WARNING, null);
            // Not on this daemon thread: block() joins a non-daemon one, so the JVM does not end
            // before the exit listeners have run.
            Thread exit = Thread.ofPlatform().daemon(false).name("morello-supervisor-gone").start(() -> {
                try {
                    bus.exit();
                } catch (RuntimeException e) {
                    // logged by the bus; the halt below still ends the process
                }
            });
            exit.join(bus.stopTimeout());
            Thread.sleep(bus.stopTimeout());
            bus.log("Still running " + bus.stopTimeout().toMillis() + " ms after the supervisor ended: halting",
                    Level.ERROR, null);
        } catch (InterruptedException e) {
            // nobody interrupts this thread but the end of the JVM
        }
        Runtime.getRuntime().halt(1);
    }

    // ---- the hand-over property ------------------------------------------------------------

    /** {@code key=value&key=value}, each part URL-encoded, keys in order. */
    static String encode(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        for (Map.Entry<String, String> e : new TreeMap<>(values).entrySet()) {
            if (b.length() > 0) {
                b.append('&');
            }
            b.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
                    .append(URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    /** The inverse of {@link #encode}; a part without {@code =} or with a bad escape is skipped. */
    static Map<String, String> decode(String text) {
        Map<String, String> values = new HashMap<>();
        for (String part : text.split("&")) {
            int eq = part.indexOf('=');
            if (eq <= 0) {
                continue;
            }
            try {
                values.put(URLDecoder.decode(part.substring(0, eq), StandardCharsets.UTF_8),
                        URLDecoder.decode(part.substring(eq + 1), StandardCharsets.UTF_8));
            } catch (IllegalArgumentException badEscape) {
                // not written by encode(): ignore it rather than guess
            }
        }
        return Map.copyOf(values);
    }
}
