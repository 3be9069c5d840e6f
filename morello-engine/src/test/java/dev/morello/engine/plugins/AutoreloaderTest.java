package dev.morello.engine.plugins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.engine.Bus;
import dev.morello.engine.State;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AutoreloaderTest {

    @Test
    void restartsTheBusWhenAWatchedFileChanges(@TempDir Path dir) throws Exception {
        Path conf = Files.writeString(dir.resolve("site.conf"), "[global]\n");
        Bus bus = new Bus();
        new Autoreloader(bus, Duration.ofMillis(20), ".*").watch(conf).subscribe(bus);
        bus.start();
        Thread.sleep(60);
        assertFalse(bus.restartRequested(), "nothing changed yet");
        // five seconds after the time it has: a change whatever the wall clock says
        Files.setLastModifiedTime(conf, FileTime.from(Files.getLastModifiedTime(conf).toInstant().plusSeconds(5)));
        assertTrue(bus.awaitState(Duration.ofSeconds(5), State.EXITING));
        assertTrue(bus.restartRequested());
    }

    @Test
    void watchesMatchingFilesBelowADirectory(@TempDir Path dir) throws Exception {
        Path classes = Files.createDirectories(dir.resolve("classes/app"));
        Files.writeString(classes.resolve("Root.class"), "x");
        Bus bus = new Bus();
        new Autoreloader(bus, Duration.ofMillis(20), ".*\\.class").watch(dir.resolve("classes")).subscribe(bus);
        bus.start();
        Files.writeString(classes.resolve("notes.txt"), "ignored");
        Thread.sleep(100);
        assertFalse(bus.restartRequested(), "a file that does not match is not watched");
        Files.writeString(classes.resolve("Added.class"), "y");
        assertTrue(bus.awaitState(Duration.ofSeconds(5), State.EXITING));
    }
}
