package dev.morello.engine.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.morello.engine.Bus;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PidFileTest {

    @Test
    void writesThePidOnStartAndRemovesItOnExit(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("run/app.pid");
        Bus bus = new Bus();
        new PidFile(file).subscribe(bus);
        bus.start();
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
        bus.stop();
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file), "kept while only stopped");
        bus.exit();
        assertFalse(Files.exists(file));
    }

    @Test
    void aRestartKeepsTheFileNamingThisJvm(@TempDir Path dir) throws Exception {
        // After a restart this JVM supervises the next generation and still receives the
        // signals, so the file goes on naming it; it is removed when this JVM ends.
        Path file = dir.resolve("app.pid");
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        new PidFile(file).subscribe(bus);
        bus.start();
        bus.restart();
        assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(file));
    }
}
