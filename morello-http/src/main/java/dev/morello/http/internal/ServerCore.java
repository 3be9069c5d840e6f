package dev.morello.http.internal;

import dev.morello.http.HttpHandler;
import dev.morello.http.HttpVersion;
import dev.morello.http.RefusalListener;
import dev.morello.http.ServerConfig;
import dev.morello.http.ServerStatistics;
import dev.morello.http.Status;
import dev.morello.http.tls.TlsConfigException;
import dev.morello.http.tls.TlsContext;
import java.io.IOException;
import java.lang.System.Logger.Level;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.StandardProtocolFamily;
import java.net.StandardSocketOptions;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The running server: the listening socket and its accept loop on one platform thread, the
 * {@link ReadinessLoop}s where connections wait between requests (one per four cores), a virtual thread per
 * connection (parked with nothing on its stack between requests), the watchdog that enforces read and write deadlines, the limits
 * on connections and running handlers, and the graceful stop.
 */
public final class ServerCore {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");

    private final ServerConfig config;
    private final HttpHandler handler;
    private final DateCache dates;
    private final byte[][] statusLines = new byte[600][];
    private final byte[] serverLine;
    private final boolean http11;
    private final long headerTimeoutNanos;
    private final long readTimeoutNanos;
    private final long idleTimeoutNanos;
    /**
     * How often the watchdog looks at every connection: a tenth of the shortest timeout, between
     * 10 ms and a second. Each look touches every connection, idle ones included, so with the
     * default timeouts (10 s) and 10,000 keep-alive connections it runs once a second rather than
     * ten times, and deadlines are kept to within a tenth of their length.
     */
    private final long watchdogTickMillis;

    private final Set<Connection> connections = ConcurrentHashMap.newKeySet();
    /** Open connections by client address, when a per-address limit is set. */
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();
    private final Semaphore handlerPermits;
    private final AtomicInteger waitingForHandler = new AtomicInteger();
    private final AtomicInteger quickRefusals = new AtomicInteger();
    private final ThreadFactory connectionThreads = Thread.ofVirtual().name("morello-conn").factory();
    private final RefusalListener refusals;
    private final double minBodyRate;
    private final double bodyCreditCap;
    private final int maxConnections;
    private final AcceptFailures acceptFailures = new AcceptFailures();
    /** What the server has done: counted as it happens, summed by {@link #statistics()}. */
    final ServerCounters counters = new ServerCounters();
    private volatile long startNanos;
    private volatile Instant startTime;

    private ServerSocketChannel listener;
    private SocketAddress boundAddress;
    private Thread acceptor;
    private Thread watchdog;
    private ReadinessLoop[] loops;
    private int nextLoop;
    private volatile boolean stopping;
    /** When the stop began (System.nanoTime), 0 until then: the uptime ends there. */
    private volatile long stoppedNanos;
    private volatile boolean running;
    /** The keys and settings new TLS connections get; replaced by a reload. Null for plain HTTP. */
    private volatile TlsContext tlsContext;

    public ServerCore(ServerConfig config, HttpHandler handler) {
        this.config = config;
        this.dates = new DateCache(config.clock());
        this.handler = handler;
        this.refusals = config.refusals();
        this.http11 = config.protocolVersion() == HttpVersion.HTTP_1_1;
        this.serverLine = config.serverName().isEmpty() ? null
                : ("Server: " + config.serverName() + "\r\n").getBytes(StandardCharsets.US_ASCII);
        this.headerTimeoutNanos = config.headerTimeout().toNanos();
        this.readTimeoutNanos = config.readTimeout().toNanos();
        this.idleTimeoutNanos = config.idleTimeout().toNanos();
        long shortest = Math.min(headerTimeoutNanos, Math.min(readTimeoutNanos, idleTimeoutNanos)) / 1_000_000;
        this.watchdogTickMillis = Math.clamp(shortest / 10, 10, 1000);
        this.minBodyRate = config.minBodyRate();
        // The rate is judged over a window of readTimeout: a body may run this far behind it.
        this.bodyCreditCap = config.minBodyRate() * (readTimeoutNanos / 1e9);
        this.maxConnections = config.maxConnections() == ServerConfig.AUTO
                ? DescriptorLimit.connectionsFor(DescriptorLimit.soft()) : config.maxConnections();
        // Fair, so that requests waiting for a turn are served in the order they came.
        this.handlerPermits = config.maxConcurrentRequests() > 0
                ? new Semaphore(config.maxConcurrentRequests(), true) : null;
    }

    /** Binds the socket and starts accepting; with TLS, loads its keys first. */
    public void start() throws IOException, TlsConfigException {
        if (running || stopping) {
            throw new IllegalStateException("a server starts once");
        }
        if (config.tls() != null) {
            // before binding: keys that cannot be read must not leave a port that answers nothing
            tlsContext = TlsContext.create(config.tls());
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
        // One loop reads for a few cores' worth of virtual threads; more would split batches.
        loops = new ReadinessLoop[Math.max(1, Runtime.getRuntime().availableProcessors() / 4)];
        try {
            for (int i = 0; i < loops.length; i++) {
                loops[i] = new ReadinessLoop("morello-io-" + describe(boundAddress) + "-" + i);
            }
        } catch (IOException e) {
            for (ReadinessLoop l : loops) {
                if (l != null) {
                    l.close();
                }
            }
            ch.close();
            throw e;
        }
        for (ReadinessLoop l : loops) {
            l.start();
        }
        String name = "morello-acceptor-" + describe(boundAddress);
        acceptor = Thread.ofPlatform().name(name).daemon(false).unstarted(this::acceptLoop);
        watchdog = Thread.ofPlatform().name("morello-watchdog").daemon(true).unstarted(this::watchLoop);
        startNanos = System.nanoTime();
        startTime = config.clock().instant(); // after startNanos: a reader that sees it sees both
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
        while (running) {
            SocketChannel ch;
            try {
                ch = listener.accept();
            } catch (ClosedChannelException e) {
                return;
            } catch (IOException | RuntimeException e) {
                if (!running) {
                    break;
                }
                // Out of file descriptors, say: one line now and then, and a growing pause, so
                // that the connections we hold can finish and free some (never a trace per try).
                sleepQuietly(acceptFailures.failed(e));
                continue;
            }
            acceptFailures.succeeded();
            counters.accepted.increment();
            admit(ch);
        }
        if (stopping) {
            drainBacklog();
        }
    }

    /**
     * RFC 9112 §9.6: at stop, connections the kernel already accepted for us may hold requests;
     * closing the listener would reset them. Take them all, and serve what they sent.
     */
    private void drainBacklog() {
        try {
            listener.configureBlocking(false);
            SocketChannel ch;
            while ((ch = listener.accept()) != null) {
                counters.accepted.increment();
                start(ch, null);
            }
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "draining the listen backlog ended", e);
        } finally {
            try {
                listener.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the listener failed", e);
            }
        }
    }

    /** Takes a new connection, or turns it away quickly when a limit says so. */
    private void admit(SocketChannel ch) {
        InetAddress address = null;
        try {
            if (config.unixSocket() == null) {
                ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
                if (config.maxConnectionsPerAddress() > 0 && ch.getRemoteAddress() instanceof InetSocketAddress a) {
                    address = a.getAddress();
                }
            }
        } catch (IOException e) {
            closeQuietly(ch);
            return;
        }
        if (address != null) {
            AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
            if (count.incrementAndGet() > config.maxConnectionsPerAddress()) {
                releaseAddress(address);
                refuseQuickly(ch, "too many connections from one address");
                return;
            }
        }
        if (maxConnections > 0 && connections.size() >= maxConnections && !evictIdle()) {
            releaseAddress(address);
            refuseQuickly(ch, "connection limit reached");
            return;
        }
        start(ch, address);
    }

    private void start(SocketChannel ch, InetAddress address) {
        Connection c = new Connection(this, ch, address);
        connections.add(c);
        try {
            // only the acceptor thread takes turns here
            nextLoop = (nextLoop + 1) % loops.length;
            c.register(loops[nextLoop]);
        } catch (IOException | RuntimeException e) {
            connections.remove(c);
            releaseAddress(address);
            closeQuietly(ch);
            LOG.log(Level.ERROR, "could not register a connection", e);
        }
    }

    /** A thread to serve a connection until it is idle again. */
    Thread connectionThread(Connection c) {
        return connectionThreads.newThread(c);
    }

    /**
     * At the connection limit, the connection that has waited longest for its next request makes
     * room: a client may close an idle connection at any time too (RFC 9112 §9.3.1), and its
     * owner reconnects at little cost, while the new client would otherwise get nothing.
     */
    private boolean evictIdle() {
        // a connection closed a moment ago stays in the set until its thread has ended: skip it,
        // and try the next longest idle when one has just received a request
        record Idle(Connection c, long since) {
        }
        List<Idle> idle = new ArrayList<>();
        for (Connection c : connections) {
            if (c.phase == Connection.IDLE && c.channel.isOpen()) {
                idle.add(new Idle(c, c.idleSince)); // read once: it changes under us
            }
        }
        idle.sort((a, b) -> Long.compare(a.since() - b.since(), 0));
        for (int i = 0; i < Math.min(idle.size(), MAX_EVICTION_TRIES); i++) {
            if (idle.get(i).c().closeIfNothingArrived()) {
                return true;
            }
        }
        return false;
    }

    private static final int MAX_EVICTION_TRIES = 8;

    /**
     * Answers {@code 503} and closes, on a virtual thread of its own so the acceptor goes on. At
     * most a few of these run at once; beyond that the connection is just closed.
     */
    private void refuseQuickly(SocketChannel ch, String reason) {
        SocketAddress remote = remoteOf(ch);
        if (quickRefusals.incrementAndGet() > MAX_QUICK_REFUSALS) {
            quickRefusals.decrementAndGet();
            closeQuietly(ch);
            refused(remote, null, 503, reason + " (closed without an answer)");
            return;
        }
        Thread.ofVirtual().name("morello-refusal").start(() -> {
            try {
                ch.socket().setSoTimeout(1000);
                counters.written(ch.write(ByteBuffer.wrap(SERVICE_UNAVAILABLE)));
                // a short lingering close, so the answer is not destroyed by a reset (§9.6)
                ch.shutdownOutput();
                var in = ch.socket().getInputStream();
                byte[] sink = new byte[4096];
                long until = System.nanoTime() + 1_000_000_000L;
                while (System.nanoTime() - until < 0 && in.read(sink) >= 0) {
                    // discard
                }
            } catch (IOException e) {
                LOG.log(Level.DEBUG, () -> "quick refusal ended: " + e);
            } finally {
                closeQuietly(ch);
                quickRefusals.decrementAndGet();
                refused(remote, null, 503, reason);
            }
        });
    }

    private static final int MAX_QUICK_REFUSALS = 64;
    private static final byte[] SERVICE_UNAVAILABLE = ("HTTP/1.1 503 Service Unavailable\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\nContent-Length: 19\r\nRetry-After: 1\r\n"
            + "Connection: close\r\n\r\nService Unavailable").getBytes(StandardCharsets.US_ASCII);

    private static SocketAddress remoteOf(SocketChannel ch) {
        try {
            return ch.getRemoteAddress();
        } catch (IOException e) {
            return null;
        }
    }

    private static void closeQuietly(SocketChannel ch) {
        try {
            ch.close();
        } catch (IOException e) {
            LOG.log(Level.DEBUG, "closing a refused connection failed", e);
        }
    }

    private void releaseAddress(InetAddress address) {
        if (address != null) {
            perAddress.computeIfPresent(address, (a, n) -> n.decrementAndGet() <= 0 ? null : n);
        }
    }

    /** Tells the refusal listener; what it throws must not take the connection's thread down. */
    void refused(SocketAddress remote, String requestLine, int status, String reason) {
        counters.refused(status);
        try {
            refusals.refused(new RefusalListener.Refusal(remote, requestLine, status, reason));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the refusal listener failed", e);
        }
    }

    private void watchLoop() {
        while (running || !connections.isEmpty()) {
            long now = System.nanoTime();
            for (Connection c : connections) {
                long d = c.deadline;
                long w = c.writeDeadline;
                // Only the deadline we saw expires: if the connection has moved on to another
                // operation meanwhile, the compare-and-set fails and it is left alone.
                if (w != 0 && now - w > 0 && Connection.WRITE_DEADLINE.compareAndSet(c, w, 0L)) {
                    c.expireWrite();
                } else if (d != 0 && now - d > 0 && Connection.DEADLINE.compareAndSet(c, d, 0L)) {
                    c.expire();
                } else {
                    c.trimIfIdle(now);
                }
            }
            if (!sleepQuietly(watchdogTickMillis)) {
                return;
            }
        }
    }

    void connectionClosed(Connection c) {
        if (connections.remove(c)) {
            releaseAddress(c.address);
        }
    }

    /**
     * Stops, as RFC 9112 §9.6 describes a graceful close: no new connections (those the kernel
     * already accepted are taken and served); a request that has arrived, on any connection, is
     * answered with {@code Connection: close}; a connection waiting for its next request gets a
     * short grace to send it (a client under load sends it at once) and is then closed when
     * nothing came; requests in flight finish within {@code timeout}; whatever is left after that
     * is closed by force.
     */
    public void stop(Duration timeout) {
        if (!running && !stopping) {
            return;
        }
        stopping = true;
        running = false;
        long start = System.nanoTime();
        stoppedNanos = start;
        wakeAcceptor();
        if (acceptor.isAlive()) {
            try {
                listener.close();
            } catch (IOException e) {
                LOG.log(Level.DEBUG, "closing the listener failed", e);
            }
        }
        // WebSockets end with their closing handshake (1001), within the time the others get
        for (Connection c : connections) {
            c.goingAway();
        }
        long deadline = start + timeout.toNanos();
        long graceEnd = start + Math.min(timeout.toNanos(), IDLE_GRACE_NANOS);
        while (!connections.isEmpty() && System.nanoTime() - deadline < 0) {
            if (System.nanoTime() - graceEnd >= 0) {
                for (Connection c : connections) {
                    c.closeIfNothingArrived();
                }
            }
            sleepQuietly(10);
        }
        for (Connection c : connections) {
            c.forceClose();
        }
        for (ReadinessLoop l : loops) {
            l.close();
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

    /** How long, at stop, a connection waiting between requests may still send one. */
    private static final long IDLE_GRACE_NANOS = 500_000_000L;

    /**
     * The acceptor is blocked in {@code accept()}; a connection of our own wakes it without
     * closing the listener, so it can take what is still queued.
     */
    private void wakeAcceptor() {
        SocketAddress target = boundAddress;
        if (target instanceof InetSocketAddress inet && inet.getAddress().isAnyLocalAddress()) {
            target = new InetSocketAddress(InetAddress.getLoopbackAddress(), inet.getPort());
        }
        SocketChannel ch = null;
        try {
            ch = SocketChannel.open(target instanceof UnixDomainSocketAddress
                    ? StandardProtocolFamily.UNIX : StandardProtocolFamily.INET);
            // not waiting for the handshake: if the backlog is full, accept() is not blocked anyway
            ch.configureBlocking(false);
            ch.connect(target);
            acceptor.join(Math.max(1, config.shutdownTimeout().toMillis()));
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.DEBUG, () -> "could not wake the acceptor: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            if (ch != null) {
                closeQuietly(ch);
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

    // ---- TLS ----------------------------------------------------------------------------------

    /** The TLS context new connections use, or null for plain HTTP. */
    TlsContext tlsContext() {
        return tlsContext;
    }

    /**
     * Reads the TLS keys and certificates again; connections accepted from now on use them,
     * connections already open keep theirs. When the files are bad now, nothing changes and the
     * exception says why.
     */
    public TlsContext reloadTls() throws TlsConfigException {
        TlsContext current = tlsContext;
        if (current == null) {
            throw new IllegalStateException("this server does not serve TLS");
        }
        TlsContext fresh = current.reload();
        tlsContext = fresh;
        return fresh;
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

    /** The Date field's value for the current second, formatted once a second. */
    String dateText() {
        return dates.text();
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

    /** The counters summed now; the uptime is zero before the start, and stops growing at the stop. */
    public ServerStatistics statistics() {
        Instant started = startTime;
        long since = startNanos;
        Duration uptime = started == null ? Duration.ZERO
                : Duration.ofNanos((stoppedNanos != 0 ? stoppedNanos : System.nanoTime()) - since);
        return counters.snapshot(started, uptime, connections.size(), waitingForHandler.get());
    }

    /** The connection limit in force (resolved from the descriptor limit for AUTO); 0 for none. */
    public int maxConnections() {
        return maxConnections;
    }

    // ---- the minimum body rate ----------------------------------------------------------------

    /** Bytes per second a body must keep up, 0 for no minimum. */
    double minBodyRate() {
        return minBodyRate;
    }

    /** How far behind the minimum rate a body may fall: the rate over one read timeout. */
    double bodyCreditCap() {
        return bodyCreditCap;
    }

    public boolean running() {
        return running;
    }

    private static String describe(SocketAddress address) {
        return address instanceof InetSocketAddress inet ? String.valueOf(inet.getPort()) : "unix";
    }
}
