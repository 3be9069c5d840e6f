package dev.morello.http.internal;

import dev.morello.http.HttpHandler;
import dev.morello.http.HttpVersion;
import dev.morello.http.ServerConfig;
import dev.morello.http.Status;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running server: the listening socket and its accept loop on one platform thread, a
 * virtual thread per connection, the watchdog that enforces read and write deadlines, the limits
 * on connections and running handlers, and the graceful stop.
 */
public final class ServerCore {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");
    private static final long WATCHDOG_TICK_MILLIS = 100;

    static {
        // Virtual threads wait for socket readiness through the JDK's pollers. Dedicated platform
        // poller threads (mode 1, the default up to JDK 21) wake a connection's thread sooner than
        // pollers that are virtual threads themselves: measured with wrk at 16 connections, p99
        // fell from 1.3-2.9 ms to 0.35-0.6 ms for about 5% of peak throughput. The property is
        // read once, when the first virtual thread blocks on a socket; -Djdk.pollerMode wins.
        if (System.getProperty("jdk.pollerMode") == null) {
            System.setProperty("jdk.pollerMode", "1");
        }
    }

    private final ServerConfig config;
    private final HttpHandler handler;
    private final DateCache dates;
    private final byte[][] statusLines = new byte[600][];
    private final byte[] serverLine;
    private final boolean http11;
    private final long headerTimeoutNanos;
    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    private final Semaphore connectionPermits;
    private final Semaphore handlerPermits;
    private final AtomicInteger waitingForHandler = new AtomicInteger();
    private final ThreadFactory connectionThreads = Thread.ofVirtual().name("morello-conn-", 0).factory();

    private ServerSocketChannel listener;
    private SocketAddress boundAddress;
    private Thread acceptor;
    private Thread watchdog;
    private volatile boolean stopping;
    private volatile boolean running;

    public ServerCore(ServerConfig config, HttpHandler handler) {
        this.config = config;
        this.dates = new DateCache(config.clock());
        this.handler = handler;
        this.http11 = config.protocolVersion() == HttpVersion.HTTP_1_1;
        this.serverLine = config.serverName().isEmpty() ? null
                : ("Server: " + config.serverName() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.headerTimeoutNanos = config.headerTimeout().toNanos();
        this.readTimeoutNanos = config.readTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        this.connectionPermits = config.maxConnections() > 0 ? new Semaphore(config.maxConnections()) : null;
        // Fair, so that requests waiting for a turn are served in the order they came.
        this.handlerPermits = config.maxConcurrentRequests() > 0
                ? new Semaphore(config.maxConcurrentRequests(), true) : null;
    }

    /** Binds the socket and starts accepting. */
    public void start() throws IOException {
        if (running || stopping) {
            throw new IllegalStateException("a server starts once");
        }
        ServerSocketChannel ch = null;
        try {
            if (config.unixSocket() != null) {
                removeStaleSocket(config.unixSocket());
                ch = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
                ch.bind(UnixDomainSocketAddress.of(config.unixSocket()), config.backlog());
            } else {
                ch = ServerSocketChannel.open();
                ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
                ch.bind(new InetSocketAddress(config.host(), config.port()), config.backlog());
            }
        } catch (IOException | RuntimeException e) {
            if (ch != null) {
                ch.close();
            }
            throw e instanceof IOException io ? io : new IOException(e.toString(), e);
        }
        listener = ch;
        boundAddress = ch.getLocalAddress();
        String name = "morello-acceptor-" + describe(boundAddress);
        acceptor = Thread.ofPlatform().name(name).daemon(false).unstarted(this::acceptLoop);
        watchdog = Thread.ofPlatform().name("morello-watchdog").daemon(true).unstarted(this::watchLoop);
        running = true;
        acceptor.start();
        watchdog.start();
    }

    /** As Cheroot does, a socket file left by an earlier run is replaced; any other file is not. */
    private static void removeStaleSocket(java.nio.file.Path path) throws IOException {
        if (Files.exists(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            var attributes = Files.readAttributes(path, java.nio.file.attribute.BasicFileAttributes.class,
                    java.nio.file.LinkOption.NOFOLLOW_LINKS);
            if (!attributes.isOther()) {
                throw new IOException("not a socket, will not replace it: " + path);
            }
            Files.delete(path);
        }
    }

    private void acceptLoop() {
        boolean tcp = config.unixSocket() == null;
        while (running) {
            SocketChannel ch = null;
            try {
                if (connectionPermits != null) {
                    connectionPermits.acquire();
                    if (!running) {
                        break;
                    }
                }
                ch = listener.accept();
                if (tcp) {
                    ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                }
                Connection c = new Connection(this, ch);
                connections.add(c);
                try {
                    connectionThreads.newThread(c).start();
                } catch (RuntimeException | Error e) {
                    connections.remove(c);
                    throw e;
                }
            } catch (ClosedChannelException e) {
                releaseConnectionPermit();
                break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            } catch (IOException | RuntimeException e) {
                releaseConnectionPermit();
                if (ch != null) {
                    try {
                        ch.close();
                    } catch (IOException ignored) {
                        // already failing
                    }
                }
                if (running) {
                    // Running out of file descriptors, say: back off rather than spin.
                    LOG.log(Level.WARNING, "accept failed", e);
                    sleepQuietly(10);
                }
            }
        }
    }

    private void watchLoop() {
        while (running || !connections.isEmpty()) {
            long now = System.nanoTime();
            for (Connection c : connections) {
                long d = c.deadline;
                // Only the deadline we saw expires: if the connection has moved on to another
                // operation meanwhile, the compare-and-set fails and it is left alone.
                if (d != 0 && now - d > 0 && Connection.DEADLINE.compareAndSet(c, d, 0L)) {
                    c.expire();
                }
            }
            if (!sleepQuietly(WATCHDOG_TICK_MILLIS)) {
                return;
            }
        }
    }

    void connectionClosed(Connection c) {
        if (connections.remove(c)) {
            releaseConnectionPermit();
        }
    }

    private void releaseConnectionPermit() {
        if (connectionPermits != null) {
            connectionPermits.release();
        }
    }

    /**
     * Stops: no new connections, idle ones closed at once, busy ones allowed to finish their
     * current request within {@code timeout} (each response then says {@code Connection: close}),
     * and whatever is left after that closed by force.
     */
    public void stop(Duration timeout) {
        if (!running && !stopping) {
            return;
        }
        stopping = true;
        running = false;
        try {
            listener.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing the listener failed", e);
        }
        // The acceptor may wait for a connection permit rather than in accept(); a spare permit
        // wakes it. (An interrupt could land inside accept() and leak the socket it just took.)
        if (connectionPermits != null) {
            connectionPermits.release();
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
            for (Connection c : connections) {
                c.closeIfIdle();
            }
            sleepQuietly(10);
        }
        for (Connection c : connections) {
            c.close();
        }
        try {
            acceptor.join(timeout.toMillis() + 1000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        watchdog.interrupt();
        if (config.unixSocket() != null) {
            try {
                Files.deleteIfExists(config.unixSocket());
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "removing the socket file failed", e);
            }
        }
    }

    private static boolean sleepQuietly(long millis) {
        try {
            Thread.sleep(millis);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    // ---- handler permits (CherryPy's thread_pool) -----------------------------------------

    /** Waits for a turn to run a handler; false when too many requests already wait (503). */
    boolean acquireHandlerPermit() {
        if (handlerPermits == null || handlerPermits.tryAcquire()) {
            return true;
        }
        if (waitingForHandler.incrementAndGet() > config.requestQueueSize()) {
            waitingForHandler.decrementAndGet();
            return false;
        }
        try {
            // As Cheroot's accepted_queue_timeout: a request does not wait for ever.
            long waitNanos = config.readTimeout().toNanos();
            while (waitNanos > 0 && !stopping) {
                long slice = Math.min(waitNanos, 100_000_000L);
                if (handlerPermits.tryAcquire(slice, java.util.concurrent.TimeUnit.NANOSECONDS)) {
                    return true;
                }
                waitNanos -= slice;
            }
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        } finally {
            waitingForHandler.decrementAndGet();
        }
    }

    void releaseHandlerPermit() {
        if (handlerPermits != null) {
            handlerPermits.release();
        }
    }

    // ---- shared state for connections -----------------------------------------------------

    ServerConfig config() {
        return config;
    }

    HttpHandler handler() {
        return handler;
    }

    boolean stopping() {
        return stopping;
    }

    boolean http11() {
        return http11;
    }

    long headerTimeoutNanos() {
        return headerTimeoutNanos;
    }

    long readTimeoutNanos() {
        return readTimeoutNanos;
    }

    long idleTimeoutNanos() {
        return idleTimeoutNanos;
    }

    byte[] dateLine() {
        return dates.line();
    }

    byte[] serverLine() {
        return serverLine;
    }

    /** {@code HTTP/1.1 200 OK\r\n}, made once per status. */
    byte[] statusLine(int status) {
        byte[] line = statusLines[status];
        if (line == null) {
            String reason = Status.reason(status);
            line = (config.protocolVersion().text() + " " + status + " " + reason + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII);
            statusLines[status] = line;
        }
        return line;
    }

    public SocketAddress address() {
        return boundAddress;
    }

    public int port() {
        return boundAddress instanceof InetSocketAddress inet ? inet.getPort() : -1;
    }

    public int connectionCount() {
        return connections.size();
    }

    public boolean running() {
        return running;
    }

    private static String describe(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? String.valueOf(inet.getPort()) : "unix";
    }
}
