package dev.morello.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Application;
import dev.morello.Config;
import dev.morello.ConfigSections;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.dispatch.Dispatchable;
import dev.morello.engine.Bus;
import dev.morello.engine.ChannelFailures;
import dev.morello.engine.State;
import dev.morello.engine.Refusal;
import dev.morello.testing.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Config Morello does not understand is never served around: it stops the start (whatever the
 * environment, with the checker on or off), or the mount on a running site, with one line naming
 * where the entry is written, the entry, and the nearest valid name. Config only a request can
 * reach fails closed: a 500 naming the entry.
 */
class RefusedConfigTest {
    @TempDir
    Path dir;

    public static class Root {
        @Expose
        public String index() {
            return "index";
        }

        @Expose
        public String page() {
            return "page";
        }
    }

    /** Reached only through {@link Dispatchable}: its config is known to a request, not before. */
    @Config("tools.xmlrpc.on = True")
    public static class Secret {
        @Expose
        public String index() {
            return "secret";
        }
    }

    public static class Dynamic {
        public final Object albums = (Dispatchable) vpath -> {
            vpath.remove(0);
            return new Secret();
        };

        @Expose
        public String index() {
            return "dynamic";
        }
    }

    @Config("tools.gzip.compresslevel = 9")
    public static class Annotated {
        @Expose
        public String index() {
            return "annotated";
        }
    }

    @ConfigSections("Databases")
    public static class OwnSections extends Root {
    }

    @AfterEach
    void stop() {
        Site.stop();
        Morello.reset();
    }

    private Path file(String name, String text) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, text);
        return f;
    }

    /** Starts a site whose config is the file's, and returns why the start was refused. */
    private static ConfigRefused refusedStart(Path conf) {
        AtomicBoolean served = new AtomicBoolean();
        ChannelFailures failed = assertThrows(ChannelFailures.class, () -> Site.start(() -> {
            Morello.config().update(conf);
            Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
            Morello.tree().mount(new Root(), "", conf);
            // at the server's priority: what would bind the port
            Morello.engine().subscribe(Bus.START, args -> served.set(true), 75);
        }));
        Refusal veto = assertInstanceOf(Refusal.class, failed.failures().get(failed.failures().size() - 1));
        assertNotEquals(State.STARTED, Morello.engine().state(), "the site did not start");
        assertFalse(served.get(), "nothing after the check started");
        assertNull(Morello.server().httpServer());
        return assertInstanceOf(ConfigRefused.class, veto.getCause());
    }

    @Test
    void anUnregisteredToolStopsTheStartUnderProductionWithTheCheckerOff() throws Exception {
        Path conf = file("site.conf", """
                [global]
                environment = "production"

                [/]
                tools.xmlrpc.on = True
                """);
        ConfigRefused e = refusedStart(conf);
        assertEquals(conf + ":5: 'tools.xmlrpc.on' names no registered tool: there is no tool 'xmlrpc'"
                + " in tools. Register it before the engine starts, or remove the entry.", e.getMessage());
        assertEquals(false, Morello.config().get("checker.on"), "production turned the checker off");
    }

    @Test
    void aMisspeltToolIsRefusedWithTheNearestRegisteredName() throws Exception {
        Path conf = file("site.conf", """
                [/]
                tools.gzp.on = True
                """);
        assertEquals(conf + ":2: 'tools.gzp.on' names no registered tool: there is no tool 'gzp' in tools."
                + " Did you mean 'tools.gzip.on'?", refusedStart(conf).getMessage());
    }

    @Test
    void anUnknownArgumentOfAKnownToolIsRefusedWithTheNearestArgument() throws Exception {
        Path conf = file("site.conf", """
                [/]
                tools.gzip.on = True
                tools.gzip.compresslevel = 9
                """);
        assertEquals(conf + ":3: 'tools.gzip.compresslevel' is not an argument of the tool gzip."
                + " Did you mean 'tools.gzip.compress_level'?", refusedStart(conf).getMessage());
    }

    @Test
    void aValueOutOfRangeIsRefused() throws Exception {
        Path conf = file("site.conf", """
                [/]
                tools.gzip.on = True
                tools.gzip.compress_level = 12
                """);
        assertEquals(conf + ":3: 'tools.gzip.compress_level' is 12: it must be an integer: 0 to 9.",
                refusedStart(conf).getMessage());
    }

    @Test
    void anErrorPageFileThatDoesNotExistIsRefused() throws Exception {
        Path missing = dir.resolve("missing-404.html");
        Path conf = file("site.conf", "[/]\nerror_page.404 = \"" + missing + "\"\n");
        assertEquals(conf + ":2: 'error_page.404' names the template file '" + missing + "', which does not exist.",
                refusedStart(conf).getMessage());
    }

    @Test
    void aSectionThatIsNeitherGlobalNorAPathIsRefused() throws Exception {
        Path conf = file("site.conf", """
                [/]
                tools.trailing_slash.on = True

                [static2]
                tools.staticdir.on = True
                """);
        String message = refusedStart(conf).getMessage();
        assertTrue(message.startsWith(conf + ":4: the section [static2] is neither [global] nor a path,"), message);
        assertTrue(message.contains("Did you mean [/static2]?"), message);
        assertFalse(message.contains("\n"), "one line: " + message);
    }

    @Test
    void aSectionTheApplicationDeclaresIsKeptForIt() throws Exception {
        Path conf = file("app.conf", """
                [Databases]
                driver = "postgres"
                """);
        Site.start(() -> Morello.tree().mount(new OwnSections(), "", conf));
        assertEquals("postgres", Morello.tree().app("").config().get("Databases").get("driver"));
        assertEquals(200, Site.get("/").status());
    }

    @Test
    void anAnnotationIsCheckedLikeAFile() {
        ChannelFailures failed = assertThrows(ChannelFailures.class,
                () -> Site.start(() -> Morello.tree().mount(new Annotated(), "/a", Map.of())));
        assertEquals("@Config on " + Annotated.class.getName() + ", entry 1: 'tools.gzip.compresslevel' is not an"
                + " argument of the tool gzip. Did you mean 'tools.gzip.compress_level'?",
                failed.failures().get(0).getCause().getMessage());
    }

    @Test
    void aMountAfterTheStartIsRefusedAndNothingIsMounted() throws Exception {
        Site.start(() -> Morello.tree().mount(new Root(), ""));
        Path conf = file("late.conf", """
                [/]
                tools.gzip.on = True
                tools.gzip.compress_level = 12
                """);
        ConfigRefused e = assertThrows(ConfigRefused.class, () -> Morello.tree().mount(new Root(), "/late", conf));
        assertEquals(conf + ":3: 'tools.gzip.compress_level' is 12: it must be an integer: 0 to 9.", e.getMessage());
        assertEquals(404, Site.get("/late/page").status(), "not mounted");
        assertEquals("page", Site.get("/page").body(), "the site serves on");
    }

    @Test
    void aMergeIntoARunningApplicationIsRefusedAndItKeepsItsConfig() throws Exception {
        Site.start(() -> Morello.tree().mount(new Root(), "", Map.of("/page", Map.of("tools.gzip.on", true))));
        Application app = Morello.tree().app("");
        ConfigRefused e = assertThrows(ConfigRefused.class,
                () -> app.merge(Map.of("/page", Map.of("tools.xmlrpc.on", true))));
        assertTrue(e.getMessage().contains("'tools.xmlrpc.on' names no registered tool"), e.getMessage());
        assertFalse(app.config().get("/page").containsKey("tools.xmlrpc.on"));
        Site.Reply r = Site.request("GET /page HTTP/1.1\r\nHost: x\r\nAccept-Encoding: gzip\r\nConnection: close\r\n\r\n");
        assertEquals(200, r.status());
        assertEquals("gzip", r.header("Content-Encoding"), "served with the config it had");
    }

    @Test
    void configOnlyARequestCanReachFailsClosedNamingTheKey() throws Exception {
        Site.start(() -> Morello.tree().mount(new Dynamic(), ""));
        assertEquals("dynamic", Site.get("/").body());
        Site.Reply r = Site.get("/albums/7/");
        assertEquals(500, r.status());
        assertTrue(r.body().contains("The config is refused: &#x27;tools.xmlrpc.on&#x27; names no registered tool"),
                r.body());
        assertFalse(r.body().contains("secret"), r.body());
    }

    @Test
    void cherryPyConfigStillLoadsAndServes() throws Exception {
        Path page = file("404.html", "gone: %(status)s");
        Path statics = Files.createDirectory(dir.resolve("static"));
        Files.writeString(statics.resolve("a.txt"), "static a");
        Path conf = file("app.conf", """
                [global]
                server.socket_host = "127.0.0.1"
                server.socket_port = 8080
                server.thread_pool = 10
                environment = "production"
                log.screen = False

                [/]
                tools.gzip.on = True
                tools.gzip.mime_types = ["text/*"]
                tools.encode.on = True
                tools.encode.encoding = "utf-8"
                tools.trailing_slash.on = True
                request.show_tracebacks = False
                error_page.404 = "%s"

                [/static]
                tools.staticdir.on = True
                tools.staticdir.dir = "%s"
                """.formatted(page, statics));
        Site.start(() -> {
            Morello.config().update(conf);
            Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
            Morello.tree().mount(new Root(), "", conf);
        });
        assertEquals(State.STARTED, Morello.engine().state());
        assertEquals("page", Site.get("/page").body());
        assertEquals("static a", Site.get("/static/a.txt").body());
        Site.Reply missing = Site.get("/nothing");
        assertEquals(404, missing.status());
        assertTrue(missing.body().startsWith("gone: 404"), missing.body());
    }
}
