package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.testing.Site;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The launcher's options, applied as it applies them before starting the engine. */
class MorellodTest {
    @TempDir
    Path dir;

    public static class Hello {
        @Expose
        public String index(Request request) {
            return "hello " + request.config("x.greeting");
        }
    }

    /** Mounts itself, as a class given to -i may. */
    public static class SelfMounting {
        public static void mount() {
            Morello.tree().mount(new Hello(), "/self");
        }
    }

    @AfterEach
    void reset() {
        Morello.reset();
    }

    @Test
    void loadsConfigFilesClassesEnvironmentAndOverridesThenServes() throws Exception {
        Path conf = dir.resolve("site.conf");
        Files.writeString(conf, "[global]\nserver.socket_host = '127.0.0.1'\nserver.socket_port = 8080\n\n[/]\nx.greeting = 'from the file'\n");
        Path pid = dir.resolve("run/morellod.pid");
        Morellod.prepare(new String[] {"-c", conf.toString(), "-e", "staging", "-i", Hello.class.getName(),
            "-i", SelfMounting.class.getName(), "-p", pid.toString(), "--set", "server.socket_port=0",
            "--set", "x.note=plain words"});
        assertEquals("staging", Morello.config().get("environment"));
        assertEquals(false, Morello.config().get("request.show_tracebacks"));
        assertEquals("plain words", Morello.config().get("x.note"));
        Morello.engine().start();
        try {
            assertTrue(Files.exists(pid));
            assertEquals("hello from the file", Site.get("/").body());
            assertEquals(200, Site.get("/self/").status());
        } finally {
            Morello.engine().exit();
        }
        assertTrue(!Files.exists(pid), "the PID file goes on exit");
    }

    @Test
    void refusesUnknownOptionsAndMissingFilesWithUsage() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Morellod.prepare(new String[] {"-x"}));
        assertTrue(e.getMessage().contains("usage: morellod"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Morellod.prepare(new String[] {"-c", dir.resolve("none.conf").toString()}));
        assertTrue(e.getMessage().contains("no config file"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Morellod.prepare(new String[] {"-i", "no.such.Thing"}));
        assertTrue(e.getMessage().contains("no class no.such.Thing"), e.getMessage());
    }
}
