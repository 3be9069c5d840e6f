package dev.morello.examples.tutorial;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The files the tutorials serve by path (a download, an error page template), which ship inside
 * the examples' jar beside these classes: each is copied out once, to a temporary file that goes
 * when the JVM does, since what is served by path must be a file on disk.
 */
final class TutorialFiles {
    private static final Map<String, Path> COPIED = new ConcurrentHashMap<>();

    private TutorialFiles() {
    }

    /** The absolute path of a copy of the resource {@code name} of this package. */
    static Path file(String name) {
        return COPIED.computeIfAbsent(name, TutorialFiles::copy);
    }

    private static Path copy(String name) {
        try (InputStream in = TutorialFiles.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("the examples ship no " + name);
            }
            Path dir = Files.createTempDirectory("morello-tutorial-");
            Path file = dir.resolve(name);
            Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
            // the JVM deletes in the reverse order of registration: the file, then its directory
            dir.toFile().deleteOnExit();
            file.toFile().deleteOnExit();
            return file.toAbsolutePath();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot copy " + name + " out of the examples", e);
        }
    }
}
