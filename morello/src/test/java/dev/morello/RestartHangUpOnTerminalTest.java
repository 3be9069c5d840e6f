package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * HUP on a terminal means the terminal was closed, so the site exits rather than restarts, as
 * CherryPy's does when it is not daemonized. The site runs under {@code script}, which gives it a
 * pseudo-terminal for stdin and stdout.
 */
class RestartHangUpOnTerminalTest {

    @Test
    void hupWithATerminalAttachedExitsInsteadOfRestarting() throws Exception {
        assumeTrue(SiteProcess.procAvailable(), "needs Linux's /proc");
        assumeTrue(Files.isExecutable(Path.of("/usr/bin/script")), "needs util-linux's script for a pseudo-terminal");
        String tag = UUID.randomUUID().toString();
        String shellCommand = SiteProcess.command(tag).stream()
                .map(a -> "'" + a.replace("'", "'\\''") + "'")
                .collect(Collectors.joining(" "));
        try (SiteProcess site = SiteProcess.wrap(List.of("/usr/bin/script", "-qec", shellCommand, "/dev/null"), tag)) {
            int port = site.awaitServing(1).port();
            List<ProcessHandle> java = site.tagged();
            assertEquals(1, java.size(), site.output());
            ProcessHandle started = java.get(0);
            String stdin = Files.readSymbolicLink(Path.of("/proc", Long.toString(started.pid()), "fd", "0")).toString();
            assertTrue(stdin.startsWith("/dev/pts/"), "the site's stdin is a terminal: " + stdin);

            SiteProcess.signal(started.pid(), "HUP");
            site.awaitGone(started, SiteProcess.PATIENCE);
            assertEquals(0, site.awaitExit(), "script passes on the site's status\n" + site.output());
            assertTrue(site.output().contains("SIGHUP caught with a terminal attached. Exiting."), site.output());
            assertEquals(-1, site.indexOf("Re-spawning", 0), "no next generation");
            site.awaitNoneTagged(SiteProcess.PATIENCE);
            assertTrue(SiteProcess.portFree(port));
        }
    }
}
