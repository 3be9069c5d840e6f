package dev.morello.bench;

import java.nio.file.Path;
import java.util.List;

/**
 * One HTTP server answering the TechEmpower plaintext and JSON tests. Every implementation
 * answers the same way, so that a difference in a measurement is the server's, not the app's:
 *
 * <ul>
 *   <li>{@code /plaintext}: 200, {@code text/plain}, {@code Hello, World!} (the body bytes may be
 *       a constant, as TechEmpower allows);</li>
 *   <li>{@code /json}: 200, {@code application/json}, {@code {"message":"Hello, World!"}}
 *       serialized for every request by {@link Payloads#json()};</li>
 *   <li>anything else: 404;</li>
 *   <li>always {@code Server} and {@code Date}; keep-alive and pipelining.</li>
 * </ul>
 *
 * <p>With the system property {@code bench.static.dir} set to a directory, the servers of the
 * static lines ({@code morello-fw} and {@code jetty}) also serve its files under
 * {@code /static/}, each through its own static-file support.
 *
 * <p>With {@code bench.tls.keystore} set (see {@link BenchTls}), the servers of the TLS lines
 * ({@code morello}, {@code jetty} and {@code netty}) speak HTTPS on their port instead, with the
 * JDK's TLS provider; given a static directory as well, each also serves its files under
 * {@code /static/} (Morello's raw server and Netty by reading the file through TLS, Jetty by its
 * {@code ResourceHandler}).
 *
 * <p>With {@code bench.h2c=true}, the servers of the HTTP/2 lines ({@code morello}, {@code jetty},
 * {@code netty} and {@code vertx}) speak HTTP/2 without TLS to a client that starts with the
 * connection preface (h2c by prior knowledge, as h2load does), each with its own HTTP/2 support;
 * given a static directory as well, each also serves its files under {@code /static/}.
 *
 * <pre>{@code
 * try (BenchServer server = BenchServer.named("netty")) {
 *     server.start("127.0.0.1", 8080);
 *     ...
 * }
 * }</pre>
 */
public interface BenchServer extends AutoCloseable {
    /** The names {@link #named} knows, in the order the bench runs them. */
    List<String> NAMES = List.of("morello", "jetty", "netty", "undertow", "vertx",
            "morello-fw", "javalin", "helidon", "morello-fw-stats");

    /** Binds and starts serving; returns once requests are answered. */
    void start(String host, int port) throws Exception;

    /** How this server is set up (threads, transport), for the line printed when it is ready. */
    String description();

    /** Stops serving and releases threads and sockets. */
    @Override
    void close();

    /**
     * The directory of {@code -Dbench.static.dir}, absolute, or null when the property is unset
     * or empty.
     */
    static Path staticDir() {
        String dir = System.getProperty("bench.static.dir", "");
        return dir.isEmpty() ? null : Path.of(dir).toAbsolutePath().normalize();
    }

    /** Whether {@code -Dbench.h2c=true}: HTTP/2 by prior knowledge on the plain port. */
    static boolean h2c() {
        return Boolean.getBoolean("bench.h2c");
    }

    static BenchServer named(String name) {
        return switch (name) {
            case "morello" -> new MorelloServer(BenchTls.fromProperties(), staticDir());
            case "jetty" -> new JettyServer(staticDir(), BenchTls.fromProperties());
            case "netty" -> new NettyServer(BenchTls.fromProperties(), staticDir());
            case "undertow" -> new UndertowServer();
            case "vertx" -> new VertxServer(h2c() ? staticDir() : null);
            case "morello-fw" -> new MorelloFrameworkServer(staticDir(), false);
            case "morello-fw-stats" -> new MorelloFrameworkServer(staticDir(), true);
            case "javalin" -> new JavalinServer();
            case "helidon" -> new HelidonServer();
            default -> throw new IllegalArgumentException("unknown server " + name + "; one of " + NAMES);
        };
    }
}
