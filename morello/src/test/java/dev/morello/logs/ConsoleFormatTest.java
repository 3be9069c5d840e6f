package dev.morello.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Morello;
import dev.morello.testing.Site;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The console lines, exactly, with the site clock pinned: CherryPy's {@code [dd/Mon/yyyy:HH:mm:ss]}
 * in the clock's zone, the context ({@code ENGINE}, {@code HTTP}), the message; the traceback
 * under its line; access lines in CherryPy's format on standard output. This module's test class
 * path has no SLF4J provider, so the console is what a site without one writes to.
 */
class ConsoleFormatTest {
    /** 04:07:25 on 7 December in India is still 6 December in UTC: the time is the zone's. */
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-06T22:37:25Z"), ZoneId.of("Asia/Kolkata"));
    private static final String T = "[07/Dec/2026:04:07:25]";

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private PrintStream realErr;
    private PrintStream realOut;

    @BeforeEach
    void capture() {
        realErr = System.err;
        realOut = System.out;
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
    }

    @AfterEach
    void restore() {
        Morello.reset();
        System.setErr(realErr);
        System.setOut(realOut);
    }

    private List<String> err() {
        return Child.withoutFrames(err.toString(StandardCharsets.UTF_8).replace(":" + Site.port(), ":PORT").lines().toList());
    }

    private List<String> out() {
        return out.toString(StandardCharsets.UTF_8).lines().map(l -> l.replaceAll("\" 500 \\d+ ", "\" 500 N ")).toList();
    }

    private void awaitOutLines(int count) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (out().size() < count && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }

    @Test
    void engineLinesTracebacksAndAccessLinesInCherryPysFormat() throws Exception {
        Site.start(() -> {
            Morello.clock(CLOCK);
            Morello.config().update(Map.of("checker.on", false));
            Morello.tree().mount(new Pages());
        });
        assertEquals(200, Site.get("/").status());
        assertEquals(500, Site.get("/boom").status());
        awaitOutLines(2);
        List<String> access = out();
        int port = Site.port();
        Morello.engine().stop();

        assertEquals(List.of(
                T + " ENGINE Bus STARTING",
                T + " ENGINE Serving on http://127.0.0.1:PORT",
                T + " ENGINE Bus STARTED",
                T + " HTTP Error at stage 'handler' of GET /boom HTTP/1.1",
                "java.lang.IllegalStateException: kaboom",
                T + " HTTP Request Headers:",
                "  Host: 127.0.0.1:PORT",
                "  Connection: close",
                T + " ENGINE Bus STOPPING",
                T + " ENGINE HTTP Server http://127.0.0.1:PORT shut down",
                T + " ENGINE Bus STOPPED"),
                Child.withoutFrames(err.toString(StandardCharsets.UTF_8).replace(":" + port, ":PORT").lines().toList()));
        assertEquals(List.of(
                "127.0.0.1 - - " + T + " \"GET / HTTP/1.1\" 200 5 \"\" \"\"",
                "127.0.0.1 - - " + T + " \"GET /boom HTTP/1.1\" 500 N \"\" \"\""), access);
    }

    @Test
    void logScreenFalseWritesNothing() throws Exception {
        Site.start(() -> {
            Morello.config().update(Map.of("log.screen", false));
            Morello.tree().mount(new Pages());
        });
        assertEquals(200, Site.get("/").status());
        assertEquals(500, Site.get("/boom").status());
        Thread.sleep(100);
        Morello.engine().stop();
        assertEquals(List.of(), err());
        assertEquals(List.of(), out());
    }

    @Test
    void anApplicationsLogScreenSilencesItsOwnLinesOnly() throws Exception {
        Site.start(() -> {
            Morello.clock(CLOCK);
            Morello.config().update(Map.of("checker.on", false));
            Morello.tree().mount(new Pages());
            Morello.tree().mount(new Pages(), "/quiet", Map.of("/", Map.of("log.screen", false)));
        });
        assertEquals(200, Site.get("/quiet/").status());
        assertEquals(500, Site.get("/quiet/boom").status());
        assertEquals(200, Site.get("/").status());
        awaitOutLines(1);
        Thread.sleep(100);
        assertEquals(List.of("127.0.0.1 - - " + T + " \"GET / HTTP/1.1\" 200 5 \"\" \"\""), out());
        assertEquals(List.of(T + " ENGINE Bus STARTING", T + " ENGINE Serving on http://127.0.0.1:PORT",
                T + " ENGINE Bus STARTED"), err());
    }
}
