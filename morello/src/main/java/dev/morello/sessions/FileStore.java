package dev.morello.sessions;

import dev.morello.HttpError;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Sessions in files ({@code storage_type = "file"}, with {@code storage_path}): one file per
 * session, {@code session-ID}, holding its expiry and its record. Several processes may share
 * the directory:
 * <ul>
 * <li>a record is written to a temporary file in the same directory and renamed over the old
 *     one, so a reader never sees half a record;
 * <li>a session's lock is an OS lock on {@code session-ID.lock} (taken after the process's own
 *     lock on the id, which keeps the threads of one process from polling the file), retried with
 *     a back-off from 1 to 20 ms while another process holds it;
 * <li>the sweep every {@code clean_freq} removes expired records and the lock files left beside
 *     them, skipping any session whose lock is held.
 * </ul>
 *
 * <p>Ids are used in file names only when they are made of letters, digits, {@code -} and
 * {@code _} (at most 128): others are simply not found, and an id with a path character
 * ({@code /}, {@code \}, NUL, or {@code ..}) is refused with 400 {@code Invalid session id in
 * cookie.}, as CherryPy refuses ids escaping its directory.
 */
public final class FileStore implements SessionStore {
    private static final String PREFIX = "session-";
    private static final String LOCK_SUFFIX = ".lock";
    private static final String TEMP_MARK = ".tmp-";
    private static final Duration STALE_TEMP = Duration.ofHours(1);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final Path dir;
    private final IdLocks locks = new IdLocks();

    /** A store in this directory, which must exist and be writable. */
    public FileStore(Path dir) throws IOException {
        Objects.requireNonNull(dir, "dir");
        if (!Files.isDirectory(dir)) {
            throw new IOException("tools.sessions.storage_path " + dir + " is not a directory");
        }
        if (!Files.isWritable(dir)) {
            throw new IOException("tools.sessions.storage_path " + dir + " is not writable");
        }
        this.dir = dir.toRealPath();
    }

    /** The directory the records are in. */
    public Path directory() {
        return dir;
    }

    @Override
    public boolean exists(String id, Instant now) throws IOException {
        Path file = file(id);
        if (file == null) {
            return false;
        }
        long expires;
        try {
            expires = expiry(file);
        } catch (NoSuchFileException e) {
            return false;
        }
        return expires > now.toEpochMilli();
    }

    @Override
    public byte[] load(String id, Instant now) throws IOException {
        Path file = file(id);
        if (file == null) {
            return null;
        }
        byte[] all;
        try {
            all = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return null;
        }
        if (all.length < Long.BYTES) {
            throw new IOException("the session file " + file.getFileName() + " is cut short");
        }
        ByteBuffer b = ByteBuffer.wrap(all);
        long expires = b.getLong();
        if (expires <= now.toEpochMilli()) {
            return null;
        }
        byte[] record = new byte[b.remaining()];
        b.get(record);
        return record;
    }

    @Override
    public void save(String id, byte[] record, Instant now, Duration timeout) throws IOException {
        Path file = file(id);
        if (file == null) {
            throw new IOException("the session id cannot name a file: " + describe(id));
        }
        Path temp = dir.resolve(file.getFileName() + TEMP_MARK + HexFormat.of().toHexDigits(RANDOM.nextLong()));
        ByteBuffer b = ByteBuffer.allocate(Long.BYTES + record.length);
        b.putLong(now.plus(timeout).toEpochMilli()).put(record).flip();
        try (FileChannel ch = FileChannel.open(temp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            while (b.hasRemaining()) {
                ch.write(b);
            }
        }
        try {
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
    }

    @Override
    public void delete(String id) throws IOException {
        Path file = file(id);
        if (file != null) {
            Files.deleteIfExists(file);
        }
    }

    @Override
    public Lock lock(String id, Duration timeout) throws IOException, InterruptedException {
        Path file = file(id);
        if (file == null) {
            throw new IOException("the session id cannot name a file: " + describe(id));
        }
        long deadline = timeout == null ? Long.MAX_VALUE : System.nanoTime() + timeout.toNanos();
        if (!locks.acquire(id, timeout)) {
            throw new SessionLockTimeout("the session's lock was not free within " + timeout);
        }
        try {
            FileLock os = osLock(lockFile(file), deadline, timeout);
            AtomicBoolean held = new AtomicBoolean(true);
            return () -> {
                if (held.compareAndSet(true, false)) {
                    try {
                        os.channel().close();
                    } finally {
                        locks.release(id);
                    }
                }
            };
        } catch (IOException | InterruptedException | RuntimeException e) {
            locks.release(id);
            throw e;
        }
    }

    /**
     * Takes the OS lock on the file, retrying while another process holds it. The sweep removes
     * a lock file only while it holds its lock: a lock then taken on the removed file (the path
     * now names another file, or none) is let go and taken again on what the path names now.
     */
    private static FileLock osLock(Path lockFile, long deadline, Duration timeout) throws IOException, InterruptedException {
        long pauseMillis = 1;
        while (true) {
            FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            Object opened = fileKey(lockFile);
            FileLock lock = null;
            try {
                lock = ch.tryLock();
            } catch (OverlappingFileLockException e) {
                // the sweep of this process holds it for a moment (its threads are kept apart by the id lock)
            }
            if (lock != null) {
                Object now = fileKey(lockFile);
                if (opened != null && opened.equals(now)) {
                    return lock;
                }
                ch.close();
                continue;
            }
            ch.close();
            if (timeout != null && System.nanoTime() - deadline >= 0) {
                throw new SessionLockTimeout("the session's lock file was held by another process for " + timeout);
            }
            Thread.sleep(pauseMillis);
            pauseMillis = Math.min(20, pauseMillis * 2);
        }
    }

    private static Object fileKey(Path path) {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class).fileKey();
        } catch (IOException e) {
            return null;
        }
    }

    @Override
    public int cleanUp(Instant now) throws IOException {
        int removed = 0;
        long nowMillis = now.toEpochMilli();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, PREFIX + "*")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (name.contains(TEMP_MARK)) {
                    sweepTemp(f, now);
                    continue;
                }
                boolean lockFile = name.endsWith(LOCK_SUFFIX);
                String id = name.substring(PREFIX.length(), name.length() - (lockFile ? LOCK_SUFFIX.length() : 0));
                if (!validId(id)) {
                    continue;
                }
                if (lockFile) {
                    if (!Files.exists(dir.resolve(PREFIX + id))) {
                        removeIfFree(id, f, null);
                    }
                    continue;
                }
                if (expiresBy(f, nowMillis) && removeIfFree(id, lockFile(f), f)) {
                    removed++;
                }
            }
        }
        return removed;
    }

    private static boolean expiresBy(Path f, long nowMillis) {
        try {
            return expiry(f) <= nowMillis;
        } catch (IOException e) {
            return false;
        }
    }

    /** The expiry a record file starts with (epoch milliseconds), read without the record. */
    private static long expiry(Path f) throws IOException {
        try (FileChannel ch = FileChannel.open(f, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(Long.BYTES);
            while (b.hasRemaining() && ch.read(b) >= 0) {
                // read the expiry
            }
            if (b.hasRemaining()) {
                throw new IOException("the session file " + f.getFileName() + " is cut short");
            }
            return b.getLong(0);
        }
    }

    /** Removes a session's record (when given) and its lock file, unless its lock is held. */
    private boolean removeIfFree(String id, Path lockFile, Path record) throws IOException {
        try {
            if (!locks.acquire(id, Duration.ZERO)) {
                return false;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        try (FileChannel ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
            FileLock os = ch.tryLock();
            if (os == null) {
                return false;
            }
            if (record != null) {
                Files.deleteIfExists(record);
            }
            Files.deleteIfExists(lockFile);
            return true;
        } catch (OverlappingFileLockException e) {
            return false;
        } finally {
            locks.release(id);
        }
    }

    private static void sweepTemp(Path f, Instant now) {
        try {
            if (Files.getLastModifiedTime(f).toInstant().plus(STALE_TEMP).isBefore(now)) {
                Files.deleteIfExists(f);
            }
        } catch (IOException e) {
            // another sweep took it, or it was renamed into place meanwhile
        }
    }

    private Path file(String id) {
        if (hasPathCharacter(id)) {
            throw new HttpError(400, "Invalid session id in cookie.");
        }
        return validId(id) ? dir.resolve(PREFIX + id) : null;
    }

    private static Path lockFile(Path record) {
        return record.resolveSibling(record.getFileName() + LOCK_SUFFIX);
    }

    private static boolean hasPathCharacter(String id) {
        return id.indexOf('/') >= 0 || id.indexOf('\\') >= 0 || id.indexOf('\0') >= 0 || id.contains("..");
    }

    private static boolean validId(String id) {
        int n = id.length();
        if (n == 0 || n > 128) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '-' || c == '_')) {
                return false;
            }
        }
        return true;
    }

    private static String describe(String id) {
        return id.length() > 40 ? id.substring(0, 40) + "... (" + id.length() + " characters)" : id;
    }
}
