package dev.morello.internal;

import dev.morello.engine.Bus;
import dev.morello.engine.Refusal;
import dev.morello.engine.SimplePlugin;
import dev.morello.http.HttpHandler;
import dev.morello.http.HttpServer;
import dev.morello.http.ServerConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
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
        }
        server = s;
        if (s.address() instanceof InetSocketAddress bound) {
            bus.handOver(portKey, Integer.toString(bound.getPort()));
        }
        bus.log("Serving on " + describe(s.address()));
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

    @Override
    public void stop() {
        HttpServer s = server;
        if (s != null) {
            s.stop();
            server = null;
            bus.log("HTTP Server " + describe(s.address()) + " shut down");
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
