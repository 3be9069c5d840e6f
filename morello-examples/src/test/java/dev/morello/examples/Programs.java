package dev.morello.examples;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** What the process helpers share: finding a program, a free port, bounded waits, stopping by PID. */
final class Programs {
    /** The longest any start or stop may take, on a machine shared with other builds. */
    static final Duration PATIENCE = Duration.ofSeconds(60);

    private Programs() {
    }

    /**
     * The program's path: the first of the {@code PATH}'s directories that has it, else the first
     * of {@code elsewhere} (sbin directories, not on every user's {@code PATH}).
     *
     * @throws IllegalStateException naming what to install: a test that needs it fails, never skips
     */
    static Path find(String name, String install, String... elsewhere) {
        String path = System.getenv("PATH");
        Stream<String> dirs = Stream.concat(path == null ? Stream.empty() : Stream.of(path.split(File.pathSeparator)),
                Stream.of(elsewhere));
        return dirs.map(d -> Path.of(d.isEmpty() ? "." : d, name))
                .filter(p -> Files.isRegularFile(p) && Files.isExecutable(p))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(name + " is not installed: these tests run a real one."
                        + " Install it (Debian: " + install + "); .ci/run does."));
    }

    /**
     * A port of 127.0.0.1 that was free a moment ago. Another process may take it before the
     * program binds it: callers see that the program failed to bind, and try another.
     */
    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            return s.getLocalPort();
        }
    }

    /** Whether something accepts connections on 127.0.0.1:{@code port}. */
    static boolean accepts(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** A file's text, or a note saying why there is none (for failure messages). */
    static String read(Path file) {
        try {
            return Files.exists(file) ? Files.readString(file) : "(no " + file.getFileName() + ")";
        } catch (IOException e) {
            return "(" + file.getFileName() + " unreadable: " + e + ")";
        }
    }

    /**
     * Ends the process: SIGTERM, then SIGKILL if it has not ended within {@code grace}; then
     * SIGKILL to {@code children} (handles taken before, while they were its children) still
     * alive. Returns whether it ended on the SIGTERM.
     */
    static boolean stop(Process process, Duration grace, List<ProcessHandle> children) throws InterruptedException {
        boolean clean = true;
        if (process.isAlive()) {
            process.destroy();
            if (!process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
                clean = false;
                process.destroyForcibly();
                process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
            }
        }
        for (ProcessHandle child : children) {
            if (child.isAlive()) {
                child.destroyForcibly();
                child.onExit().completeOnTimeout(child, PATIENCE.toMillis(), TimeUnit.MILLISECONDS).join();
            }
        }
        return clean;
    }

    /** Deletes a directory this test made, and everything in it. */
    static void delete(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary directory left behind is no failure of the test
        }
    }
}
