package dev.morello.http.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.http.HttpHandler;
import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Starts servers for a test and stops them after it, closing the test's clients first.
 *
 * <pre>{@code
 * @RegisterExtension
 * final TestServers servers = new TestServers();
 *
 * @Test
 * void servesSomething() throws Exception {
 *     HttpServer server = servers.start(b -> b.maxRequestLine(1024), Capture.create());
 *     RawClient client = servers.connect(server);
 *     ...
 * }
 * }</pre>
 *
 * <p>Every server listens on 127.0.0.1 and a free port unless the test's configuration says
 * otherwise. Its handler is wrapped so that {@link Requests#PROBE} is answered {@code 200 probe}
 * without reaching the test's handler: {@link #assertStillServes} uses it to show a connection is
 * still usable after a request.
 *
 * <p>Made with a {@link Transport}, it starts every server over that transport and connects
 * clients the same way: over {@link Transport#TLS} each server presents the
 * {@link TestCertificate} and each client trusts it, so a test's bytes and assertions are the
 * same either way.
 */
public final class TestServers implements AfterEachCallback {
    /** The path of the probe request, answered by the wrapper. */
    public static final String PROBE_PATH = "/__probe";
    private static final byte[] PROBE_BODY = "probe".getBytes(StandardCharsets.US_ASCII);

    private final Transport transport;
    private final List<HttpServer> servers = new ArrayList<>();
    private final List<RawClient> clients = new ArrayList<>();

    /** Servers and clients speaking plain HTTP. */
    public TestServers() {
        this(Transport.PLAIN);
    }

    public TestServers(Transport transport) {
        this.transport = transport;
    }

    public HttpServer start(HttpHandler handler) {
        return start(b -> { }, handler);
    }

    /** Starts a server on 127.0.0.1:0 whose configuration {@code config} may change. */
    public HttpServer start(Consumer<ServerConfig.Builder> config, HttpHandler handler) {
        ServerConfig.Builder b = ServerConfig.builder().host("127.0.0.1").port(0);
        if (transport == Transport.TLS) {
            b.tls(TestCertificate.get().serverTls());
        }
        config.accept(b);
        HttpServer server = HttpServer.create(b.build(), withProbe(handler));
        servers.add(server);
        server.start();
        return server;
    }

    private static HttpHandler withProbe(HttpHandler handler) {
        return exchange -> {
            if (exchange.path().equals(PROBE_PATH)) {
                exchange.send(200, PROBE_BODY);
                return;
            }
            handler.handle(exchange);
        };
    }

    /** A client connected to the server, closed after the test. */
    public RawClient connect(HttpServer server) throws IOException {
        RawClient c = open(server);
        clients.add(c);
        return c;
    }

    /** A client connected to the server over the transport, which the caller closes. */
    public RawClient open(HttpServer server) throws IOException {
        return transport == Transport.TLS
                ? RawClient.connect(server.address(), TestCertificate.get().clientContext())
                : RawClient.connect(server.address());
    }

    /** Sends the probe request on {@code client} and asserts it is answered: the connection is still usable. */
    public static void assertStillServes(RawClient client) throws IOException {
        client.send(Requests.PROBE);
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), () -> "the probe on the kept connection got " + r);
        assertEquals("probe", r.bodyText(), () -> "the probe on the kept connection got " + r);
    }

    @Override
    public void afterEach(ExtensionContext context) {
        for (RawClient c : clients) {
            try {
                c.close();
            } catch (IOException ignored) {
                // closing a test client: nothing to do about it
            }
        }
        clients.clear();
        for (HttpServer s : servers) {
            s.stop(Duration.ofSeconds(2));
        }
        servers.clear();
    }
}
