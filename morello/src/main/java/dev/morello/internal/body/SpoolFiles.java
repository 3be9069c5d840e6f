package dev.morello.internal.body;

import dev.morello.internal.Log;
import java.io.IOException;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The temporary files that uploads are spooled to, named for the process that owns them, so that
 * the files a crashed process left behind can be told from those of a process still serving:
 *
 * <pre>{@code
 * morello-upload-<pid>-<start>-<random>.part      in java.io.tmpdir
 * }</pre>
 *
 * where {@code start} is the owner JVM's start instant in milliseconds since the epoch, or 0 where
 * the system does not say it. The request that spooled a file deletes it when it ends; a process
 * that dies mid-request (a {@code kill -9}, the OOM killer, a power cut) cannot, so a {@link #sweep}
 * runs when a site starts, and before a process spools its first file, and deletes every such file
 * whose owner is gone:
 *
 * <ul>
 *   <li>no live process has its PID, or
 *   <li>the live process with its PID started at another instant: the PID was reused.
 * </ul>
 *
 * <p>Deleting the file as soon as it is opened (unlinking it while the descriptor stays open)
 * would leave nothing behind at all, but a {@link dev.morello.Part} hands its file's path to the
 * handler ({@code file()}) and moves it ({@code transferTo}), so the file must have a name.
 *
 * <p>The PID is only as good as the process namespace it was taken in: a temporary directory
 * shared by hosts or containers that do not see each other's processes needs a
 * {@code java.io.tmpdir} of its own per site.
 */
public final class SpoolFiles {
    private static final Log LOG = Log.named("morello.error", "ENGINE");
    private static final String PREFIX = "morello-upload-";
    private static final String SUFFIX = ".part";
    /** Exactly the names {@link #create} makes: the JDK puts an unsigned decimal number between prefix and suffix. */
    private static final Pattern NAME = Pattern.compile("morello-upload-(\\d{1,19})-(\\d{1,19})-[0-9A-Za-z]{1,64}\\.part");
    /** Whether this JVM has swept yet: the first spooled file of a process waits for one sweep. */
    private static final AtomicBoolean SWEPT = new AtomicBoolean();

    /** What a sweep deleted. */
    public record Swept(int files, long bytes) {
    }

    private SpoolFiles() {
    }

    /** A process as a spool file's name gives it: its PID and start instant (0 when unknown). */
    record Owner(long pid, long startMillis) {
        static final Owner CURRENT = of(ProcessHandle.current());

        static Owner of(ProcessHandle process) {
            return new Owner(process.pid(), process.info().startInstant().map(Instant::toEpochMilli).orElse(0L));
        }
    }

    /** The directory spool files go to, and the one swept: {@code java.io.tmpdir}. */
    static Path directory() {
        return Path.of(System.getProperty("java.io.tmpdir"));
    }

    /**
     * A new empty spool file, with owner-only permissions where the file system has them; the
     * first one of a process is made after a sweep of the directory.
     */
    static Path create() throws IOException {
        Path dir = directory();
        if (SWEPT.compareAndSet(false, true)) {
            sweepAndLog(dir);
        }
        Owner me = Owner.CURRENT;
        return Files.createTempFile(dir, PREFIX + me.pid() + "-" + me.startMillis() + "-", SUFFIX);
    }

    /** Sweeps {@link #directory()}, as a site does when it starts; says so when it deleted anything. */
    public static Swept sweep() {
        SWEPT.set(true);
        return sweepAndLog(directory());
    }

    private static Swept sweepAndLog(Path dir) {
        Swept swept = sweep(dir);
        if (swept.files() > 0) {
            LOG.info("Deleted {} upload file{} ({} bytes) left in {} by processes that are gone",
                    swept.files(), swept.files() == 1 ? "" : "s", swept.bytes(), dir);
        }
        return swept;
    }

    /**
     * Deletes the spool files in {@code dir} whose owner is gone. Only regular files named exactly
     * as {@link #create} names them are considered; a symbolic link is never followed nor
     * deleted. A sweep never fails: a file that went meanwhile, or that is not ours to delete, is
     * passed over, and a directory that cannot be read is left as it is.
     */
    static Swept sweep(Path dir) {
        int files = 0;
        long bytes = 0;
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, PREFIX + "*" + SUFFIX)) {
            for (Path entry : entries) {
                Optional<Owner> owner = ownerOf(entry.getFileName().toString());
                if (owner.isEmpty() || !gone(owner.get())) {
                    continue;
                }
                try {
                    BasicFileAttributes attributes = Files.readAttributes(entry, BasicFileAttributes.class,
                            LinkOption.NOFOLLOW_LINKS);
                    if (!attributes.isRegularFile()) {
                        continue;
                    }
                    // Files.delete removes a link itself, never its target, should the entry
                    // have been replaced by one since it was looked at.
                    if (Files.deleteIfExists(entry)) {
                        files++;
                        bytes += attributes.size();
                    }
                } catch (NoSuchFileException raced) {
                    // another site swept it first
                } catch (IOException | SecurityException notOurs) {
                    LOG.debug("Left the upload file {}: {}", entry, notOurs.toString());
                }
            }
        } catch (IOException | DirectoryIteratorException | SecurityException unreadable) {
            LOG.debug("Could not sweep the upload files in {}: {}", dir, unreadable.toString());
        }
        return new Swept(files, bytes);
    }

    /** The owner a spool file's name gives, or none when the name is not exactly one of ours. */
    static Optional<Owner> ownerOf(String fileName) {
        Matcher m = NAME.matcher(fileName);
        if (!m.matches()) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Owner(Long.parseLong(m.group(1)), Long.parseLong(m.group(2))));
        } catch (NumberFormatException tooLarge) {
            return Optional.empty();
        }
    }

    /**
     * Whether the owner has ended. An owner whose start instant is unknown (in the name, or from
     * the system) and whose PID is live is taken to be alive: better a file left than one deleted
     * under a live upload.
     */
    private static boolean gone(Owner owner) {
        Optional<ProcessHandle> live = ProcessHandle.of(owner.pid());
        if (live.isEmpty() || !live.get().isAlive()) {
            return true;
        }
        if (owner.startMillis() == 0) {
            return false;
        }
        Optional<Instant> started = live.get().info().startInstant();
        return started.isPresent() && started.get().toEpochMilli() != owner.startMillis();
    }
}
