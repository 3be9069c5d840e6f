package dev.morello.examples;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * A {@code redis-server} of the test's own, a child process on a free port of 127.0.0.1 that
 * keeps nothing on disk ({@code --save "" --appendonly no}); {@link #close} ends it, by its PID.
 */
final class RedisProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    private RedisProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts one, on another free port if the one found was taken before it could bind it. */
    static RedisProcess start() throws IOException, InterruptedException {
        Path executable = Programs.find("redis-server", "apt-get install redis-server");
        for (int attempt = 1; ; attempt++) {
            int port = Programs.freePort();
            Path log = Files.createTempFile("redis-", ".log");
            Process p = new ProcessBuilder(executable.toString(), "--port", Integer.toString(port), "--bind", "127.0.0.1",
                    "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start();
            p.getOutputStream().close();
            RedisProcess redis = new RedisProcess(p, port, log);
            try {
                if (redis.awaitOurs()) {
                    return redis;
                }
            } catch (IOException | RuntimeException | InterruptedException e) {
                redis.close();
                throw e;
            }
            String output = Programs.read(log);
            redis.close();
            if (attempt == 5) {
                throw new IOException("redis-server found no free port in 5 tries:\n" + output);
            }
        }
    }

    /**
     * Waits until this process answers on the port; false when the port was another's (our
     * server ended, or a server with another process id answers).
     */
    private boolean awaitOurs() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Programs.PATIENCE.toNanos();
        while (true) {
            if (!process.isAlive()) {
                if (Programs.read(log).contains("Address already in use")) {
                    return false;
                }
                throw new IOException("redis-server ended at its start:\n" + Programs.read(log));
            }
            try {
                return command("INFO server").contains("process_id:" + process.pid() + "\r\n");
            } catch (IOException notYet) {
                if (System.nanoTime() > deadline) {
                    throw new IOException("redis-server did not answer within " + Programs.PATIENCE + ":\n"
                            + Programs.read(log), notYet);
                }
                Thread.sleep(20);
            }
        }
    }

    /** Sends an inline command and returns the reply's text (a bulk reply's content). */
    String command(String inline) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 2000);
            s.setSoTimeout(5000);
            s.getOutputStream().write((inline + "\r\n").getBytes(StandardCharsets.UTF_8));
            InputStream in = s.getInputStream();
            String first = line(in);
            if (first.startsWith("-")) {
                throw new IOException("redis-server answered " + first);
            }
            if (!first.startsWith("$")) {
                return first.substring(1);
            }
            int length = Integer.parseInt(first.substring(1));
            return length < 0 ? null : new String(in.readNBytes(length), StandardCharsets.UTF_8);
        }
    }

    private static String line(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("redis-server closed the connection");
            }
            if (c != '\r') {
                b.write(c);
            }
        }
        return b.toString(StandardCharsets.UTF_8);
    }

    String url() {
        return "redis://127.0.0.1:" + port;
    }

    @Override
    public void close() throws InterruptedException {
        Programs.stop(process, Duration.ofSeconds(10), List.of());
        try {
            Files.deleteIfExists(log);
        } catch (IOException e) {
            // a temporary file left behind is no failure of the test
        }
    }
}
