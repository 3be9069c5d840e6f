package dev.morello.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Application;
import dev.morello.Morello;
import dev.morello.internal.site.Checker;
import dev.morello.testing.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CherryPy's own sample config files load unchanged and take effect. */
class SampleConfigsTest {
    @TempDir
    Path dir;

    private Path sample(String name) throws IOException {
        Path target = dir.resolve(name);
        try (var in = getClass().getResourceAsStream("/samples/" + name)) {
            Files.copy(in, target);
        }
        return target;
    }

    @AfterEach
    void reset() {
        Morello.reset();
    }

    @Test
    void tutorialConfigSetsTheServer() throws Exception {
        Morello.reset();
        Morello.config().update(sample("tutorial.conf"));
        assertEquals("127.0.0.1", Morello.config().get("server.socket_host"));
        assertEquals(8080, Morello.config().get("server.socket_port"));
        assertEquals(10, Morello.config().get("server.thread_pool"));
        assertEquals("127.0.0.1", Morello.server().config().host());
        assertEquals(8080, Morello.server().config().port());
        assertEquals(10, Morello.server().config().maxConcurrentRequests());
    }

    @Test
    void oldTutorialConfigLoadsAndItsObsoleteKeysAreReported() throws Exception {
        Morello.reset();
        Path file = sample("tutorial-old.conf");
        Morello.config().update(file);
        assertEquals(8080, Morello.server().config().port());
        List<String> warnings = Checker.run(Morello.tree(), Morello.config());
        assertTrue(warnings.stream().anyMatch(w -> w.contains(file + ":4") && w.contains("'server.environment' is obsolete")
                && w.contains("'environment'")), warnings.toString());
    }

    @Test
    void scaffoldSiteConfigMountsTheAppWithItsOwnConfigAndServes() throws Exception {
        Path site = sample("site.conf");
        sample("example.conf");
        Site.start(() -> {
            Morello.config().update(site);
            // the sample binds every interface on 8088; the test keeps to loopback and a free port
            Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
        });
        Application app = Morello.tree().app("/");
        assertInstanceOf(scaffold.root.class, app.root());
        assertEquals("error.log", app.config().get("/").get("log.error_file"));
        assertEquals("0.0.0.0", app.config().get("global").get("server.socket_host"));

        Site.Reply r = Site.get("/");
        assertEquals(200, r.status());
        assertEquals("scaffold index", r.body());
        // log.access_file in the app's [/] section took effect, beside the config file
        Path access = dir.resolve("access.log");
        for (int i = 0; i < 50 && !Files.exists(access); i++) {
            Thread.sleep(20);
        }
        String line = Files.readString(access);
        assertTrue(line.contains("\"GET / HTTP/1.1\" 200 14"), line);
    }

    @Test
    void scaffoldSiteConfigAsWrittenBindsItsAddress() throws Exception {
        Morello.reset();
        Path site = sample("site.conf");
        sample("example.conf");
        Morello.config().update(site);
        assertEquals("0.0.0.0", Morello.server().config().host());
        assertEquals(8088, Morello.server().config().port());
    }

    @Test
    void theTutorialConfigsPassTheStartCheckAndServe() throws Exception {
        for (String name : List.of("tutorial.conf", "tutorial-old.conf")) {
            Path conf = sample(name);
            Site.start(() -> {
                Morello.config().update(conf);
                Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
                Morello.tree().mount(new scaffold.root(), "", conf);
            });
            try {
                assertEquals(200, Site.get("/").status(), name);
            } finally {
                Site.stop();
            }
        }
    }
}
