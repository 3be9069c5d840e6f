package dev.morello.http;

import dev.morello.http.tls.TlsConfig;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * Everything the server can be told: where to listen, the limits that protect it, its timeouts.
 * Defaults follow CherryPy's where it has one.
 *
 * <pre>{@code
 * ServerConfig config = ServerConfig.builder()
 *         .host("0.0.0.0").port(8080)
 *         .maxBodySize(10 << 20)
 *         .idleTimeout(Duration.ofSeconds(30))
 *         .build();
 * }</pre>
 *
 * @param host                  address to bind; a name, an IPv4 or an IPv6 literal ({@code ::} for all)
 * @param port                  TCP port; 0 picks a free one, which {@link HttpServer#port()} tells
 * @param unixSocket            a Unix domain socket path to listen on instead of TCP, or {@code null}
 * @param backlog               the listen queue length
 * @param maxRequestLine        longest request line in bytes; longer → 414
 * @param maxHeaderSize         largest header section in bytes; larger → 431
 * @param maxHeaderCount        most header fields; more → 431
 * @param maxBodySize           largest request body in bytes, 0 for no limit; larger → 413
 * @param maxConnections        most open connections; more get a quick 503 (after idle keep-alive
 *                              connections were closed to make room). {@link #AUTO} (the default)
 *                              derives it from the process's file-descriptor limit, leaving
 *                              headroom for files and logs; 0 for no limit
 * @param maxConnectionsPerAddress most open connections from one client address, 0 (the default)
 *                              for no limit; more get a quick 503
 * @param maxConcurrentRequests most handlers running at once (CherryPy's {@code server.thread_pool}),
 *                              0 for no limit
 * @param requestQueueSize      with a handler limit, how many requests may wait for a turn; more → 503
 * @param headerTimeout         the whole request head must arrive within this (slowloris)
 * @param readTimeout           longest wait for one read of a request body
 * @param minBodyRate           the slowest a request body may arrive, in bytes per second, over a
 *                              window of {@code readTimeout} (only time spent waiting for the client
 *                              counts); slower gets 408. 0 for no minimum
 * @param idleTimeout           how long a kept-alive connection may wait for its next request
 * @param shutdownTimeout       how long {@link HttpServer#stop()} lets requests in flight finish
 * @param maxDrainBytes         how much of a body the handler did not read is discarded to keep
 *                              the connection; beyond it the connection is closed
 * @param serverName            the {@code Server} header's value; empty for none
 * @param protocolVersion       the highest version to speak ({@code HTTP/1.0} turns off chunked
 *                              responses and default persistence, as CherryPy's
 *                              {@code server.protocol_version})
 * @param leniencies            the deviations from RFC 9112 to accept; none by default
 * @param clock                 where the {@code Date} field's time comes from; the system clock
 *                              (UTC) by default, a fixed one in tests
 * @param refusals              told of every request the server refuses before (or instead of)
 *                              the handler: a bad head, a timeout, a limit, a 503
 * @param tls                   serve HTTPS with these keys and settings, or {@code null} (the
 *                              default) for plain HTTP; the TLS handshake counts against
 *                              {@code headerTimeout}, from the moment the connection is accepted
 * @param http2                 also speak HTTP/2 (RFC 9113): {@code h2} offered by ALPN over TLS,
 *                              and h2c by prior knowledge on a plain connection that opens with the
 *                              HTTP/2 connection preface; off by default
 */
public record ServerConfig(
        String host,
        int port,
        Path unixSocket,
        int backlog,
        int maxRequestLine,
        int maxHeaderSize,
        int maxHeaderCount,
        long maxBodySize,
        int maxConnections,
        int maxConnectionsPerAddress,
        int maxConcurrentRequests,
        int requestQueueSize,
        Duration headerTimeout,
        Duration readTimeout,
        int minBodyRate,
        Duration idleTimeout,
        Duration shutdownTimeout,
        long maxDrainBytes,
        String serverName,
        HttpVersion protocolVersion,
        Set<Leniency> leniencies,
        Clock clock,
        RefusalListener refusals,
        TlsConfig tls,
        boolean http2) {

    private static final Duration MAX_TIMEOUT = Duration.ofDays(1);

    /** {@code maxConnections}: derived from the file-descriptor limit when the server starts. */
    public static final int AUTO = -1;

    public ServerConfig {
        Objects.requireNonNull(host, "host");
        Objects.requireNonNull(headerTimeout, "headerTimeout");
        Objects.requireNonNull(readTimeout, "readTimeout");
        Objects.requireNonNull(idleTimeout, "idleTimeout");
        Objects.requireNonNull(shutdownTimeout, "shutdownTimeout");
        Objects.requireNonNull(serverName, "serverName");
        Objects.requireNonNull(protocolVersion, "protocolVersion");
        if (protocolVersion == HttpVersion.HTTP_2_0) {
            throw new IllegalArgumentException("protocolVersion is HTTP/1.0 or HTTP/1.1; HTTP/2 is turned on by http2(true)");
        }
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(refusals, "refusals");
        for (Duration d : new Duration[] {headerTimeout, readTimeout, idleTimeout}) {
            if (d.isNegative() || d.isZero() || d.compareTo(MAX_TIMEOUT) > 0) {
                throw new IllegalArgumentException("timeouts must be positive and at most a day: " + d);
            }
        }
        if (shutdownTimeout.isNegative() || shutdownTimeout.compareTo(MAX_TIMEOUT) > 0) {
            throw new IllegalArgumentException("shutdownTimeout must be within 0 and a day: " + shutdownTimeout);
        }
        if (tls != null && unixSocket != null) {
            throw new IllegalArgumentException("TLS is for TCP: a Unix domain socket is served in plain HTTP");
        }
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port must be within 0-65535: " + port);
        }
        positive("maxRequestLine", maxRequestLine);
        positive("maxHeaderSize", maxHeaderSize);
        positive("maxHeaderCount", maxHeaderCount);
        positive("backlog", backlog);
        notNegative("maxBodySize", maxBodySize);
        if (maxConnections < AUTO) {
            throw new IllegalArgumentException("maxConnections must be AUTO, 0 (no limit) or a count: " + maxConnections);
        }
        notNegative("maxConnectionsPerAddress", maxConnectionsPerAddress);
        notNegative("minBodyRate", minBodyRate);
        notNegative("maxConcurrentRequests", maxConcurrentRequests);
        notNegative("requestQueueSize", requestQueueSize);
        notNegative("maxDrainBytes", maxDrainBytes);
        for (int i = 0; i < serverName.length(); i++) {
            char c = serverName.charAt(i);
            if (c < 0x20 || c > 0x7e) {
                throw new IllegalArgumentException("serverName must be visible ASCII");
            }
        }
        leniencies = leniencies.isEmpty() ? Set.of() : Set.copyOf(leniencies);
    }

    private static void positive(String name, long value) {
        if (value <= 0) {
            throw new IllegalArgumentException(name + " must be positive: " + value);
        }
    }

    private static void notNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative: " + value);
        }
    }

    /** The defaults: 127.0.0.1:8080, strict, CherryPy's limits. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder starting from this configuration. */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.host = host;
        b.port = port;
        b.unixSocket = unixSocket;
        b.backlog = backlog;
        b.maxRequestLine = maxRequestLine;
        b.maxHeaderSize = maxHeaderSize;
        b.maxHeaderCount = maxHeaderCount;
        b.maxBodySize = maxBodySize;
        b.maxConnections = maxConnections;
        b.maxConnectionsPerAddress = maxConnectionsPerAddress;
        b.maxConcurrentRequests = maxConcurrentRequests;
        b.requestQueueSize = requestQueueSize;
        b.headerTimeout = headerTimeout;
        b.readTimeout = readTimeout;
        b.minBodyRate = minBodyRate;
        b.idleTimeout = idleTimeout;
        b.shutdownTimeout = shutdownTimeout;
        b.maxDrainBytes = maxDrainBytes;
        b.serverName = serverName;
        b.protocolVersion = protocolVersion;
        b.leniencies = leniencies.isEmpty() ? EnumSet.noneOf(Leniency.class) : EnumSet.copyOf(leniencies);
        b.clock = clock;
        b.refusals = refusals;
        b.tls = tls;
        b.http2 = http2;
        return b;
    }

    /** Whether a deviation was allowed. */
    public boolean allows(Leniency leniency) {
        return leniencies.contains(leniency);
    }

    /** Builds a {@link ServerConfig}; every setting starts at its default. */
    public static final class Builder {
        private String host = "127.0.0.1";
        private int port = 8080;
        private Path unixSocket;
        private int backlog = 1024;
        private int maxRequestLine = 8 * 1024;
        private int maxHeaderSize = 64 * 1024;
        private int maxHeaderCount = 100;
        private long maxBodySize = 100L * 1024 * 1024;
        private int maxConnections = AUTO;
        private int maxConnectionsPerAddress = 0;
        private int maxConcurrentRequests = 0;
        private int requestQueueSize = 1024;
        private Duration headerTimeout = Duration.ofSeconds(10);
        private Duration readTimeout = Duration.ofSeconds(10);
        private int minBodyRate = 512;
        private Duration idleTimeout = Duration.ofSeconds(10);
        private Duration shutdownTimeout = Duration.ofSeconds(5);
        private long maxDrainBytes = 64 * 1024;
        private String serverName = "Morello";
        private HttpVersion protocolVersion = HttpVersion.HTTP_1_1;
        private EnumSet<Leniency> leniencies = EnumSet.noneOf(Leniency.class);
        private Clock clock = Clock.systemUTC();
        private RefusalListener refusals = RefusalListener.NONE;
        private TlsConfig tls;
        private boolean http2;

        private Builder() {
        }

        public Builder host(String host) { this.host = host; return this; }

        public Builder port(int port) { this.port = port; return this; }

        public Builder unixSocket(Path path) { this.unixSocket = path; return this; }

        public Builder backlog(int backlog) { this.backlog = backlog; return this; }

        public Builder maxRequestLine(int bytes) { this.maxRequestLine = bytes; return this; }

        public Builder maxHeaderSize(int bytes) { this.maxHeaderSize = bytes; return this; }

        public Builder maxHeaderCount(int count) { this.maxHeaderCount = count; return this; }

        public Builder maxBodySize(long bytes) { this.maxBodySize = bytes; return this; }

        /** Most open connections; {@link #AUTO} (the default) from the descriptor limit, 0 for none. */
        public Builder maxConnections(int count) { this.maxConnections = count; return this; }

        public Builder maxConnectionsPerAddress(int count) { this.maxConnectionsPerAddress = count; return this; }

        public Builder maxConcurrentRequests(int count) { this.maxConcurrentRequests = count; return this; }

        public Builder requestQueueSize(int count) { this.requestQueueSize = count; return this; }

        public Builder headerTimeout(Duration timeout) { this.headerTimeout = timeout; return this; }

        public Builder readTimeout(Duration timeout) { this.readTimeout = timeout; return this; }

        /** The slowest a request body may arrive, in bytes per second (512 by default; 0 for none). */
        public Builder minBodyRate(int bytesPerSecond) { this.minBodyRate = bytesPerSecond; return this; }

        public Builder idleTimeout(Duration timeout) { this.idleTimeout = timeout; return this; }

        public Builder shutdownTimeout(Duration timeout) { this.shutdownTimeout = timeout; return this; }

        public Builder maxDrainBytes(long bytes) { this.maxDrainBytes = bytes; return this; }

        public Builder serverName(String name) { this.serverName = name; return this; }

        public Builder protocolVersion(HttpVersion version) { this.protocolVersion = version; return this; }

        /** The clock the {@code Date} field reads; pin it ({@code Clock.fixed}) to test dates. */
        public Builder clock(Clock clock) { this.clock = clock; return this; }

        /** Told of every request the server refuses itself (for an access log, say). */
        public Builder refusals(RefusalListener listener) { this.refusals = listener; return this; }

        /** Accepts the named deviations from RFC 9112 (see {@link Leniency}). */
        public Builder allow(Leniency... leniency) {
            leniencies.addAll(java.util.List.of(leniency));
            return this;
        }

        /** Serves HTTPS with these keys and settings; {@code null} (the default) for plain HTTP. */
        public Builder tls(TlsConfig tls) { this.tls = tls; return this; }

        /**
         * Also speaks HTTP/2: {@code h2} by ALPN over TLS, h2c by prior knowledge on plain
         * connections (off by default; HTTP/1.1 is served either way).
         */
        public Builder http2(boolean on) { this.http2 = on; return this; }

        public ServerConfig build() {
            return new ServerConfig(host, port, unixSocket, backlog, maxRequestLine, maxHeaderSize,
                    maxHeaderCount, maxBodySize, maxConnections, maxConnectionsPerAddress, maxConcurrentRequests,
                    requestQueueSize, headerTimeout, readTimeout, minBodyRate, idleTimeout, shutdownTimeout,
                    maxDrainBytes, serverName, protocolVersion, leniencies, clock, refusals, tls, http2);
        }
    }
}
