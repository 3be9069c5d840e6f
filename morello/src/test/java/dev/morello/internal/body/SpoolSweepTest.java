package dev.morello.internal.body;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.morello.Part;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Spool files of processes that are gone are swept; those of live processes, and anything not
 * named as a spool file is, are left. The processes are real: this JVM, a child that has ended,
 * and a child that still runs.
 */
class SpoolSweepTest {
    @TempDir
    Path dir;

    private Process sleeper;

    @AfterEach
    void killChildren() throws InterruptedException {
        if (sleeper != null) {
            sleeper.destroyForcibly();
            sleeper.waitFor(30, TimeUnit.SECONDS);
        }
    }

    /** A process that has ended and been reaped, so its PID is free. */
    private static ProcessHandle deadProcess() throws IOException, InterruptedException {
        Process p = new ProcessBuilder("true").start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "true did not end");
        return p.toHandle();
    }

    private static long startMillis(ProcessHandle process) {
        Optional<Instant> start = process.info().startInstant();
        assumeTrue(start.isPresent(), "the system does not give a process's start instant");
        return start.get().toEpochMilli();
    }

    private Path spoolFile(long pid, long startMillis, String random, int size) throws IOException {
        return Files.write(dir.resolve("morello-upload-" + pid + "-" + startMillis + "-" + random + ".part"),
                new byte[size]);
    }

    @Test
    void deletesFilesOfAProcessThatEnded() throws Exception {
        ProcessHandle dead = deadProcess();
        // any start time: the owner is gone whatever it was
        Path a = spoolFile(dead.pid(), 1_796_616_445_000L, "8841230098", 300);
        Path b = spoolFile(dead.pid(), 0, "17", 20);

        assertEquals(new SpoolFiles.Swept(2, 320), SpoolFiles.sweep(dir));
        assertFalse(Files.exists(a));
        assertFalse(Files.exists(b));
    }

    @Test
    void keepsFilesOfThisJvm() throws Exception {
        ProcessHandle me = ProcessHandle.current();
        Path mine = spoolFile(me.pid(), startMillis(me), "5512", 10);

        assertEquals(new SpoolFiles.Swept(0, 0), SpoolFiles.sweep(dir));
        assertTrue(Files.exists(mine));
    }

    @Test
    void deletesFilesOfAnEarlierProcessWithThisJvmsPid() throws Exception {
        ProcessHandle me = ProcessHandle.current();
        Path reused = spoolFile(me.pid(), startMillis(me) - 60_000, "42", 7);

        assertEquals(new SpoolFiles.Swept(1, 7), SpoolFiles.sweep(dir));
        assertFalse(Files.exists(reused));
    }

    @Test
    void keepsFilesOfALiveChildAndDeletesThoseOfItsPidsEarlierOwner() throws Exception {
        sleeper = new ProcessBuilder("sleep", "60").start();
        ProcessHandle child = sleeper.toHandle();
        long start = startMillis(child);
        Path live = spoolFile(child.pid(), start, "1", 5);
        Path earlier = spoolFile(child.pid(), start - 1, "2", 5);
        Path unknownStart = spoolFile(child.pid(), 0, "3", 5);

        assertEquals(new SpoolFiles.Swept(1, 5), SpoolFiles.sweep(dir));
        assertTrue(Files.exists(live));
        assertFalse(Files.exists(earlier));
        assertTrue(Files.exists(unknownStart), "a live PID with no start instant in the name may be the owner");
    }

    @Test
    void leavesWhatIsNotExactlyASpoolFileName() throws Exception {
        long pid = deadProcess().pid();
        String[] names = {
            "morello-upload-8841230098.part",          // the names before files carried their owner
            "morello-upload-" + pid + "-1.part",
            "morello-upload-" + pid + "-1-2.part.bak",
            "morello-upload-" + pid + "-x-2.part",
            "morello-upload--1-2.part",
            "xmorello-upload-" + pid + "-1-2.part",
            "notes.txt",
        };
        for (String name : names) {
            Files.writeString(dir.resolve(name), "keep");
        }
        Files.createDirectory(dir.resolve("morello-upload-" + pid + "-1-3.part"));

        assertEquals(new SpoolFiles.Swept(0, 0), SpoolFiles.sweep(dir));
        for (String name : names) {
            assertTrue(Files.exists(dir.resolve(name)), name);
        }
        assertTrue(Files.isDirectory(dir.resolve("morello-upload-" + pid + "-1-3.part")));
    }

    @Test
    void neitherFollowsNorDeletesASymbolicLink() throws Exception {
        long pid = deadProcess().pid();
        Path target = Files.writeString(dir.resolve("precious.txt"), "keep");
        Path link = dir.resolve("morello-upload-" + pid + "-1-9.part");
        try {
            Files.createSymbolicLink(link, target);
        } catch (UnsupportedOperationException | IOException e) {
            assumeTrue(false, "no symbolic links here: " + e);
        }

        assertEquals(new SpoolFiles.Swept(0, 0), SpoolFiles.sweep(dir));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("keep", Files.readString(target));
    }

    @Test
    void toleratesADirectoryThatIsNotThere() {
        assertEquals(new SpoolFiles.Swept(0, 0), SpoolFiles.sweep(dir.resolve("missing")));
    }

    @Test
    void spoolsToAFileNamedForThisJvm() throws IOException {
        Spool spool = new Spool(4);
        byte[] content = "more than four bytes".getBytes(US_ASCII);
        spool.write(content, 0, content.length);
        Part part = spool.finish("f", "a.bin", Map.of());
        try {
            Path file = part.file();
            assertEquals(SpoolFiles.directory().toAbsolutePath(), file.getParent().toAbsolutePath());
            ProcessHandle me = ProcessHandle.current();
            long start = me.info().startInstant().map(Instant::toEpochMilli).orElse(0L);
            assertEquals(Optional.of(new SpoolFiles.Owner(me.pid(), start)),
                    SpoolFiles.ownerOf(file.getFileName().toString()), file.toString());
            assertEquals(content.length, Files.size(file));
        } finally {
            part.delete();
        }
    }
}
