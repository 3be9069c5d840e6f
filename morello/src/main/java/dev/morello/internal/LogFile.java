package dev.morello.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file that log lines are appended to, for {@code log.access_file} and {@code log.error_file}
 * (CherryPy adds a file handler for each). One open file per path, shared; each line is one
 * write, so lines from concurrent requests never interleave.
 */
public final class LogFile {
    private static final Map<Path, LogFile> OPEN = new ConcurrentHashMap<>();

    private final Path path;
    private final ReentrantLock lock = new ReentrantLock();
    private FileChannel channel;

    private LogFile(Path path) {
        this.path = path;
    }

    public static LogFile of(String name) {
        Path p = dev.morello.config.GlobalConfig.relative(name).toAbsolutePath().normalize();
        return OPEN.computeIfAbsent(p, LogFile::new);
    }

    public Path path() {
        return path;
    }

    /** Appends a line; a file that cannot be written is reported once on stderr and skipped. */
    public void append(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (channel == null) {
                Path parent = path.getParent();
                if (parent != null) {
                    java.nio.file.Files.createDirectories(parent);
                }
                channel = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                        StandardOpenOption.APPEND);
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
        } catch (IOException e) {
            System.err.println("cannot write log file " + path + ": " + e);
        } finally {
            lock.unlock();
        }
    }
}
