package dev.morello.sse;

import dev.morello.Request;
import dev.morello.Response;
import dev.morello.internal.Log;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A response of server-sent events ({@code text/event-stream}): a handler opens it on its
 * request and returns it; events sent to it, from any thread, go to the client as they come.
 *
 * <pre>{@code
 * @Expose
 * public EventStream clock(Request request) {
 *     return EventStream.open(request, events -> {
 *         while (events.send(Event.of(LocalTime.now().toString()))) {
 *             Thread.sleep(1000);
 *         }
 *     });
 * }
 *
 * @Expose
 * public EventStream news(Request request) {
 *     EventStream events = EventStream.open(request);
 *     newsroom.add(events);              // an EventGroup: newsroom.send(...) reaches every reader
 *     return events;
 * }
 * }</pre>
 *
 * <p>The response is {@code 200}, {@code Content-Type: text/event-stream},
 * {@code Cache-Control: no-cache} (so the {@code caching} tool never stores it) and sent as it
 * is produced: through the {@code gzip} tool each event is flushed as it is compressed, not held.
 * While no event comes, a comment line goes out every {@linkplain #heartbeat(Duration) heartbeat}
 * (15 s), which keeps proxies from closing the connection and finds a client that went away.
 *
 * <p>A client that went away is learnt on the next write, an event's or a heartbeat's: the stream
 * is then closed, {@link #send} returns false from then on, and the {@link #onClose} actions run
 * (to leave a group, say). A client that reads too slowly, letting {@value #DEFAULT_QUEUE}
 * events pile up, is treated the same: it is closed rather than left to fill the memory.
 * {@link #close()} ends the response normally; the browser then reconnects (after
 * {@code retry}) with {@code Last-Event-ID} set to the last id it saw, which
 * {@link #lastEventId()} gives.
 */
public final class EventStream implements Iterator<byte[]>, AutoCloseable {
    private static final Log LOG = Log.named("morello.error", "SSE");

    /** How many events may wait for a slow client before it is closed. */
    public static final int DEFAULT_QUEUE = 1024;
    private static final Duration DEFAULT_HEARTBEAT = Duration.ofSeconds(15);
    private static final byte[] HEARTBEAT = ":\n\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    /** Every stream open in this process: the site's stop ends them (see {@link #closeAll()}). */
    private static final Set<EventStream> OPEN = ConcurrentHashMap.newKeySet();

    /** Produces a stream's events on a thread of its own, from when the response starts. */
    @FunctionalInterface
    public interface Producer {
        void produce(EventStream events) throws Exception;
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition ready = lock.newCondition();
    private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    private final String lastEventId;
    private final Producer producer;
    private final int maxQueue;
    private volatile long heartbeatNanos = DEFAULT_HEARTBEAT.toNanos();
    private volatile boolean closed;
    private boolean started;
    private byte[] next;

    private EventStream(String lastEventId, Producer producer, int maxQueue) {
        this.lastEventId = lastEventId;
        this.producer = producer;
        this.maxQueue = maxQueue;
    }

    /**
     * Opens a stream on the request's response (status 200, its headers set, streaming on); the
     * handler returns it, and sends to it from any thread.
     */
    public static EventStream open(Request request) {
        return open(request, null);
    }

    /**
     * Opens a stream whose events {@code producer} makes, on a virtual thread of its own that
     * starts when the response does; when it returns the stream ends, and when it throws the
     * error is logged and the stream ends.
     */
    public static EventStream open(Request request, Producer producer) {
        Response response = request.response();
        response.status(200);
        response.headers().set("Content-Type", "text/event-stream");
        response.headers().set("Cache-Control", "no-cache");
        // nginx passes the events on as they come instead of buffering them
        response.headers().set("X-Accel-Buffering", "no");
        response.stream(true);
        String last = request.headers().get("Last-Event-ID");
        EventStream stream = new EventStream(last, producer, DEFAULT_QUEUE);
        OPEN.add(stream);
        return stream;
    }

    /**
     * The id of the last event the browser received before it reconnected ({@code Last-Event-ID}),
     * or null on a first connection: where to resume.
     */
    public String lastEventId() {
        return lastEventId;
    }

    /** Sets how long the stream may stay silent before a comment line is sent (15 s by default). */
    public EventStream heartbeat(Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the heartbeat interval must be positive: " + interval);
        }
        heartbeatNanos = interval.toNanos();
        return this;
    }

    /**
     * Queues an event for the client. Returns false, sending nothing, once the stream is closed:
     * the client went away, read too slowly, or {@link #close()} was called.
     */
    public boolean send(Event event) {
        return offer(event.encode());
    }

    /** Sends an event of the default type with this data (multi-line data is split correctly). */
    public boolean send(String data) {
        return send(Event.of(data));
    }

    /** Queues encoded event bytes; false once closed. */
    boolean offer(byte[] bytes) {
        boolean tooSlow;
        lock.lock();
        try {
            if (closed) {
                return false;
            }
            tooSlow = queue.size() >= maxQueue;
            if (!tooSlow) {
                queue.add(bytes);
                ready.signal();
                return true;
            }
        } finally {
            lock.unlock();
        }
        LOG.debug("an event stream's client read too slowly ({} events waiting); closing it", maxQueue);
        abort();
        return false;
    }

    /** Whether events can still be sent. */
    public boolean isOpen() {
        return !closed;
    }

    /** An action run once, when the stream closes for whatever reason (to leave a group, say). */
    public EventStream onClose(Runnable action) {
        onClose.add(action);
        if (closed) {
            runOnClose();
        }
        return this;
    }

    /** Ends the stream once the events already queued are sent; the response then completes. */
    @Override
    public void close() {
        lock.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            ready.signalAll();
        } finally {
            lock.unlock();
        }
        OPEN.remove(this);
        runOnClose();
    }

    /** Ends the stream at once, dropping what is queued (the client is gone). */
    private void abort() {
        lock.lock();
        try {
            queue.clear();
        } finally {
            lock.unlock();
        }
        close();
    }

    private void runOnClose() {
        for (Runnable action : onClose) {
            if (onClose.remove(action)) {
                try {
                    action.run();
                } catch (RuntimeException e) {
                    LOG.warn("an event stream's close action failed", e);
                }
            }
        }
    }

    // ---- the response body: walked by the request's thread, which writes each item ----------

    /**
     * Waits for the next event, or for the heartbeat's time; false once the stream is closed and
     * what was queued before has gone out.
     */
    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        startProducer();
        lock.lock();
        try {
            long wait = heartbeatNanos;
            while (queue.isEmpty() && !closed && wait > 0) {
                wait = ready.awaitNanos(wait);
            }
            if (!queue.isEmpty()) {
                next = queue.poll();
                return true;
            }
            if (closed) {
                return false;
            }
            next = HEARTBEAT;
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        byte[] b = next;
        next = null;
        return b;
    }

    private void startProducer() {
        if (started) {
            return;
        }
        started = true;
        if (producer == null) {
            return;
        }
        Thread.ofVirtual().name("morello-events").start(() -> {
            try {
                producer.produce(this);
            } catch (InterruptedException e) {
                // the stream was closed under it
            } catch (Exception e) {
                LOG.error("an event stream's producer failed", e);
            } finally {
                close();
            }
        });
    }

    /**
     * Ends every stream open in this process, as the site stops: their responses complete, so
     * the server's drain does not wait for them.
     */
    public static void closeAll() {
        for (EventStream s : OPEN) {
            s.close();
        }
    }
}
