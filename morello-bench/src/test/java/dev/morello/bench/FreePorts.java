package dev.morello.bench;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.function.Supplier;

/**
 * Starts a bench server on a free loopback port. The peers take a port number, not 0, so a port
 * is picked first and may be taken by another process before the server binds it: a bind that
 * fails is tried again on another port, so no test hangs on which port it happens to get.
 */
final class FreePorts {
    private static final int ATTEMPTS = 5;

    private FreePorts() {
    }

    /** A server that started, and its port. */
    record Started(BenchServer server, int port) {
    }

    /** Makes and starts a server; after a failed bind, a fresh one on another port. */
    static Started start(Supplier<BenchServer> make) throws Exception {
        Exception last = null;
        for (int i = 0; i < ATTEMPTS; i++) {
            int port = pick();
            BenchServer server = make.get();
            try {
                server.start("127.0.0.1", port);
                return new Started(server, port);
            } catch (Exception e) {
                try {
                    server.close();
                } catch (RuntimeException closing) {
                    e.addSuppressed(closing);
                }
                if (!causedByBind(e)) {
                    throw e;
                }
                last = e;
            }
        }
        throw last;
    }

    private static int pick() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static boolean causedByBind(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof BindException || String.valueOf(t.getMessage()).contains("Address already in use")) {
                return true;
            }
        }
        return false;
    }
}
