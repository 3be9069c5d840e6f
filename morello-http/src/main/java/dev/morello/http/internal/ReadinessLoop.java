package dev.morello.http.internal;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.channels.CancelledKeyException;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Where connections wait for the client: one platform thread and one {@link Selector} that
 * every connection's socket stays registered with, read interest on, for the connection's whole
 * life. Between two requests no thread waits on a socket; when a request arrives, this loop
 * reads it and hands it to the connection's virtual thread, which parses, runs the handler and
 * writes (see {@link Connection}). Mid-request waits (a body that arrives slowly, a response the
 * client reads slowly) park that virtual thread, and this loop wakes it.
 *
 * <p>Why not let each virtual thread block on its socket: the JDK then re-arms a one-shot poll
 * registration after every response ({@code epoll_ctl}), and first tries a read that finds
 * nothing. Keeping the registration armed costs neither, and a loop that finds several
 * connections ready in one {@code epoll_wait} hands each to its virtual thread in turn.
 *
 * <p>Interest is changed on this thread only: other threads ask for it with {@link #update}.
 */
final class ReadinessLoop implements Runnable {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");

    private final Selector selector;
    private final ConcurrentLinkedQueue<Connection> updates = new ConcurrentLinkedQueue<>();
    private final Thread thread;
    private volatile boolean open = true;

    ReadinessLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = Thread.ofPlatform().name(name).daemon(true).unstarted(this);
    }

    void start() {
        thread.start();
    }

    /**
     * Registers a new connection, read interest on. The key is registered with no interest and
     * handed to the connection first: with read interest from the start, the loop could report
     * input, start the connection's thread and take its first request for more interest (room
     * to write a large response) before this thread had stored the key, and that request would
     * be dropped.
     */
    void register(Connection c) throws IOException {
        c.channel.configureBlocking(false);
        c.key = c.channel.register(selector, 0, c);
        c.key.interestOps(SelectionKey.OP_READ);
        selector.wakeup();
    }

    /** Asks this loop to bring a connection's interest in line with what it wants now. */
    void update(Connection c) {
        updates.add(c);
        selector.wakeup();
    }

    /** Lets the selector drop the keys of channels closed by other threads (their descriptors close then). */
    void wakeup() {
        selector.wakeup();
    }

    @Override
    public void run() {
        try {
            while (open) {
                selector.select(this::ready);
                Connection c;
                while ((c = updates.poll()) != null) {
                    apply(c);
                }
            }
        } catch (ClosedSelectorException e) {
            // stopped
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.ERROR, "the readiness loop failed", e);
        }
    }

    private void ready(SelectionKey key) {
        Connection c = (Connection) key.attachment();
        int ops;
        try {
            ops = key.readyOps();
        } catch (CancelledKeyException e) {
            return;
        }
        try {
            c.ready(ops, this);
        } catch (RuntimeException | Error e) {
            // one connection's failure must not stop the loop that serves all of them
            LOG.log(Level.ERROR, "a connection's readiness failed", e);
            c.close();
        }
    }

    /** Sets the key's interest to what the connection wants; on this loop's thread only. */
    void apply(Connection c) {
        SelectionKey key = c.key;
        if (key == null) {
            return;
        }
        int ops = (c.armed ? SelectionKey.OP_READ : 0) | (c.wantWrite ? SelectionKey.OP_WRITE : 0);
        try {
            if (key.interestOps() != ops) {
                key.interestOps(ops);
            }
        } catch (CancelledKeyException e) {
            // closed meanwhile: nothing to wait for
        }
    }

    /** Stops the loop; connections still registered must have been closed before. */
    void close() {
        open = false;
        try {
            selector.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the selector failed", e);
        }
    }
}
