package dev.morello.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.testing.Site;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Log files work with logrotate both ways it rotates. Rename, then {@code graceful} (SIGUSR1, or
 * {@code Morello.engine().graceful()}): the lines go on into the renamed file until the reopen,
 * then into a new file, and none is lost or doubled even while requests keep coming. And
 * {@code copytruncate}: the files are written in append mode, so after the truncation the next
 * line starts at offset 0, not after a hole of NULs as long as the old content.
 */
class LogRotationTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Morello.reset();
    }

    /** Waits until a file has at least this many lines, and gives them. */
    static List<String> awaitLines(Path file, int count) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        List<String> lines = List.of();
        while (System.nanoTime() < deadline) {
            lines = Files.exists(file) ? Files.readAllLines(file) : List.of();
            if (lines.size() >= count) {
                return lines;
            }
            Thread.sleep(10);
        }
        throw new AssertionError(file + " has " + lines.size() + " lines, not " + count + ": " + lines);
    }

    private static List<String> lines(Path file) throws IOException {
        return Files.exists(file) ? Files.readAllLines(file) : List.of();
    }

    @Test
    void renamedFilesAreReopenedOnGracefulAndNoLineIsLostOnTheWay() throws Exception {
        Path access = dir.resolve("access.log");
        Path errors = dir.resolve("error.log");
        Site.start(() -> {
            Morello.config().update(Map.of("log.access_file", access.toString(), "log.error_file", errors.toString(),
                    "log.access_log_format", "{r} {s}", "log.screen", false));
            Morello.tree().mount(new Pages());
        });
        AtomicInteger sent = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        // two clients, requesting all through the rotation
        List<Thread> clients = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
            clients.add(Thread.ofPlatform().start(() -> {
                try {
                    while (!stop.get()) {
                        int n = sent.getAndIncrement();
                        assertEquals(200, Site.get("/page?n=" + n).status());
                    }
                } catch (Throwable t) {
                    failures.add(t);
                }
            }));
        }
        awaitLines(access, 20);
        Files.move(access, dir.resolve("access.log.1"));
        Files.move(errors, dir.resolve("error.log.1"));
        int movedAt = sent.get();
        while (sent.get() < movedAt + 20) {
            Thread.sleep(5);
        }
        Morello.engine().graceful();
        int reopenedAt = sent.get();
        while (sent.get() < reopenedAt + 20) {
            Thread.sleep(5);
        }
        stop.set(true);
        for (Thread t : clients) {
            t.join();
        }
        assertEquals(List.of(), failures);
        int total = sent.get();

        // every request has one line, in one of the two files
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (lines(dir.resolve("access.log.1")).size() + lines(access).size() < total && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        List<String> all = new ArrayList<>(lines(dir.resolve("access.log.1")));
        all.addAll(lines(access));
        Set<String> expected = new HashSet<>();
        for (int n = 0; n < total; n++) {
            expected.add("GET /page?n=" + n + " HTTP/1.1 200");
        }
        assertEquals(total, all.size(), "one line per request, none doubled");
        assertEquals(expected, new HashSet<>(all));
        // a request sent after graceful() returned is in the new file
        List<String> reopened = lines(access);
        for (int n = reopenedAt; n < total; n++) {
            assertTrue(reopened.contains("GET /page?n=" + n + " HTTP/1.1 200"), n + " not in the new file");
        }
        assertTrue(lines(dir.resolve("access.log.1")).size() >= 20);

        // the engine's lines: the reopen is said in the new error file
        assertTrue(lines(dir.resolve("error.log.1")).stream().anyMatch(l -> l.endsWith("ENGINE Bus graceful")));
        assertTrue(lines(errors).stream().anyMatch(l -> l.endsWith("ENGINE Reopened " + access + " and " + errors)),
                String.join("\n", lines(errors)));
        assertEquals(500, Site.get("/boom").status());
        assertTrue(lines(errors).stream().anyMatch(l -> l.endsWith("HTTP Error at stage 'handler' of GET /boom HTTP/1.1")));
    }

    @Test
    void copytruncateLeavesNoHoleOfNuls() throws Exception {
        Path access = dir.resolve("access.log");
        Site.start(() -> {
            Morello.config().update(Map.of("log.access_file", access.toString(), "log.access_log_format", "{r} {s}",
                    "log.screen", false));
            Morello.tree().mount(new Pages());
        });
        for (int n = 0; n < 50; n++) {
            Site.get("/page?n=" + n);
        }
        awaitLines(access, 50);
        // what logrotate's copytruncate does: copy, then truncate the file in place
        Files.copy(access, dir.resolve("access.log.1"));
        try (FileChannel f = FileChannel.open(access, StandardOpenOption.WRITE)) {
            f.truncate(0);
        }
        Site.get("/page?n=after1");
        Site.get("/page?n=after2");
        awaitLines(access, 2);
        byte[] bytes = Files.readAllBytes(access);
        for (byte b : bytes) {
            assertFalse(b == 0, "a NUL in the truncated file: it was written at the old offset");
        }
        assertEquals(Set.of("GET /page?n=after1 HTTP/1.1 200", "GET /page?n=after2 HTTP/1.1 200"), new HashSet<>(lines(access)));
        assertEquals(50, lines(dir.resolve("access.log.1")).size());
    }

    @Test
    void usr1ReopensTheFilesOfARunningSite() throws Exception {
        Path access = dir.resolve("access.log");
        Path errors = dir.resolve("error.log");
        Path pid = dir.resolve("site.pid");
        try (Child site = Child.morellod("-i", Pages.class.getName(), "-p", pid.toString(),
                "--set", "server.socket_host=127.0.0.1", "--set", "server.socket_port=0",
                "--set", "log.access_file=" + access, "--set", "log.error_file=" + errors,
                "--set", "log.access_log_format='{r} {s}'")) {
            int port = site.servingPort();
            assertEquals(200, Child.get(port, "/page?n=before"));
            awaitLines(access, 1);
            // logrotate's create mode: rename, then the postrotate script signals the process
            Files.move(access, dir.resolve("access.log.1"));
            Files.move(errors, dir.resolve("error.log.1"));
            assertEquals(200, Child.get(port, "/page?n=between"));
            awaitLines(dir.resolve("access.log.1"), 2);
            site.signal("USR1");
            site.awaitErr("ENGINE Reopened ");
            assertEquals(200, Child.get(port, "/page?n=after"));
            assertEquals(List.of("GET /page?n=after HTTP/1.1 200"), awaitLines(access, 1));
            assertEquals(List.of("GET /page?n=before HTTP/1.1 200", "GET /page?n=between HTTP/1.1 200"),
                    lines(dir.resolve("access.log.1")));
            assertTrue(lines(errors).stream().anyMatch(l -> l.endsWith("ENGINE Reopened " + access + " and " + errors)),
                    lines(errors).toString());
            assertTrue(lines(dir.resolve("error.log.1")).stream().anyMatch(l -> l.endsWith("ENGINE Caught signal SIGUSR1.")));
            site.signal("TERM");
            site.exitCode();
            assertTrue(lines(errors).stream().anyMatch(l -> l.endsWith("ENGINE Bus EXITED")));
        }
    }
}
