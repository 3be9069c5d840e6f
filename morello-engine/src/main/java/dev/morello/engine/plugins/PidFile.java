package dev.morello.engine.plugins;

import dev.morello.engine.Bus;
import dev.morello.engine.SimplePlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the process id to a file when the bus starts and removes the file when it exits, as
 * CherryPy's {@code PIDFile} (both at priority 70).
 *
 * <p>The file names the process that receives the signals, which after a restart is still the
 * JVM that was started: it stays as the supervisor of the next generations (see
 * {@link Bus#restart()}). So a restart keeps the file, and the JVM removes it when it ends; a
 * generation writes its supervisor's PID and leaves the file to it.
 */
public final class PidFile extends SimplePlugin {
    private final Path path;
    private volatile Bus bus;
    private volatile boolean written;
    private volatile boolean removeAtEnd;

    public PidFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
    }

    @Override
    public void subscribe(Bus bus) {
        this.bus = bus;
        super.subscribe(bus);
    }

    @Override
    public void start() throws IOException {
        if (written) {
            return;
        }
        Path parent = path.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        long pid = Bus.supervisorPid().orElse(ProcessHandle.current().pid());
        Files.writeString(path, pid + "\n", StandardCharsets.US_ASCII);
        written = true;
    }

    @Override
    public void exit() throws IOException {
        if (!written) {
            return;
        }
        written = false;
        if (Bus.supervisorPid().isPresent()) {
            return; // the supervisor's file: it removes it when it ends
        }
        Bus b = bus;
        if (b != null && b.restartRequested()) {
            // This JVM stays, supervising the next generation: the file names it until it ends.
            removeAtEnd();
            return;
        }
        Files.deleteIfExists(path);
    }

    private void removeAtEnd() {
        if (removeAtEnd) {
            return;
        }
        removeAtEnd = true;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                Files.deleteIfExists(path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, "morello-pid-file"));
    }

    @Override
    protected int priority(String channel) {
        return 70;
    }
}
