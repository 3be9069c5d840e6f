package dev.morello.internal;

import dev.morello.engine.Bus;
import dev.morello.engine.Refusal;
import dev.morello.engine.SimplePlugin;
import dev.morello.http.HttpHandler;
import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import dev.morello.http.tls.TlsConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Starts and stops an HTTP server with the bus, as CherryPy's {@code ServerAdapter}: it starts at
 * priority 75 (after PID files and monitors) and stops first, at 25. The config is read at each
 * start, so settings changed while stopped take effect on the next start.
 *
 * <p>A restart must not move the site: the port the server bound is handed over to the program's
 * next generations ({@link Bus#handOver}), and a later generation configured with port 0 binds
 * that port again rather than a new free one.
 */
public final class ServerAdapter extends SimplePlugin {
    private final Bus bus;
    private final String portKey;
    private final Supplier<ServerConfig> config;
    private final HttpHandler handler;
    private volatile HttpServer server;

    /** {@code name} tells this server's port apart from other servers' across a restart ("" for the main one). */
    public ServerAdapter(Bus bus, String name, Supplier<ServerConfig> config, HttpHandler handler) {
        this.bus = bus;
        this.portKey = name.isEmpty() ? "server.port" : "server." + name + ".port";
        this.config = config;
        this.handler = handler;
    }

    @Override
    protected int priority(String channel) {
        return switch (channel) {
            case Bus.START -> 75;
            case Bus.STOP -> 25;
            default -> super.priority(channel);
        };
    }

    @Override
    public void start() {
        if (server != null && server.isRunning()) {
            bus.log("Already serving on " + describe(server.address()));
            return;
        }
        ServerConfig c = inheritPort(config.get());
        HttpServer s = HttpServer.create(c, handler);
        try {
            s.start();
        } catch (UncheckedIOException e) {
            // the operator's to fix (another process has the port, a port below 1024, an address
            // not on this host), and the message says which: a refusal, one line, no stack
            throw new Refusal(e.getCause() instanceof BindException bind && inUse(c, bind)
                    ? "port " + c.port() + " on " + c.host() + " is in use" : e.getMessage(), e);
        } catch (IllegalStateException e) {
            if (e.getCause() instanceof TlsConfigException) {
                // a key or certificate file that cannot be served; the message names it
                throw new Refusal(e.getMessage(), e);
            }
            throw e;
        }
        server = s;
        tlsFiles = c.tls() == null ? Map.of() : stamps(c.tls().files());
        if (s.address() instanceof InetSocketAddress bound) {
            bus.handOver(portKey, Integer.toString(bound.getPort()));
        }
        bus.log("Serving on " + describe(s));
    }

    /** Port 0 in a restarted generation: the port the first generation bound. */
    private ServerConfig inheritPort(ServerConfig c) {
        if (c.unixSocket() != null || c.port() != 0) {
            return c;
        }
        String inherited = bus.inherited(portKey).orElse(null);
        if (inherited == null) {
            return c;
        }
        int port = 0;
        for (int i = 0; i < inherited.length() && port <= 65535; i++) {
            char d = inherited.charAt(i);
            if (d < '0' || d > '9') {
                port = 0;
                break;
            }
            port = port * 10 + (d - '0');
        }
        if (inherited.isEmpty() || port <= 0 || port > 65535) {
            bus.log("Ignoring the inherited " + portKey + " " + inherited + ": not a port");
            return c;
        }
        return c.toBuilder().port(port).build();
    }

    /**
     * The engine's {@code graceful} (USR1) and a change of the key or certificate files: a server
     * that speaks TLS reads them again, for the connections it accepts from then on. Files that
     * do not load now leave it serving with the keys it has, and the log says why.
     */
    @Override
    public void graceful() {
        reloadTls("graceful");
    }

    /** On the engine's main loop: reloads TLS when its files changed (a renewed certificate, say). */
    @Override
    public void main() {
        HttpServer s = server;
        if (s == null || !s.isTls()) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastLook < FILE_LOOK_NANOS) {
            return;
        }
        lastLook = now;
        Map<Path, String> current = stamps(s.config().tls().files());
        if (!current.equals(tlsFiles)) {
            tlsFiles = current;
            reloadTls("its files changed");
        }
    }

    private void reloadTls(String why) {
        HttpServer s = server;
        if (s == null || !s.isTls()) {
            return;
        }
        try {
            s.reloadTls();
            bus.log("TLS keys and certificates reloaded for " + describe(s) + " (" + why + ")");
        } catch (TlsConfigException e) {
            bus.log("TLS reload for " + describe(s) + " failed, still serving the keys loaded before: " + e.getMessage());
        }
    }

    /** How often {@link #main} looks at the TLS files: a renewal need not be seen within the second. */
    private static final long FILE_LOOK_NANOS = 2_000_000_000L;
    private volatile long lastLook = System.nanoTime();
    private volatile Map<Path, String> tlsFiles = Map.of();

    /** Each file's size and modification time (or its absence), to see a change. */
    private static Map<Path, String> stamps(List<Path> files) {
        Map<Path, String> stamps = new HashMap<>();
        for (Path f : files) {
            try {
                stamps.put(f, Files.size(f) + "@" + Files.getLastModifiedTime(f).toMillis());
            } catch (IOException e) {
                stamps.put(f, "missing");
            }
        }
        return stamps;
    }

    @Override
    public void stop() {
        HttpServer s = server;
        if (s != null) {
            s.stop();
            server = null;
            bus.log("HTTP Server " + describe(s) + " shut down");
        }
    }

    /**
     * Whether a failed bind was for a port in use. EADDRINUSE's text comes from the C library and
     * may be in the system's language, so the port itself is asked too: something answers on it.
     */
    private static boolean inUse(ServerConfig c, BindException e) {
        if (c.unixSocket() != null) {
            return false;
        }
        if (String.valueOf(e.getMessage()).contains("in use")) {
            return true;
        }
        try (Socket probe = new Socket()) {
            InetAddress a = InetAddress.getByName(c.host());
            probe.connect(new InetSocketAddress(a.isAnyLocalAddress() ? InetAddress.getLoopbackAddress() : a, c.port()), 500);
            return true;
        } catch (IOException nobodyThere) {
            return false;
        }
    }

    /** The running server, or null. */
    public HttpServer server() {
        return server;
    }

    private static String describe(HttpServer s) {
        String d = describe(s.address());
        return s.isTls() && d.startsWith("http://") ? "https://" + d.substring("http://".length()) : d;
    }

    static String describe(SocketAddress a) {
        if (a instanceof InetSocketAddress inet) {
            String host = inet.getAddress() == null ? inet.getHostString() : inet.getAddress().getHostAddress();
            if (host.indexOf(':') >= 0) {
                host = "[" + host + "]";
            }
            return "http://" + host + ":" + inet.getPort();
        }
        return String.valueOf(a);
    }
}
