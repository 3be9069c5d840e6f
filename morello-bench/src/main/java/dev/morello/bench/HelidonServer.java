package dev.morello.bench;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.http.ServerResponse;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bench app on Helidon SE 4, a framework peer for Morello's object dispatcher: two routes on
 * Helidon's HTTP routing, on Helidon's defaults, which serve every connection on a virtual
 * thread. Helidon adds {@code Date}; the handlers add {@code Server}, which Helidon does not send.
 *
 * <p>Helidon logs through {@code java.util.logging}, which the SLF4J no-op provider that quiets
 * the other servers does not reach; its root logger is set to {@code WARNING}, which drops the
 * start-up lines and keeps what would say something went wrong. Helidon's media support is not
 * used: the body comes from {@link Payloads#json()} like every other server's.
 */
final class HelidonServer implements BenchServer {
    private static final Header SERVER = HeaderValues.createCached(HeaderNames.SERVER, "Helidon");
    private static final Header TEXT_PLAIN = HeaderValues.createCached(HeaderNames.CONTENT_TYPE, Payloads.TEXT_PLAIN);
    private static final Header APPLICATION_JSON =
            HeaderValues.createCached(HeaderNames.CONTENT_TYPE, Payloads.APPLICATION_JSON);

    private WebServer server;

    @Override
    public void start(String host, int port) {
        Logger.getLogger("").setLevel(Level.WARNING);
        server = WebServer.builder()
                .host(host)
                .port(port)
                .routing(routing -> routing
                        .get(Payloads.PLAINTEXT_PATH, (req, res) -> answer(res, TEXT_PLAIN, Payloads.PLAINTEXT))
                        .get(Payloads.JSON_PATH, (req, res) -> answer(res, APPLICATION_JSON, Payloads.json())))
                .build()
                .start();
    }

    private static void answer(ServerResponse res, Header type, byte[] body) {
        res.header(SERVER).header(type).send(body);
    }

    @Override
    public String description() {
        return "Helidon SE 4 routing, defaults (a virtual thread per connection)";
    }

    @Override
    public void close() {
        if (server != null) {
            server.stop();
        }
    }
}
