package dev.morello.engine.plugins;

import dev.morello.engine.SimplePlugin;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes the process id to a file when the bus starts and removes the file when it exits, as
 * CherryPy's {@code PIDFile} (both at priority 70).
 */
public final class PidFile extends SimplePlugin {
    private final Path path;
    private volatile boolean written;

    public PidFile(Path path) {
        this.path = path;
    }

    public Path path() {
        return path;
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
        Files.writeString(path, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
        written = true;
    }

    @Override
    public void exit() throws IOException {
        if (written) {
            Files.deleteIfExists(path);
            written = false;
        }
    }

    @Override
    protected int priority(String channel) {
        return 70;
    }
}
