package dev.morello;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * {@link RestartSite} in a JVM of its own, as an operator or a process manager runs it: the
 * started process, its output line by line, and what the operating system says of its
 * generations. Every process it starts carries a tag on its command line (a restart repeats the
 * command line), so {@link #close()} finds and kills them all, whatever a test left behind.
 */
final class SiteProcess implements AutoCloseable {
    /** Long enough for a JVM to start on a machine shared with other builds; every wait is bounded by it. */
    static final Duration PATIENCE = Duration.ofSeconds(60);
    private static final Pattern SERVING = Pattern.compile("Serving on http://127\\.0\\.0\\.1:(\\d+)");

    private final Process process;
    private final String tag;
    private final Path outputFile;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition grew = lock.newCondition();
    private final List<String> lines = new ArrayList<>();
    private long lastGrowth = System.nanoTime();
    private volatile boolean closed;

    private SiteProcess(Process process, String tag, Path outputFile) {
        this.process = process;
        this.tag = tag;
        this.outputFile = outputFile;
        Thread.ofPlatform().daemon().name("site-output").start(this::read);
    }

    /** The command that starts the site: a small JVM, the test's class path, the launcher's arguments. */
    static List<String> command(String tag, String... launcherArgs) {
        List<String> command = new ArrayList<>(List.of(
                ProcessHandle.current().info().command().orElse("java"),
                "-Dmorello.test.tag=" + tag,
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"),
                RestartSite.class.getName(),
                "-i", RestartSite.class.getName(),
                "--set", "server.socket_host='127.0.0.1'",
                "--set", "server.socket_port=0"));
        command.addAll(List.of(launcherArgs));
        return command;
    }

    /** Starts the site with stdin a pipe and stdout a file: no terminal, as under a process manager. */
    static SiteProcess launch(String... launcherArgs) throws IOException {
        String tag = UUID.randomUUID().toString();
        return wrap(command(tag, launcherArgs), tag);
    }

    /**
     * Starts {@code command}, which runs the site tagged {@code tag} (through another program,
     * say). The output goes to a file rather than a pipe: a pipe from the started process is
     * closed when it dies, and what a generation writes after a {@code kill -9} of it would be lost.
     */
    static SiteProcess wrap(List<String> command, String tag) throws IOException {
        Path out = Files.createTempFile("morello-site-", ".out");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        return new SiteProcess(p, tag, out);
    }

    Process process() {
        return process;
    }

    String tag() {
        return tag;
    }

    /** Follows the output file, as {@code tail -f} does, until {@link #close()}. */
    private void read() {
        try (InputStream in = Files.newInputStream(outputFile)) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            while (!closed) {
                int n = in.read(buffer);
                if (n < 0) {
                    Thread.sleep(20);
                    continue;
                }
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        String text = line.toString(StandardCharsets.UTF_8).replace("\r", "");
                        line.reset();
                        lock.lock();
                        try {
                            lines.add(text);
                            lastGrowth = System.nanoTime();
                            grew.signalAll();
                        } finally {
                            lock.unlock();
                        }
                    } else {
                        line.write(buffer[i]);
                    }
                }
            }
        } catch (IOException | InterruptedException e) {
            // closed
        }
    }

    /** The output so far, for assertion messages. */
    String output() {
        lock.lock();
        try {
            return String.join("\n", lines);
        } finally {
            lock.unlock();
        }
    }

    /** The index of the first line at or after {@code from} that contains {@code text}; fails after {@link #PATIENCE}. */
    int awaitLine(String text, int from) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        lock.lock();
        try {
            while (true) {
                for (int i = from; i < lines.size(); i++) {
                    if (lines.get(i).contains(text)) {
                        return i;
                    }
                }
                long left = deadline - System.nanoTime();
                // Give up early once the started process is dead and the output has been quiet a while.
                boolean over = !process.isAlive() && System.nanoTime() - lastGrowth > TimeUnit.SECONDS.toNanos(3);
                if (over || left <= 0) {
                    break;
                }
                grew.awaitNanos(Math.min(left, TimeUnit.MILLISECONDS.toNanos(500)));
            }
        } finally {
            lock.unlock();
        }
        return fail("no line with '" + text + "' after line " + from + ":\n" + output());
    }

    /** Index of the line with {@code text}, or -1. */
    int indexOf(String text, int from) {
        lock.lock();
        try {
            for (int i = from; i < lines.size(); i++) {
                if (lines.get(i).contains(text)) {
                    return i;
                }
            }
            return -1;
        } finally {
            lock.unlock();
        }
    }

    /** The line index and port of the {@code n}-th "Serving on" line (1 for the first generation). */
    record Serving(int line, int port) {
    }

    Serving awaitServing(int n) throws InterruptedException {
        int from = 0;
        for (int i = 1; ; i++) {
            int at = awaitLine("Serving on http://127.0.0.1:", from);
            if (i == n) {
                String line;
                lock.lock();
                try {
                    line = lines.get(at);
                } finally {
                    lock.unlock();
                }
                Matcher m = SERVING.matcher(line);
                if (!m.find()) {
                    fail("not a Serving line: " + line);
                }
                return new Serving(at, Integer.parseInt(m.group(1)));
            }
            from = at + 1;
        }
    }

    /** The exit status of the started process; fails when it has not ended within {@link #PATIENCE}. */
    int awaitExit() throws InterruptedException {
        if (!process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS)) {
            fail("the site did not end:\n" + output());
        }
        return process.exitValue();
    }

    // ---- the operating system's view ---------------------------------------------------------

    /** Every live process started with this site's tag: the started one and any generation. */
    List<ProcessHandle> tagged() {
        String marker = "-Dmorello.test.tag=" + tag;
        try (Stream<ProcessHandle> all = ProcessHandle.allProcesses()) {
            return all.filter(h -> h.info().arguments().map(a -> List.of(a).contains(marker)).orElse(false))
                    .filter(h -> !gone(h))
                    .toList();
        }
    }

    /** Waits until no tagged process is alive; fails, naming them, after {@code within}. */
    void awaitNoneTagged(Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        List<ProcessHandle> left = tagged();
        while (!left.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(100);
            left = tagged();
        }
        if (!left.isEmpty()) {
            fail("still running: " + left.stream().map(ProcessHandle::pid).toList() + "\n" + output());
        }
    }

    /**
     * Whether a process has ended. A zombie counts as ended: an orphan is reaped by PID 1, which
     * in a container may take its time, and {@link ProcessHandle#isAlive()} says yes till then.
     */
    static boolean gone(ProcessHandle h) {
        if (!h.isAlive()) {
            return true;
        }
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(h.pid()), "stat"));
            // pid (comm) state ...: comm may hold spaces and parentheses, the state follows the last ')'
            String rest = stat.substring(stat.lastIndexOf(')') + 1).trim();
            return rest.startsWith("Z") || rest.startsWith("X");
        } catch (IOException | RuntimeException e) {
            return !h.isAlive();
        }
    }

    /** Waits until the process has ended; fails after {@code within}. */
    void awaitGone(ProcessHandle h, Duration within) throws InterruptedException {
        long deadline = System.nanoTime() + within.toNanos();
        while (!gone(h)) {
            if (System.nanoTime() > deadline) {
                fail("process " + h.pid() + " still runs\n" + output());
            }
            Thread.sleep(50);
        }
    }

    /**
     * The PIDs, among this site's processes, holding a socket that listens on {@code port}, from
     * Linux's {@code /proc}: the listening sockets' inodes in {@code /proc/net/tcp*}, then each
     * process's file descriptors that link to one of them.
     */
    Set<Long> listeners(int port) throws IOException {
        Set<String> inodes = new HashSet<>();
        String portHex = String.format(Locale.ROOT, ":%04X", port);
        for (String table : List.of("/proc/net/tcp", "/proc/net/tcp6")) {
            Path p = Path.of(table);
            if (!Files.exists(p)) {
                continue;
            }
            for (String row : Files.readAllLines(p)) {
                String[] f = row.trim().split("\\s+");
                // sl local_address rem_address st ... inode: LISTEN is state 0A
                if (f.length > 9 && f[1].endsWith(portHex) && f[3].equals("0A")) {
                    inodes.add("socket:[" + f[9] + "]");
                }
            }
        }
        Set<Long> pids = new HashSet<>();
        for (ProcessHandle h : tagged()) {
            Path fds = Path.of("/proc", Long.toString(h.pid()), "fd");
            try (Stream<Path> list = Files.list(fds)) {
                for (Path fd : list.toList()) {
                    try {
                        if (inodes.contains(Files.readSymbolicLink(fd).toString())) {
                            pids.add(h.pid());
                        }
                    } catch (IOException closedMeanwhile) {
                        // the descriptor went away while we looked
                    }
                }
            } catch (IOException gone) {
                // the process ended while we looked
            }
        }
        return pids;
    }

    static boolean procAvailable() {
        return Files.isDirectory(Path.of("/proc/self/fd")) && Files.exists(Path.of("/proc/net/tcp"));
    }

    /** Sends a signal by name ({@code HUP}, {@code INT}) with the system's {@code kill}. */
    static void signal(long pid, String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(pid)).redirectErrorStream(true).start();
        if (!kill.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS) || kill.exitValue() != 0) {
            fail("kill -" + name + " " + pid + " failed: " + new String(kill.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    /** The body of {@code GET path} on 127.0.0.1:{@code port}, over a fresh connection. */
    static String get(int port, String path) throws IOException {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            int body = response.indexOf("\r\n\r\n");
            return body < 0 ? response : response.substring(body + 4);
        }
    }

    /** Whether this test process can bind the port now (nobody listens on it). */
    static boolean portFree(int port) {
        try (ServerSocket s = new ServerSocket()) {
            s.setReuseAddress(true);
            s.bind(new InetSocketAddress("127.0.0.1", port));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** Kills every process of this site still alive, the started one last. */
    @Override
    public void close() {
        for (ProcessHandle h : tagged()) {
            h.destroyForcibly();
        }
        process.destroyForcibly();
        try {
            process.waitFor(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closed = true;
        try {
            Files.deleteIfExists(outputFile);
        } catch (IOException e) {
            // a temporary file; the system cleans up after us
        }
    }
}
