package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.morello.SiteProcess.Serving;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restarts as a process manager sees them, with real processes and signals: the PID that was
 * started keeps receiving the signals and takes the whole site down with it, a restart never
 * serves two generations at once nor moves the site to another port, and no generation outlives
 * the started process, not even a {@code kill -9} of it. Each test starts the site (port 0, no
 * terminal) in a JVM of its own through the launcher.
 */
class RestartTest {
    /** How long a generation may outlive a supervisor killed with -9: its watch, then its stop. */
    private static final Duration ORPHAN_BOUND = Duration.ofSeconds(20);

    @TempDir
    Path dir;

    @BeforeAll
    static void onLinux() {
        // /proc tells which process listens on a port; kill sends the signals
        assumeTrue(SiteProcess.procAvailable(), "needs Linux's /proc");
    }

    /** The one live generation besides the started process. */
    private static ProcessHandle generation(SiteProcess site) {
        List<ProcessHandle> others = site.tagged().stream().filter(h -> h.pid() != site.process().pid()).toList();
        assertEquals(1, others.size(), "one generation besides the started process: " + others + "\n" + site.output());
        ProcessHandle g = others.get(0);
        assertEquals(site.process().pid(), g.parent().map(ProcessHandle::pid).orElse(-1L), "the started process runs it");
        return g;
    }

    private static long pidIn(Path pidFile) throws Exception {
        return Long.parseLong(Files.readString(pidFile).strip());
    }

    @Test
    void hupRestartsTheSiteOnItsPortAndTermTakesEverythingDown() throws Exception {
        Path pidFile = dir.resolve("site.pid");
        try (SiteProcess site = SiteProcess.launch("-p", pidFile.toString())) {
            long started = site.process().pid();
            Serving first = site.awaitServing(1);
            int port = first.port();
            assertEquals("generation " + started, SiteProcess.get(port, "/"));
            assertEquals(started, pidIn(pidFile));

            // HUP with no terminal: the started JVM stops its site and supervises the next generation
            SiteProcess.signal(started, "HUP");
            Serving second = site.awaitServing(2);
            assertEquals(port, second.port(), "a restart does not move the site");
            int released = site.awaitLine("HTTP Server http://127.0.0.1:" + port + " shut down", first.line());
            assertTrue(released < second.line(), "the old generation stopped listening before the new one bound");
            ProcessHandle two = generation(site);
            assertTrue(site.process().isAlive(), "the started PID stays");
            assertEquals("generation " + two.pid(), SiteProcess.get(port, "/"));
            assertEquals(Set.of(two.pid()), site.listeners(port), "only the new generation listens");
            assertEquals(started, pidIn(pidFile), "the PID file names the process that receives the signals");

            // HUP to the PID the file names (the supervisor): the generation is replaced, after it has exited
            SiteProcess.signal(pidIn(pidFile), "HUP");
            Serving third = site.awaitServing(3);
            assertTrue(site.awaitLine("Generation " + two.pid() + " exited for a restart", second.line()) < third.line(),
                    "the second generation exited before the third was started");
            assertTrue(SiteProcess.gone(two));
            assertEquals(port, third.port());
            ProcessHandle three = generation(site);
            assertNotEquals(two.pid(), three.pid());
            assertEquals("generation " + three.pid(), SiteProcess.get(port, "/"));
            assertEquals(Set.of(three.pid()), site.listeners(port));

            // HUP to the generation itself: it asks its supervisor for a fresh one
            SiteProcess.signal(three.pid(), "HUP");
            Serving fourth = site.awaitServing(4);
            assertTrue(site.awaitLine("Generation " + three.pid() + " exited for a restart", third.line()) < fourth.line());
            assertTrue(SiteProcess.gone(three));
            assertEquals(port, fourth.port());
            ProcessHandle four = generation(site);
            assertEquals(Set.of(four.pid()), site.listeners(port));
            assertEquals(started, pidIn(pidFile));

            // TERM to the started PID: everything ends, cleanly, and frees the port
            List<ProcessHandle> descendants = site.process().descendants().toList();
            assertEquals(List.of(four.pid()), descendants.stream().map(ProcessHandle::pid).toList(), site.output());
            SiteProcess.signal(started, "TERM");
            assertEquals(0, site.awaitExit(), site.output());
            site.awaitNoneTagged(Duration.ofSeconds(5));
            assertTrue(descendants.stream().allMatch(SiteProcess::gone), "no descendant outlives the started PID");
            assertTrue(SiteProcess.portFree(port), "the port is free");
            assertFalse(Files.exists(pidFile), "the PID file goes with the process it names");
        }
    }

    @Test
    void autoreloadRestartsTheSiteOnItsPortAndIntTakesEverythingDown() throws Exception {
        Path watched = dir.resolve("watched.conf");
        Files.writeString(watched, "# a file the autoreloader watches\n");
        try (SiteProcess site = SiteProcess.launch(
                "--set", "engine.autoreload.frequency=0.5",
                "--set", "engine.autoreload.files='" + watched + "'",
                "--set", "engine.autoreload.on=True")) {
            long started = site.process().pid();
            int port = site.awaitServing(1).port();

            touch(watched); // the first generation, in the started JVM
            Serving second = site.awaitServing(2);
            assertEquals(port, second.port());
            assertTrue(site.indexOf("HTTP Server http://127.0.0.1:" + port + " shut down", 0) < second.line());
            ProcessHandle two = generation(site);
            assertEquals("generation " + two.pid(), SiteProcess.get(port, "/"));
            assertEquals(Set.of(two.pid()), site.listeners(port));

            touch(watched); // a later generation, in a child JVM: it exits and the supervisor relaunches
            Serving third = site.awaitServing(3);
            assertTrue(site.awaitLine("Generation " + two.pid() + " exited for a restart", second.line()) < third.line(),
                    "the second generation exited before the third was started");
            assertTrue(SiteProcess.gone(two));
            assertEquals(port, third.port());
            ProcessHandle three = generation(site);
            assertEquals("generation " + three.pid(), SiteProcess.get(port, "/"));
            assertEquals(Set.of(three.pid()), site.listeners(port));
            assertTrue(site.process().isAlive());
            assertEquals(started, site.process().pid());

            List<ProcessHandle> descendants = site.process().descendants().toList();
            assertEquals(List.of(three.pid()), descendants.stream().map(ProcessHandle::pid).toList(), site.output());
            SiteProcess.signal(started, "INT");
            assertEquals(0, site.awaitExit(), site.output());
            site.awaitNoneTagged(Duration.ofSeconds(5));
            assertTrue(descendants.stream().allMatch(SiteProcess::gone), "no descendant outlives the started PID");
            assertTrue(SiteProcess.portFree(port));
        }
    }

    @Test
    void usr1ToTheStartedPidMakesTheServingGenerationGraceful() throws Exception {
        try (SiteProcess site = SiteProcess.launch()) {
            long started = site.process().pid();
            Serving first = site.awaitServing(1);
            SiteProcess.signal(started, "USR1");
            site.awaitLine("Bus graceful", first.line());

            SiteProcess.signal(started, "HUP");
            Serving second = site.awaitServing(2);
            ProcessHandle two = generation(site);
            SiteProcess.signal(started, "USR1");
            int passed = site.awaitLine("Passing graceful on to generation " + two.pid(), second.line());
            site.awaitLine("Bus graceful", passed);
            assertEquals("generation " + two.pid(), SiteProcess.get(second.port(), "/"), "graceful is no restart");
            assertEquals(two.pid(), generation(site).pid());

            SiteProcess.signal(started, "TERM");
            assertEquals(0, site.awaitExit(), site.output());
            site.awaitNoneTagged(Duration.ofSeconds(5));
            assertTrue(SiteProcess.portFree(second.port()));
        }
    }

    @Test
    void aGenerationDoesNotOutliveASupervisorKilledWithSignalNine() throws Exception {
        try (SiteProcess site = SiteProcess.launch()) {
            long started = site.process().pid();
            int port = site.awaitServing(1).port();
            SiteProcess.signal(started, "HUP");
            assertEquals(port, site.awaitServing(2).port());
            ProcessHandle two = generation(site);

            site.process().destroyForcibly(); // kill -9: no chance to stop the generation
            site.process().waitFor();
            site.awaitGone(two, ORPHAN_BOUND);
            site.awaitNoneTagged(Duration.ofSeconds(5));
            assertTrue(SiteProcess.portFree(port), "the orphan released the port");
            assertTrue(site.output().contains("The supervisor (PID " + started + ") is gone: exiting"), site.output());
        }
    }

    @Test
    void termBeforeAnyRestartEndsTheOneProcess() throws Exception {
        Path pidFile = dir.resolve("site.pid");
        try (SiteProcess site = SiteProcess.launch("-p", pidFile.toString())) {
            int port = site.awaitServing(1).port();
            assertEquals(Set.of(site.process().pid()), site.listeners(port));
            assertTrue(site.tagged().stream().allMatch(h -> h.pid() == site.process().pid()), "no child until a restart");
            site.process().destroy();
            assertEquals(0, site.awaitExit(), site.output());
            site.awaitNoneTagged(Duration.ofSeconds(5));
            assertTrue(SiteProcess.portFree(port));
            assertFalse(Files.exists(pidFile), site.output());
        }
    }

    /** A later modification time than the file had, whatever the clock says. */
    private static void touch(Path file) throws Exception {
        FileTime before = Files.getLastModifiedTime(file);
        Files.setLastModifiedTime(file, FileTime.fromMillis(before.toMillis() + 10_000));
    }
}
