package dev.morello.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.config.ConfigRefused;
import dev.morello.testing.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Session settings the tool does not understand refuse the config, naming the key. */
class SessionConfigTest {
    @TempDir
    static Path dir;

    public static class Root {
        @Expose
        public String index(Session session) {
            return session.id();
        }

        @Expose
        public String plain() {
            return "plain";
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> Morello.tree().mount(new Root(), "/plain"));
    }

    @AfterAll
    static void stop() {
        Site.stop();
        Morello.reset();
    }

    private static String refused(Map<String, Object> settings) {
        ConfigRefused e = assertThrows(ConfigRefused.class,
                () -> Morello.tree().mount(new Root(), "/refused", Map.of("/", settings)));
        return e.getMessage();
    }

    @Test
    void anArgumentOfAnotherStorageIsRefused() {
        String m = refused(Map.of("tools.sessions.on", true, "tools.sessions.storage_path", dir.toString()));
        assertTrue(m.contains("storage_path is not an argument of the ram storage"), m);
    }

    @Test
    void anUnknownStorageIsRefused() {
        String m = refused(Map.of("tools.sessions.on", true, "tools.sessions.storage_type", "memcached"));
        assertTrue(m.contains("memcached"), m);
    }

    @Test
    void anUnknownArgumentIsRefusedWithTheNearestOne() {
        String m = refused(Map.of("tools.sessions.on", true, "tools.sessions.timout", 5));
        assertTrue(m.contains("tools.sessions.timout"), m);
    }

    @Test
    void fileStorageWithoutADirectoryIsRefused() throws IOException {
        String m = refused(Map.of("tools.sessions.on", true, "tools.sessions.storage_type", "file"));
        assertTrue(m.contains("storage_path"), m);
        Path missing = dir.resolve("not-there");
        String m2 = refused(Map.of("tools.sessions.on", true, "tools.sessions.storage_type", "file",
                "tools.sessions.storage_path", missing.toString()));
        assertTrue(m2.contains("is not a directory"), m2);
        Files.createDirectories(dir.resolve("ok"));
    }

    @Test
    void sameSiteNoneWithoutSecureIsRefused() {
        String m = refused(Map.of("tools.sessions.on", true, "tools.sessions.samesite", "None"));
        assertTrue(m.contains("secure"), m);
    }

    @Test
    void aLockingModeCherryPyDoesNotHaveIsRefused() {
        String m = refused(Map.of("tools.sessions.on", true, "tools.sessions.locking", "optimistic"));
        assertTrue(m.contains("tools.sessions.locking"), m);
    }

    @Test
    void aSessionParameterWithoutTheToolFailsTheRequestNamingIt() throws IOException {
        Morello.tree().mount(new Root(), "/nosession");
        Site.Reply r = Site.get("/nosession/");
        assertEquals(500, r.status());
        assertEquals("plain", Site.get("/plain/plain").body());
    }
}
