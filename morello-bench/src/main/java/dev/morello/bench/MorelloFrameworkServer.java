package dev.morello.bench;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Response;
import java.nio.file.Path;
import java.util.Map;

/**
 * The bench through Morello's framework: an object tree behind the default object dispatcher,
 * with the request lifecycle, config and default tools as a user's app has them. Access logging is
 * off (no SLF4J back-end in the bench), as for the peers.
 *
 * <p>Given a static directory ({@link BenchServer#staticDir()}), the app's config also has a
 * {@code /static} section with the static-directory tool on, as a CherryPy site serves its
 * files:
 *
 * <pre>{@code
 * Map.of("/static", Map.of("tools.staticdir.on", true, "tools.staticdir.dir", "/abs/dir"))
 * }</pre>
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

    private final Path staticDir;

    MorelloFrameworkServer() {
        this(null);
    }

    /** With {@code staticDir} null, only the app, mounted with no config. */
    MorelloFrameworkServer(Path staticDir) {
        this.staticDir = staticDir;
    }

    @Override
    public void start(String host, int port) {
        Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port));
        if (staticDir == null) {
            Morello.tree().mount(new App());
        } else {
            Morello.tree().mount(new App(), "", Map.of("/static",
                    Map.of("tools.staticdir.on", true, "tools.staticdir.dir", staticDir.toString())));
        }
        Morello.engine().start();
    }

    @Override
    public String description() {
        return "Morello framework, object dispatcher (virtual thread per connection)"
                + (staticDir == null ? "" : "; tools.staticdir for /static from " + staticDir);
    }

    @Override
    public void close() {
        Morello.engine().exit();
    }
}
