package dev.morello.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * With no SLF4J provider on the class path (a project that depends on {@code dev.morello:morello}
 * alone), Morello writes CherryPy's screen log itself: the engine's lines and the tracebacks on
 * standard error, the access lines on standard output, each stamped with the local time; and
 * nothing at all with {@code log.screen = False}, as in the {@code production} preset. Each test
 * runs a real program in its own JVM and reads what a terminal would show.
 */
class ConsoleOutputTest {
    private static final List<String> START_UP = List.of(
            "[TIME] ENGINE Listening for SIGTERM.",
            "[TIME] ENGINE Listening for SIGHUP.",
            "[TIME] ENGINE Listening for SIGINT.",
            "[TIME] ENGINE Listening for SIGUSR1.",
            "[TIME] ENGINE Bus STARTING",
            "[TIME] ENGINE Serving on http://127.0.0.1:PORT",
            "[TIME] ENGINE Bus STARTED");
    private static final List<String> SHUT_DOWN = List.of(
            "[TIME] ENGINE Caught signal SIGTERM.",
            "[TIME] ENGINE Bus STOPPING",
            "[TIME] ENGINE HTTP Server http://127.0.0.1:PORT shut down",
            "[TIME] ENGINE Bus STOPPED",
            "[TIME] ENGINE Bus EXITING",
            "[TIME] ENGINE Bus EXITED",
            "[TIME] ENGINE Waiting for child threads to terminate...");

    @TempDir
    Path dir;

    @Test
    void morellodShowsItsEngineLinesTracebacksAndAccessLines() throws Exception {
        try (Child site = Child.morellod("-i", Pages.class.getName(),
                "--set", "server.socket_host=127.0.0.1", "--set", "server.socket_port=0")) {
            int port = site.servingPort();
            assertEquals(200, Child.get(port, "/"));
            site.awaitOut("\"GET / HTTP/1\\.1\" 200");
            assertEquals(500, Child.get(port, "/boom"));
            site.awaitOut("\"GET /boom HTTP/1\\.1\" 500");
            site.awaitErr("Request Headers:");
            site.signal("TERM");
            site.exitCode();

            List<String> err = Child.normalized(site.err(), port);
            List<String> expected = new java.util.ArrayList<>(START_UP);
            expected.addAll(List.of(
                    "[TIME] HTTP Error at stage 'handler' of GET /boom HTTP/1.1",
                    "java.lang.IllegalStateException: kaboom",
                    "[TIME] HTTP Request Headers:",
                    "  Host: 127.0.0.1:PORT",
                    "  User-Agent: morello-test",
                    "  Connection: close"));
            expected.addAll(SHUT_DOWN);
            assertEquals(Child.exitInAnyOrder(expected), Child.exitInAnyOrder(Child.withoutFrames(err)), site.err());
            assertTrue(err.stream().anyMatch(l -> l.startsWith("\tat dev.morello.logs.Pages.boom(")), site.err());
            assertFalse(site.err().contains("SLF4J"), "no word from SLF4J about its missing provider");

            assertEquals(List.of(
                    "127.0.0.1 - - [TIME] \"GET / HTTP/1.1\" 200 5 \"\" \"morello-test\"",
                    "127.0.0.1 - - [TIME] \"GET /boom HTTP/1.1\" 500 N \"\" \"morello-test\""),
                    sized(Child.normalized(site.out(), port)));
        }
    }

    @Test
    void quickstartShowsTheSameLines() throws Exception {
        try (Child site = Child.quickstart()) {
            int port = site.servingPort();
            assertEquals(200, Child.get(port, "/"));
            site.awaitOut("\"GET / HTTP/1\\.1\" 200");
            site.signal("TERM");
            site.exitCode();
            List<String> expected = new java.util.ArrayList<>(START_UP);
            expected.addAll(SHUT_DOWN);
            assertEquals(Child.exitInAnyOrder(expected), Child.exitInAnyOrder(Child.normalized(site.err(), port)), site.err());
            assertEquals(List.of("127.0.0.1 - - [TIME] \"GET / HTTP/1.1\" 200 5 \"\" \"morello-test\""),
                    Child.normalized(site.out(), port));
        }
    }

    @Test
    void theTimeIsLocalWithEnglishMonthNamesWhateverTheLocale() throws Exception {
        try (Child site = Child.quickstart()) {
            String stamp = site.awaitErr("^\\[([^]]+)\\] ENGINE Bus STARTING").group(1);
            LocalDateTime logged = LocalDateTime.parse(stamp, DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss", Locale.ROOT));
            // the child runs in Pacific/Kiritimati (UTC+14), far from any machine's zone
            LocalDateTime there = LocalDateTime.now(ZoneId.of("Pacific/Kiritimati"));
            assertTrue(Duration.between(logged, there).abs().compareTo(Duration.ofMinutes(2)) < 0,
                    stamp + " is not the local time of the child, " + there);
        }
    }

    @Test
    void logScreenFalseSilencesTheConsole() throws Exception {
        Path errors = dir.resolve("error.log");
        try (Child site = Child.quickstart("log.screen=False", "log.error_file=" + errors)) {
            int port = servingPort(errors);
            assertEquals(200, Child.get(port, "/"));
            assertEquals(500, Child.get(port, "/boom"));
            site.signal("TERM");
            site.exitCode();
            assertEquals("", site.err());
            assertEquals("", site.out());
        }
    }

    @Test
    void productionIsSilentOnScreenAndItsFilesGetEveryLine() throws Exception {
        Path errors = dir.resolve("logs/error.log");
        Path access = dir.resolve("logs/access.log");
        try (Child site = Child.morellod("-i", Pages.class.getName(), "-e", "production",
                "--set", "server.socket_host=127.0.0.1", "--set", "server.socket_port=0",
                "--set", "log.error_file=" + errors, "--set", "log.access_file=" + access)) {
            int port = servingPort(errors);
            assertEquals(200, Child.get(port, "/"));
            assertEquals(500, Child.get(port, "/boom"));
            site.signal("TERM");
            site.exitCode();
            assertEquals("", site.err());
            assertEquals("", site.out());

            List<String> expected = new java.util.ArrayList<>(START_UP);
            // production logs the traceback, not the request's headers (tools.log_headers is off)
            expected.addAll(List.of(
                    "[TIME] HTTP Error at stage 'handler' of GET /boom HTTP/1.1",
                    "java.lang.IllegalStateException: kaboom"));
            expected.addAll(SHUT_DOWN);
            assertEquals(Child.exitInAnyOrder(expected),
                    Child.exitInAnyOrder(Child.withoutFrames(Child.normalized(Files.readString(errors), port))));
            assertEquals(List.of(
                    "127.0.0.1 - - [TIME] \"GET / HTTP/1.1\" 200 5 \"\" \"morello-test\"",
                    "127.0.0.1 - - [TIME] \"GET /boom HTTP/1.1\" 500 N \"\" \"morello-test\""),
                    sized(Child.normalized(Files.readString(access), port)));
        }
    }

    /** The error page's size made {@code N}: its wording is not this test's concern. */
    static List<String> sized(List<String> lines) {
        return lines.stream().map(l -> l.replaceAll("\" 500 \\d+ ", "\" 500 N ")).toList();
    }

    /** The port, from the error file's {@code Serving on} line, when the screen is silent. */
    static int servingPort(Path errors) throws Exception {
        java.util.regex.Pattern serving = java.util.regex.Pattern.compile("ENGINE Serving on http://127\\.0\\.0\\.1:(\\d+)");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            if (Files.exists(errors)) {
                java.util.regex.Matcher m = serving.matcher(Files.readString(errors));
                if (m.find()) {
                    return Integer.parseInt(m.group(1));
                }
            }
            Thread.sleep(20);
        }
        throw new AssertionError("no Serving on line in " + errors);
    }
}
