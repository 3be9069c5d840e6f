package dev.morello.redis.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real {@code redis-server} for a test, run as a child process on a free port of 127.0.0.1,
 * keeping nothing on disk; {@link #close} ends that process, and only it.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.start()) {
 *     String url = redis.url();                 // redis://127.0.0.1:PORT
 *     redis.command("FLUSHALL");
 * }
 * }</pre>
 *
 * <p>Without {@code redis-server} on the {@code PATH} it throws, saying what to install: the
 * tests that need it fail rather than skip, so that a machine without it cannot pass them.
 */
public final class RedisServer implements AutoCloseable {
    private static final long START_MILLIS = 10_000;

    private final Process process;
    private final int port;
    private final Path log;

    private RedisServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts one on a free port, trying another port if the one found was taken meanwhile. */
    public static RedisServer start() throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                return start(freePort());
            } catch (PortTaken e) {
                last = e;
            }
        }
        throw new IOException("redis-server found no free port in 5 tries", last);
    }

    /** Starts one on this port (a restart on the port of one stopped). */
    public static RedisServer start(int port) throws IOException, InterruptedException {
        String executable = executable();
        Path log = Files.createTempFile("redis-server-", ".log");
        Process p = new ProcessBuilder(executable,
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--daemonize", "no",
                "--logfile", "")
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        p.getOutputStream().close();
        RedisServer server = new RedisServer(p, port, log);
        try {
            server.awaitReady();
            return server;
        } catch (IOException | InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * Waits until the server answers, and checks that the one answering is ours: another process
     * may have taken the port between {@link #freePort} and the start.
     */
    private void awaitReady() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(START_MILLIS);
        while (true) {
            if (!process.isAlive()) {
                String output = output();
                if (output.contains("Address already in use")) {
                    throw new PortTaken(port);
                }
                throw new IOException("redis-server on port " + port + " ended at its start:\n" + output);
            }
            try {
                String info = command("INFO", "server");
                if (info.contains("process_id:" + process.pid() + "\r\n")) {
                    return;
                }
                throw new PortTaken(port);
            } catch (PortTaken e) {
                throw e;
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("redis-server on port " + port + " did not answer within "
                            + START_MILLIS + " ms:\n" + output(), notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    private static String executable() {
        String path = System.getenv("PATH");
        if (path != null) {
            for (String dir : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir.isEmpty() ? "." : dir, "redis-server");
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return candidate.toString();
                }
            }
        }
        throw new IllegalStateException("redis-server is not installed (not on the PATH): the Redis session"
                + " store's tests run against a real one. Install it (Debian: apt-get install redis-server);"
                + " .ci/run does.");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    public int port() {
        return port;
    }

    /** The URL a store connects with. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /**
     * Sends one command on a connection of its own and returns the answer as text: a status or
     * an integer as it is, a bulk string's content, an array's items one per line, {@code null}
     * for a null. An error answer throws.
     */
    public String command(String... words) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            s.setSoTimeout(5000);
            OutputStream out = s.getOutputStream();
            ByteArrayOutputStream request = new ByteArrayOutputStream();
            request.writeBytes(("*" + words.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            for (String w : words) {
                byte[] b = w.getBytes(StandardCharsets.UTF_8);
                request.writeBytes(("$" + b.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
                request.writeBytes(b);
                request.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            out.write(request.toByteArray());
            out.flush();
            return reply(s.getInputStream());
        }
    }

    private static String reply(InputStream in) throws IOException {
        String line = line(in);
        char type = line.charAt(0);
        String rest = line.substring(1);
        switch (type) {
            case '+', ':' -> {
                return rest;
            }
            case '-' -> throw new IOException("redis-server answered: " + rest);
            case '$' -> {
                int length = Integer.parseInt(rest);
                if (length < 0) {
                    return null;
                }
                byte[] body = in.readNBytes(length + 2);
                return new String(body, 0, length, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(rest);
                List<String> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(reply(in));
                }
                return String.join("\n", items);
            }
            default -> throw new IOException("an answer this helper does not read: " + line);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException("redis-server closed the connection");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.UTF_8);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    /** What the server printed. */
    public String output() {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(its output could not be read: " + e + ")";
        }
    }

    /** Ends the server's process (by its own handle, nothing else) and waits for it. */
    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(10, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind is no failure of the test
        }
    }

    /** The port was taken by another process before the server could bind it. */
    private static final class PortTaken extends IOException {
        private static final long serialVersionUID = 1L;

        PortTaken(int port) {
            super("port " + port + " was taken by another process");
        }
    }

    /**
     * One Redis for a test class, started before its first test and stopped after its last:
     *
     * <pre>{@code
     * @RegisterExtension
     * static final RedisServer.PerClass REDIS = new RedisServer.PerClass();
     * ... REDIS.server().url() ...
     * }</pre>
     */
    public static final class PerClass implements org.junit.jupiter.api.extension.BeforeAllCallback,
            org.junit.jupiter.api.extension.AfterAllCallback {
        private RedisServer server;

        /** The running Redis (between the class's first and last test). */
        public RedisServer server() {
            if (server == null) {
                throw new IllegalStateException("the Redis runs only while the test class does");
            }
            return server;
        }

        @Override
        public void beforeAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            server = RedisServer.start();
        }

        @Override
        public void afterAll(org.junit.jupiter.api.extension.ExtensionContext context) throws Exception {
            if (server != null) {
                server.close();
                server = null;
            }
        }
    }
}
