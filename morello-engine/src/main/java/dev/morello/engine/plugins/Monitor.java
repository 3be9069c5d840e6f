package dev.morello.engine.plugins;

import dev.morello.engine.Bus;
import dev.morello.engine.SimplePlugin;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Runs a task every {@code frequency} on a background thread while the bus is started, as
 * CherryPy's {@code Monitor} (session expiry, say). Starts at priority 70, stops at 50, and is
 * restarted by {@code graceful}. A task that throws is logged and the monitor stops, as
 * CherryPy's does.
 */
public final class Monitor extends SimplePlugin {
    private static final System.Logger LOG = System.getLogger("dev.morello.engine");

    private final String name;
    private final Duration frequency;
    private final Runnable task;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition wake = lock.newCondition();
    private Thread thread;
    private boolean running;

    public Monitor(String name, Duration frequency, Runnable task) {
        if (frequency.isZero() || frequency.isNegative()) {
            throw new IllegalArgumentException("a monitor needs a positive frequency: " + frequency);
        }
        this.name = name;
        this.frequency = frequency;
        this.task = task;
    }

    public String name() {
        return name;
    }

    /** Whether the background thread is running. */
    public boolean running() {
        lock.lock();
        try {
            return running && thread != null && thread.isAlive();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void start() {
        lock.lock();
        try {
            if (running) {
                return;
            }
            running = true;
            thread = Thread.ofPlatform().daemon().name(name).start(this::loop);
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void stop() throws InterruptedException {
        Thread t;
        lock.lock();
        try {
            running = false;
            wake.signalAll();
            t = thread;
            thread = null;
        } finally {
            lock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            t.join();
        }
    }

    @Override
    public void graceful() throws InterruptedException {
        stop();
        start();
    }

    @Override
    protected int priority(String channel) {
        return Bus.START.equals(channel) ? 70 : Bus.DEFAULT_PRIORITY;
    }

    private void loop() {
        while (true) {
            lock.lock();
            try {
                long nanos = frequency.toNanos();
                while (running && nanos > 0) {
                    nanos = wake.awaitNanos(nanos);
                }
                if (!running) {
                    return;
                }
            } catch (InterruptedException e) {
                return;
            } finally {
                lock.unlock();
            }
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.ERROR, "monitor " + name + " failed; it stops", e);
                lock.lock();
                try {
                    running = false;
                } finally {
                    lock.unlock();
                }
                return;
            }
        }
    }
}
