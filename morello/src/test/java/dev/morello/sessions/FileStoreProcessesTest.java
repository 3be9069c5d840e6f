package dev.morello.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two processes sharing a file session directory: the OS lock keeps them apart. */
class FileStoreProcessesTest {
    @TempDir
    Path dir;

    @Test
    void aLockHeldByAnotherProcessIsWaitedForThenTaken() throws Exception {
        String id = Session.newId();
        Process child = new ProcessBuilder(List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Xmx64m", "-cp", System.getProperty("java.class.path"), FileLockChild.class.getName(),
                dir.toString(), id)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        try {
            BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
            assertEquals("locked", out.readLine());
            FileStore store = new FileStore(dir);
            assertThrows(SessionLockTimeout.class, () -> store.lock(id, Duration.ofMillis(200)));
            OutputStream in = child.getOutputStream();
            in.write('\n');
            in.flush();
            assertEquals("released", out.readLine());
            // taken once the other process let it go
            SessionStore.Lock lock = store.lock(id, Duration.ofMillis(200));
            assertNotNull(lock);
            lock.close();
        } finally {
            child.destroy();
            if (!child.waitFor(30, TimeUnit.SECONDS)) {
                child.destroyForcibly();
            }
        }
    }
}
