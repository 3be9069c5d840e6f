package dev.morello.examples;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One instance of the {@code scaleout} example in a JVM of its own, as an operator runs it
 * ({@code Main scaleout --instance NAME --redis URL}) with the test's class path, on a port of
 * its choosing (port 0), which its {@code Serving on} line tells. {@link #kill} is SIGKILL,
 * {@link #close} SIGTERM; both to its PID only.
 */
final class SiteInstance implements AutoCloseable {
    private static final Pattern SERVING = Pattern.compile("Serving on http://127\\.0\\.0\\.1:(\\d+)");

    private final String name;
    private final Process process;
    private final Path output;
    private int port;

    private SiteInstance(String name, Process process, Path output) {
        this.name = name;
        this.process = process;
        this.output = output;
    }

    /** Starts the JVM; {@link #awaitServing} waits for it to serve. */
    static SiteInstance launch(String name, String redisUrl) throws IOException {
        List<String> command = List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx96m",
                "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "scaleout",
                "--port", "0", "--instance", name, "--redis", redisUrl);
        Path output = Files.createTempFile("scaleout-" + name + "-", ".out");
        // a file, not a pipe: nothing blocks when nobody reads, and what it wrote outlives a kill
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(output.toFile()).start();
        p.getOutputStream().close();
        return new SiteInstance(name, p, output);
    }

    /** Waits for the {@code Serving on} line and returns the port it names. */
    int awaitServing() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Programs.PATIENCE.toNanos();
        while (true) {
            Matcher m = SERVING.matcher(Files.readString(output));
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                return port;
            }
            if (!process.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("instance " + name + " did not start serving:\n" + output());
            }
            Thread.sleep(50);
        }
    }

    String name() {
        return name;
    }

    int port() {
        return port;
    }

    String output() {
        return Programs.read(output);
    }

    /** SIGKILL, as a crash or an OOM killer would end it, and waits until it has ended. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(Programs.PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new IllegalStateException("instance " + name + " (PID " + process.pid() + ") outlived a SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        Programs.stop(process, Duration.ofSeconds(20), List.of());
        try {
            Files.deleteIfExists(output);
        } catch (IOException e) {
            // a temporary file left behind is no failure of the test
        }
    }
}
