package dev.morello.engine.plugins;

import dev.morello.engine.Bus;
import dev.morello.engine.Listener;
import dev.morello.engine.SimplePlugin;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Tells listeners when a serving thread starts and stops, as CherryPy's {@code ThreadManager}, so
 * they can set up and tear down per-thread resources.
 *
 * <pre>{@code
 * bus.subscribe(ThreadManager.START_THREAD, args -> openConnectionFor((Integer) args[0]));
 * bus.subscribe(ThreadManager.STOP_THREAD, args -> closeConnectionFor((Integer) args[0]));
 * }</pre>
 *
 * <p>The framework publishes {@code acquire_thread} at the start of each request; the first time a
 * thread does so, it gets a number and {@code start_thread(number)} is published. A thread stops
 * being tracked when it publishes {@code release_thread}, when it has ended (noticed on the bus's
 * {@code main} tick, or when many threads are tracked), or when the bus stops or reloads gracefully; each publishes
 * {@code stop_thread(number)}. Each connection is served by its own virtual thread, so here a
 * "thread" lives as long as a connection.
 */
public final class ThreadManager extends SimplePlugin {
    public static final String ACQUIRE_THREAD = "acquire_thread";
    public static final String RELEASE_THREAD = "release_thread";
    public static final String START_THREAD = "start_thread";
    public static final String STOP_THREAD = "stop_thread";

    private final Bus bus;
    private final Map<Thread, Integer> threads = new ConcurrentHashMap<>();
    private final AtomicInteger counter = new AtomicInteger();
    /** Marks, on each thread, that it is tracked; a new token (on stop, graceful) forgets every mark. */
    private final ThreadLocal<Object> known = new ThreadLocal<>();
    private volatile Object token = new Object();
    /** Past this many tracked threads, registering one first forgets the ended ones. */
    private volatile int sweepAt = 1024;
    private final Listener onAcquire = args -> acquireThread();
    private final Listener onRelease = args -> releaseThread();

    public ThreadManager(Bus bus) {
        this.bus = bus;
    }

    @Override
    public void subscribe(Bus target) {
        super.subscribe(target);
        target.subscribe(ACQUIRE_THREAD, onAcquire);
        target.subscribe(RELEASE_THREAD, onRelease);
    }

    @Override
    public void unsubscribe(Bus target) {
        super.unsubscribe(target);
        target.unsubscribe(ACQUIRE_THREAD, onAcquire);
        target.unsubscribe(RELEASE_THREAD, onRelease);
    }

    /** Registers the current thread, publishing {@code start_thread} the first time. */
    public void acquireThread() {
        Object current = token;
        if (known.get() == current) {
            return; // the common case, answered from the thread's own map
        }
        Thread t = Thread.currentThread();
        known.set(current);
        if (!threads.containsKey(t)) {
            if (threads.size() >= sweepAt) {
                // without a main loop ticking (an embedded engine), ended threads pile up here
                main();
                sweepAt = Math.max(1024, threads.size() * 2);
            }
            int i = counter.incrementAndGet();
            threads.put(t, i);
            bus.publish(START_THREAD, i);
        }
    }

    /** Forgets the current thread, publishing {@code stop_thread}. */
    public void releaseThread() {
        known.remove();
        Integer i = threads.remove(Thread.currentThread());
        if (i != null) {
            bus.publish(STOP_THREAD, i);
        }
    }

    /** The number of threads being tracked. */
    public int size() {
        return threads.size();
    }

    @Override
    public void main() {
        for (Map.Entry<Thread, Integer> e : threads.entrySet()) {
            if (!e.getKey().isAlive() && threads.remove(e.getKey(), e.getValue())) {
                bus.publish(STOP_THREAD, e.getValue());
            }
        }
    }

    @Override
    public void stop() {
        releaseAll();
    }

    @Override
    public void graceful() {
        releaseAll();
    }

    private void releaseAll() {
        token = new Object();
        for (Map.Entry<Thread, Integer> e : threads.entrySet()) {
            if (threads.remove(e.getKey(), e.getValue())) {
                bus.publish(STOP_THREAD, e.getValue());
            }
        }
    }
}
