package dev.morello.sessions;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;

/**
 * Another process holding a file session's lock: takes it, says {@code locked}, holds it until a
 * line (or the end) comes on its input, then releases it and says {@code released}.
 */
public final class FileLockChild {
    private FileLockChild() {
    }

    public static void main(String[] args) throws Exception {
        FileStore store = new FileStore(Path.of(args[0]));
        SessionStore.Lock lock = store.lock(args[1], Duration.ofSeconds(30));
        System.out.println("locked");
        System.out.flush();
        new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        lock.close();
        System.out.println("released");
        System.out.flush();
    }
}
