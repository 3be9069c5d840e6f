package dev.morello.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.engine.ChannelFailures;
import dev.morello.engine.Refusal;
import dev.morello.engine.State;
import dev.morello.testing.Site;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code log.access_file} and {@code log.error_file} are opened for appending when the engine
 * starts: one that cannot be refuses the start, naming the key, the file and the reason, before
 * the server binds its port. The error file gets the engine's lines as well as the requests'
 * errors, as CherryPy's does.
 */
class LogFilesTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Morello.reset();
    }

    private static Refusal refusal(ChannelFailures failed) {
        return assertInstanceOf(Refusal.class, failed.failures().get(0));
    }

    @Test
    void anErrorFileThatIsADirectoryRefusesTheStartBeforeTheServerBinds() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        ChannelFailures failed = assertThrows(ChannelFailures.class, () -> Site.start(() -> {
            Morello.config().update(Map.of("log.error_file", logs.toString()));
            Morello.tree().mount(new Pages());
        }));
        assertEquals("log.error_file: cannot open " + logs + " for writing: is a directory", refusal(failed).getMessage());
        assertEquals(State.EXITING, Morello.engine().state());
        assertEquals(null, Morello.server().httpServer(), "the server never started");
    }

    @Test
    void anApplicationsAccessFileUnderAFileRefusesTheStart() throws Exception {
        Path file = Files.writeString(dir.resolve("notes.txt"), "a file\n");
        Path access = file.resolve("access.log");
        ChannelFailures failed = assertThrows(ChannelFailures.class, () -> Site.start(() ->
                Morello.tree().mount(new Pages(), "/shop", Map.of("/", Map.of("log.access_file", access.toString())))));
        assertEquals("log.access_file: cannot open " + access + " for writing: " + file + " is not a directory",
                refusal(failed).getMessage());
        assertEquals("a file\n", Files.readString(file), "left as it was");
    }

    @Test
    void missingDirectoriesAreMadeAndAnExistingFileIsAppendedTo() throws Exception {
        Path access = dir.resolve("var/log/site/access.log");
        Files.createDirectories(access.getParent());
        Files.writeString(access, "an older line\n");
        Path errors = dir.resolve("other/error.log");
        Site.start(() -> {
            Morello.config().update(Map.of("log.access_file", access.toString(), "log.error_file", errors.toString(),
                    "log.access_log_format", "{r} {s}"));
            Morello.tree().mount(new Pages());
        });
        assertTrue(Files.exists(errors), "opened at start, before any line");
        assertEquals(200, Site.get("/").status());
        LogRotationTest.awaitLines(access, 2);
        assertEquals("an older line\nGET / HTTP/1.1 200\n", Files.readString(access));
    }

    @Test
    void theErrorFileGetsTheEnginesLinesAsWellAsTheRequestsErrors() throws Exception {
        Path errors = dir.resolve("error.log");
        Site.start(() -> {
            Morello.config().update(Map.of("log.error_file", errors.toString(), "log.screen", false));
            Morello.tree().mount(new Pages());
        });
        int port = Site.port();
        assertEquals(500, Site.get("/boom").status());
        Morello.engine().stop();
        String log = Files.readString(errors);
        for (String line : new String[] {"ENGINE Bus STARTING", "ENGINE Serving on http://127.0.0.1:" + port,
            "ENGINE Bus STARTED", "HTTP Error at stage 'handler' of GET /boom HTTP/1.1",
            "java.lang.IllegalStateException: kaboom", "ENGINE Bus STOPPING",
            "ENGINE HTTP Server http://127.0.0.1:" + port + " shut down", "ENGINE Bus STOPPED"}) {
            assertTrue(log.lines().anyMatch(l -> l.replaceFirst("^" + Child.TIME + " ", "").equals(line)), line + " in\n" + log);
        }
    }
}
