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
        public String stored(Session session) {
            session.put("stored", true);
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

    @Test
    void aCherryPyConfigFileWithFileSessionsLoadsUnchanged() throws IOException {
        Path sessions = Files.createDirectories(dir.resolve("cp-sessions"));
        Path conf = dir.resolve("site.conf");
        Files.writeString(conf, """
                [/]
                tools.sessions.on = True
                tools.sessions.storage_class = cherrypy.lib.sessions.FileSession
                tools.sessions.storage_path = "%s"
                tools.sessions.timeout = 10
                """.formatted(sessions.toString().replace("\\", "\\\\")));
        Morello.tree().mount(new Root(), "/cpfile", conf);
        Site.Reply r = Site.get("/cpfile/stored");
        assertEquals(200, r.status());
        assertTrue(Files.exists(sessions.resolve("session-" + r.body())), "the session is a file in storage_path");
        assertTrue(r.header("Set-Cookie").contains("Max-Age=600"), r.header("Set-Cookie"));
    }

    @Test
    void aCherryPyConfigFileWithTheOldStorageTypeLoadsUnchanged() throws IOException {
        Path sessions = Files.createDirectories(dir.resolve("cp-type"));
        Path conf = dir.resolve("type.conf");
        Files.writeString(conf, """
                [/]
                tools.sessions.on = True
                tools.sessions.storage_type = 'File'
                tools.sessions.storage_path = '%s'
                """.formatted(sessions.toString().replace("\\", "\\\\")));
        Morello.tree().mount(new Root(), "/cptype", conf);
        Site.Reply r = Site.get("/cptype/stored");
        assertTrue(Files.exists(sessions.resolve("session-" + r.body())));
    }

    @Test
    void memcachedSessionsAreRefusedByName() throws IOException {
        Path conf = dir.resolve("memcached.conf");
        Files.writeString(conf, """
                [/]
                tools.sessions.on = True
                tools.sessions.storage_class = cherrypy.lib.sessions.MemcachedSession
                """);
        Exception e = assertThrows(Exception.class, () -> Morello.tree().mount(new Root(), "/memcached", conf));
        assertTrue(String.valueOf(e.getMessage()).contains("MemcachedSession"), e.getMessage());
    }
}
