package dev.morello.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The file store: the storage contract, and its files. */
class FileStoreTest extends SessionStoreContract {
    @TempDir
    Path dir;

    @Override
    protected SessionStore store() {
        try {
            Path d = Files.createTempDirectory(dir, "store");
            return new FileStore(d);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void aRecordIsOneFileNamedForTheSessionAndNoTemporaryFileIsLeft() throws IOException {
        Path own = Files.createDirectory(dir.resolve("own"));
        FileStore store = new FileStore(own);
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        String id = Session.newId();
        for (int i = 0; i < 5; i++) {
            store.save(id, new byte[] {(byte) i}, t, Duration.ofMinutes(1));
        }
        try (Stream<Path> files = Files.list(own)) {
            assertEquals(java.util.List.of("session-" + id), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aDirectoryThatIsNotThereIsRefusedNamingIt() {
        IOException e = assertThrows(IOException.class, () -> new FileStore(dir.resolve("missing")));
        assertTrue(e.getMessage().contains("missing"), e.getMessage());
    }

    @Test
    void theSweepLeavesFilesThatAreNotSessions() throws IOException {
        Files.writeString(dir.resolve("notes.txt"), "mine");
        Files.writeString(dir.resolve("session-not.an.id"), "not a record");
        FileStore store = new FileStore(dir);
        store.cleanUp(Instant.parse("2100-01-01T00:00:00Z"));
        assertTrue(Files.exists(dir.resolve("notes.txt")));
        assertTrue(Files.exists(dir.resolve("session-not.an.id")), "a name that is not an id is not ours to remove");
    }
}
