package dev.morello.bench;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Response;
import java.util.Map;

/**
 * The bench through Morello's framework: an object tree behind the default object dispatcher,
 * with the request lifecycle, config and default tools as a user's app has them. Access logging is
 * off (no SLF4J back-end in the bench), as for the peers.
 */
final class MorelloFrameworkServer implements BenchServer {
    /** The app: two exposed methods, found by the object dispatcher. */
    public static final class App {
        @Expose
        public byte[] plaintext(Response response) {
            response.headers().set("Content-Type", Payloads.TEXT_PLAIN);
            return Payloads.PLAINTEXT;
        }

        @Expose
        public byte[] json(Response response) {
            response.headers().set("Content-Type", Payloads.APPLICATION_JSON);
            return Payloads.json();
        }
    }

    @Override
    public void start(String host, int port) {
        Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
        Morello.tree().mount(new App());
        Morello.engine().start();
    }

    @Override
    public String description() {
        return "Morello framework, object dispatcher (virtual thread per connection)";
    }

    @Override
    public void close() {
        Morello.engine().exit();
    }
}
