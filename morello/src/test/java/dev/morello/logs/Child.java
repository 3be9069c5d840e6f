package dev.morello.logs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Reader;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A Morello program in its own JVM, on this module's test class path (which has no SLF4J
 * provider, as a project depending on {@code dev.morello:morello} alone), with its standard
 * output and error read apart, as a terminal shows them.
 */
final class Child implements AutoCloseable {
    /** CherryPy's log time, {@code [07/Dec/2026:04:07:25]}. */
    static final String TIME = "\\[\\d{2}/(Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)/\\d{4}:\\d{2}:\\d{2}:\\d{2}\\]";

    private final Process process;
    private final Output out;
    private final Output err;

    private Child(List<String> command) throws IOException {
        process = new ProcessBuilder(command).start();
        process.getOutputStream().close();
        out = new Output(process.getInputStream());
        err = new Output(process.getErrorStream());
    }

    /**
     * The launcher with these arguments, and the checker off: its warnings (the site's empty
     * config) are lines of their own, not these tests' concern.
     */
    static Child morellod(String... args) throws IOException {
        List<String> all = new ArrayList<>(List.of(args));
        all.addAll(List.of("--set", "checker.on=False"));
        return java(List.of(), "dev.morello.Morellod", all.toArray(String[]::new));
    }

    /** {@link QuickSite}: {@code quickstart} with these {@code key=value} settings. */
    static Child quickstart(String... settings) throws IOException {
        return java(List.of(), QuickSite.class.getName(), settings);
    }

    static Child java(List<String> jvmOptions, String mainClass, String... args) throws IOException {
        assertTrue(ServiceLoader.load(SLF4JServiceProvider.class).stream().findAny().isEmpty(),
                "these tests need a class path without an SLF4J provider");
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        // a zone far from UTC and a language whose month names are not English: the log time is
        // local, and its month names are CherryPy's whatever the locale
        command.add("-Duser.timezone=Pacific/Kiritimati");
        command.add("-Duser.language=de");
        command.add("-Duser.country=DE");
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass);
        command.addAll(List.of(args));
        return new Child(command);
    }

    long pid() {
        return process.pid();
    }

    /** Waits for a line of standard error matching the pattern, and gives its match. */
    Matcher awaitErr(String regex) throws InterruptedException {
        return err.await(Pattern.compile(regex), this);
    }

    /** Waits for a line of standard output matching the pattern, and gives its match. */
    Matcher awaitOut(String regex) throws InterruptedException {
        return out.await(Pattern.compile(regex), this);
    }

    /** The port of {@code ENGINE Serving on http://127.0.0.1:PORT}, once it is said. */
    int servingPort() throws InterruptedException {
        return Integer.parseInt(awaitErr("ENGINE Serving on http://127\\.0\\.0\\.1:(\\d+)$").group(1));
    }

    /**
     * Sends a signal by name ({@code "USR1"}, {@code "TERM"}) to the child, as an operator's
     * {@code kill} does. Not {@code Process.destroy()} for TERM: it closes the pipes at once, and
     * the lines the child writes while it stops would be lost.
     */
    void signal(String name) throws IOException, InterruptedException {
        Process kill = new ProcessBuilder("kill", "-" + name, Long.toString(process.pid())).inheritIO().start();
        assertTrue(kill.waitFor(10, TimeUnit.SECONDS) && kill.exitValue() == 0, "kill -" + name + " failed");
    }

    /** Waits for the child to end and gives its exit code. */
    int exitCode() throws InterruptedException {
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            fail("the child did not end\nstdout:\n" + out() + "\nstderr:\n" + err());
        }
        out.join();
        err.join();
        return process.exitValue();
    }

    String out() {
        return out.text();
    }

    String err() {
        return err.text();
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }

    /** A raw request with {@code Connection: close}; gives the status. */
    static int get(int port, String target) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port)) {
            s.setSoTimeout(10_000);
            OutputStream o = s.getOutputStream();
            o.write(("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port
                    + "\r\nUser-Agent: morello-test\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            o.flush();
            String response = new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            return Integer.parseInt(response.substring(9, 12));
        }
    }

    /** The lines of a text with the times and one port made into {@code [TIME]} and {@code PORT}. */
    static List<String> normalized(String text, int port) {
        String t = text.replaceAll(TIME, "[TIME]");
        if (port > 0) {
            t = t.replace(":" + port, ":PORT").replace("port " + port + " ", "port PORT ");
        }
        return t.lines().toList();
    }

    /**
     * The lines with the last three in a fixed order when they are the exit's: the bus logs
     * {@code Bus EXITING} and {@code Bus EXITED} on the thread that exits it, while the main
     * thread, woken by EXITING, logs {@code Waiting for child threads to terminate...}; the two
     * interleave as they may.
     */
    static List<String> exitInAnyOrder(List<String> lines) {
        int n = lines.size();
        if (n < 3) {
            return lines;
        }
        List<String> tail = new ArrayList<>(lines.subList(n - 3, n));
        if (!tail.stream().allMatch(l -> l.endsWith("ENGINE Bus EXITING") || l.endsWith("ENGINE Bus EXITED")
                || l.endsWith("ENGINE Waiting for child threads to terminate..."))) {
            return lines;
        }
        tail.sort(null);
        List<String> out = new ArrayList<>(lines.subList(0, n - 3));
        out.addAll(tail);
        return out;
    }

    /** The lines without the stack frames ({@code \tat ...}, {@code \t... 3 more}). */
    static List<String> withoutFrames(List<String> lines) {
        return lines.stream().filter(l -> !l.startsWith("\tat ") && !l.startsWith("\t... ")).toList();
    }

    /** One stream, read as it comes, so the child never blocks on a full pipe. */
    private static final class Output {
        private final StringBuffer text = new StringBuffer();
        private final Thread reader;

        Output(InputStream in) {
            reader = Thread.ofPlatform().daemon().start(() -> {
                char[] buffer = new char[4096];
                try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                    int n;
                    while ((n = r.read(buffer)) >= 0) {
                        text.append(buffer, 0, n);
                    }
                } catch (IOException e) {
                    // the child ended
                }
            });
        }

        Matcher await(Pattern pattern, Child child) throws InterruptedException {
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (String line : text.toString().split("\n")) {
                    Matcher m = pattern.matcher(line);
                    if (m.find()) {
                        return m;
                    }
                }
                if (!child.process.isAlive() && !reader.isAlive()) {
                    break;
                }
                Thread.sleep(20);
            }
            fail("no line matching " + pattern + "\nstdout:\n" + child.out() + "\nstderr:\n" + child.err());
            return null;
        }

        void join() throws InterruptedException {
            reader.join(10_000);
        }

        String text() {
            return text.toString();
        }
    }
}
