package dev.morello.internal;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A file that log lines are appended to, for {@code log.access_file} and {@code log.error_file}
 * (CherryPy adds a file handler for each). One open file per path, shared; each line is one
 * write under the file's lock, so lines from concurrent requests never interleave.
 *
 * <p>Rotation works both ways logrotate does it:
 * <ul>
 *   <li><b>rename, then signal</b> ({@code create} mode): lines go on into the renamed file,
 *       which stays open, until {@link #reopenAll()} (on the engine's {@code graceful}, which
 *       SIGUSR1 publishes) opens a new file by the name; the swap happens under the lock that
 *       appends take, so no line is lost or written twice;</li>
 *   <li><b>{@code copytruncate}</b>: the file is opened in append mode ({@code O_APPEND}), so
 *       each write goes to the end of the file as it is then; after the truncation the next line
 *       starts at offset 0, not at the old offset behind a hole of NULs.</li>
 * </ul>
 */
public final class LogFile {
    private static final Map<Path, LogFile> OPEN = new ConcurrentHashMap<>();
    /**
     * Whether the engine's start has checked the files. Until then a line that cannot be
     * written is dropped without a word: the start will refuse with the reason, once.
     */
    private static volatile boolean checked;

    private final Path path;
    private final ReentrantLock lock = new ReentrantLock();
    private FileChannel channel;
    /** Whether the current failure was told: a full disk is reported once, not once per line. */
    private boolean reported;

    private LogFile(Path path) {
        this.path = path;
    }

    /** The file of a {@code log.*_file} value, relative to the config file that set it. */
    public static LogFile of(String name) {
        Path p = ConfigPaths.relative(name).toAbsolutePath().normalize();
        return OPEN.computeIfAbsent(p, LogFile::new);
    }

    public Path path() {
        return path;
    }

    /** Opens the file for appending now, unless it is open; missing directories are made. */
    public void open() throws IOException {
        lock.lock();
        try {
            if (channel == null) {
                channel = openChannel();
                reported = false;
            }
        } catch (IOException e) {
            // the caller refuses the start with the reason: the lines dropped meanwhile need no word
            reported = true;
            throw e;
        } finally {
            lock.unlock();
        }
    }

    private FileChannel openChannel() throws IOException {
        Path parent = path.getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        return FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
    }

    /** Appends a line; a file that cannot be written is reported once on stderr and skipped. */
    public void append(String line) {
        byte[] bytes = (line + "\n").getBytes(StandardCharsets.UTF_8);
        lock.lock();
        try {
            if (channel == null) {
                channel = openChannel();
            }
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                channel.write(b);
            }
            reported = false;
        } catch (IOException e) {
            if (checked && !reported) {
                reported = true;
                System.err.println("cannot write to the log file " + path + ": " + reason(e)
                        + "; its lines are dropped until it can be written again");
            }
        } finally {
            lock.unlock();
        }
    }

    /** Opens the file again by its name, when it is open; the old one stays open if this fails. */
    private boolean reopen() throws IOException {
        lock.lock();
        try {
            if (channel == null) {
                return false;
            }
            FileChannel fresh = openChannel();
            FileChannel old = channel;
            channel = fresh;
            reported = false;
            try {
                old.close();
            } catch (IOException e) {
                // the lines in it were written; a failing close loses nothing
            }
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** What {@link #reopenAll()} did: the files reopened, and why the others could not be. */
    public record Reopened(List<Path> files, List<String> failures) {
    }

    /** Reopens every open log file by its name, for logrotate's rename-then-signal. */
    public static Reopened reopenAll() {
        List<Path> files = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        for (LogFile f : OPEN.values().stream().sorted((a, b) -> a.path.compareTo(b.path)).toList()) {
            try {
                if (f.reopen()) {
                    files.add(f.path);
                }
            } catch (IOException e) {
                failures.add("cannot reopen " + f.path + ": " + reason(e) + "; its lines go on into the file it had open");
            }
        }
        return new Reopened(List.copyOf(files), List.copyOf(failures));
    }

    /** From now on a file that cannot be written is reported: the engine's start checks them. */
    public static void checked(boolean on) {
        checked = on;
    }

    /** Closes every file (a site reset): the next line opens its file again by name. */
    public static void closeAll() {
        for (LogFile f : OPEN.values()) {
            f.lock.lock();
            try {
                if (f.channel != null) {
                    f.channel.close();
                }
            } catch (IOException e) {
                // closing for a reset: nothing is left to write
            } finally {
                f.channel = null;
                f.reported = false;
                f.lock.unlock();
            }
        }
        OPEN.clear();
        checked = false;
    }

    /**
     * Why a file could not be opened, in words: NIO's messages for the common cases are the bare
     * path ({@code AccessDeniedException: /var/log/x}), which says nothing of the reason.
     */
    static String reason(IOException e) {
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "no such file or directory";
        }
        if (e instanceof FileAlreadyExistsException f) {
            // from making the directories: a file stands where a directory should be
            return f.getFile() + " is not a directory";
        }
        if (e instanceof FileSystemException f && f.getReason() != null && !f.getReason().isEmpty()) {
            String r = f.getReason();
            return r.substring(0, 1).toLowerCase(Locale.ROOT) + r.substring(1);
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }
}
