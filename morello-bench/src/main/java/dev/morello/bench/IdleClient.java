package dev.morello.bench;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Opens N keep-alive connections, sends one request on each, reads its response, and then holds
 * them all open and idle, so that a server's memory per idle connection can be measured.
 *
 * <p>Requests are written as each connection opens and read back only once all are open: the
 * server works on the early ones while the late ones connect, so 10,000 connections are up within
 * a few seconds, well inside every server's idle timeout (Morello's default is 10 s). Once all are
 * answered it prints {@code holding N connections} and sleeps; the caller measures, then kills it
 * (or it exits after the hold time).
 *
 * <p>Traffic goes to the given host only; bench/run.sh passes 127.0.0.1.
 */
final class IdleClient {
    private static final int TIMEOUT_MILLIS = 10_000;

    private IdleClient() {
    }

    /** Returns the exit status: 0 when every connection was answered with 200. */
    static int run(String[] args) throws InterruptedException {
        if (args.length < 3 || args.length > 4) {
            System.err.println("usage: idle-client HOST PORT CONNECTIONS [HOLD_SECONDS]");
            return 2;
        }
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        int count = Integer.parseInt(args[2]);
        long holdSeconds = args.length == 4 ? Long.parseLong(args[3]) : 60;
        byte[] request = ("GET /plaintext HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII);

        long start = System.nanoTime();
        List<Socket> sockets = new ArrayList<>(count);
        int failedConnects = 0;
        for (int i = 0; i < count; i++) {
            Socket s = new Socket();
            try {
                s.setSoTimeout(TIMEOUT_MILLIS);
                s.connect(new InetSocketAddress(host, port), TIMEOUT_MILLIS);
                s.getOutputStream().write(request);
                sockets.add(s);
            } catch (IOException e) {
                failedConnects++;
                closeQuietly(s);
                if (failedConnects == 1) {
                    System.err.println("connection " + i + " failed: " + e);
                }
            }
        }
        int ok = 0;
        int failedResponses = 0;
        byte[] buf = new byte[4096];
        for (Socket s : sockets) {
            try {
                if (readResponse(s.getInputStream(), buf) == 200) {
                    ok++;
                } else {
                    failedResponses++;
                }
            } catch (IOException e) {
                failedResponses++;
                if (failedResponses == 1) {
                    System.err.println("reading a response failed: " + e);
                }
            }
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.println("holding " + sockets.size() + " connections (" + ok + " answered 200, "
                + failedConnects + " failed to connect, " + failedResponses + " bad responses, " + millis + " ms)");
        System.out.flush();
        Thread.sleep(holdSeconds * 1000);
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        return ok == count ? 0 : 1;
    }

    /**
     * Reads one response framed by Content-Length (every bench server sends one) and returns its
     * status code. The responses are tiny, so a head split across reads is handled but rare.
     */
    private static int readResponse(InputStream in, byte[] buf) throws IOException {
        int filled = 0;
        int headEnd = -1;
        while (headEnd < 0) {
            int n = in.read(buf, filled, buf.length - filled);
            if (n < 0) {
                throw new IOException("connection closed before the response head ended");
            }
            filled += n;
            headEnd = indexOfHeadEnd(buf, filled);
            if (headEnd < 0 && filled == buf.length) {
                throw new IOException("response head too large");
            }
        }
        String head = new String(buf, 0, headEnd, StandardCharsets.ISO_8859_1);
        int status = Integer.parseInt(head.substring(9, 12));
        long length = 0;
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                length = Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        long remaining = length - (filled - headEnd);
        while (remaining > 0) {
            int n = in.read(buf, 0, (int) Math.min(buf.length, remaining));
            if (n < 0) {
                throw new IOException("connection closed within the response body");
            }
            remaining -= n;
        }
        return status;
    }

    /** The offset just past CRLFCRLF, or -1. */
    private static int indexOfHeadEnd(byte[] buf, int limit) {
        for (int i = 3; i < limit; i++) {
            if (buf[i] == '\n' && buf[i - 1] == '\r' && buf[i - 2] == '\n' && buf[i - 3] == '\r') {
                return i + 1;
            }
        }
        return -1;
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // Closing a socket we are done with: nothing useful to do about a failure.
        }
    }
}
