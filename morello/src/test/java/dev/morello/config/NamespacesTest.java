package dev.morello.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.testing.Site;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each config namespace does what its keys say, from files and from maps. */
public class NamespacesTest {
    @TempDir
    Path dir;

    static final List<String> CALLS = new CopyOnWriteArrayList<>();

    public static class Root {
        @Expose
        public String index(Request request) {
            return "root " + request.attribute("audit.level");
        }

        @Expose
        public String attr(Request request) {
            Object flag = request.attribute("custom_flag");
            return String.valueOf(flag);
        }
    }

    /** Named in config as dev.morello.config.NamespacesTest::hook. */
    public static void hook(Request request) {
        CALLS.add("hook " + request.pathInfo());
    }

    /** Named in config as an error page. */
    public static String page(String status, String message, String traceback, String version) {
        return "custom " + status;
    }

    @AfterEach
    void reset() {
        Site.stop();
        Morello.reset();
        CALLS.clear();
    }

    private Path file(String name, String text) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, text);
        return p;
    }

    @Test
    void serverKeysConfigureTheServerAndAnExtraServerServesToo() throws Exception {
        Site.start(() -> {
            Morello.config().update(new StringReader("""
                    [global]
                    server.2.socket_host = "127.0.0.1"
                    server.2.socket_port = 0
                    server.max_request_body_size = 1024
                    """), "extra.conf");
            Morello.tree().mount(new Root());
        });
        assertNotNull(Morello.server("2"));
        int extraPort = Morello.server("2").port();
        assertTrue(extraPort > 0 && extraPort != Site.port());
        assertEquals(1024, Morello.server().config().maxBodySize());
        try (var s = new java.net.Socket("127.0.0.1", extraPort)) {
            s.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes());
            String reply = new String(s.getInputStream().readAllBytes());
            assertTrue(reply.startsWith("HTTP/1.1 200") && reply.endsWith("root null"), reply);
        }
    }

    @Test
    void anExtraServerSwitchedOffDoesNotStart() throws Exception {
        Site.start(() -> Morello.config().update(Map.of("server.x.socket_port", 0, "server.x.on", false)));
        assertEquals(-1, Morello.server("x").port());
    }

    @Test
    void engineKeysSwitchPluginsOnAndOff() throws Exception {
        Path pid = dir.resolve("site.pid");
        Site.start(() -> Morello.config().update(Map.of("engine.pid_file", pid.toString(), "engine.autoreload.on", true)));
        assertTrue(Files.exists(pid));
        assertTrue(Morello.engine().listeners("start").stream().anyMatch(l -> l.toString().contains("Autoreloader")
                || l.toString().contains("SimplePlugin")), "autoreloader subscribed");
        Morello.config().put("engine.autoreload.on", false);
    }

    @Test
    void treeKeysMountApplicationsFromFiles() throws Exception {
        file("app.conf", "[/]\nx.flag = 'from app.conf'\n");
        Path site = file("site.conf", """
                [global]
                tree.main = cherrypy.Application(dev.morello.config.NamespacesTest.Root(), "/main", "app.conf")
                """);
        Site.start(() -> Morello.config().update(site));
        assertEquals("from app.conf", Morello.tree().app("/main").config().get("/").get("x.flag"));
        assertEquals("root null", Site.get("/main/").body());
    }

    @Test
    void hooksNamedByMethodReferenceRun() throws Exception {
        Path app = file("app.conf", "[/]\nhooks.before_handler = dev.morello.config.NamespacesTest::hook\n");
        Site.start(() -> Morello.tree().mount(new Root(), "", app));
        assertEquals(200, Site.get("/").status());
        assertEquals(List.of("hook /"), CALLS);
    }

    @Test
    void errorPagesNamedByMethodReferenceOrTemplateFile() throws Exception {
        Path template = file("404.html", "<p>%(status)s: %(message)s</p>");
        Path app = file("app.conf", "[/]\nerror_page.404 = '" + template.toString().replace("\\", "/") + "'\n"
                + "error_page.default = dev.morello.config.NamespacesTest::page\n");
        Site.start(() -> Morello.tree().mount(new Root(), "", app));
        assertEquals("<p>404 Not Found: The path &#x27;/missing&#x27; was not found.</p>", Site.get("/missing").body());
        Site.Reply r = Site.form("/attr", "unexpected=1");
        assertEquals(400, r.status());
        assertEquals("custom 400 Bad Request", r.body());
    }

    @Test
    void responseHeadersAndRequestAttributesComeFromConfig() throws Exception {
        Site.start(() -> Morello.tree().mount(new Root(), "", Map.of("/", Map.of(
                "response.headers.X-Frame-Options", "DENY",
                "request.custom_flag", "yes"))));
        Site.Reply r = Site.get("/attr");
        assertEquals("DENY", r.header("X-Frame-Options"));
        assertEquals("yes", r.body());
    }

    @Test
    void logKeysWriteAccessAndErrorFiles() throws Exception {
        Path access = dir.resolve("logs/access.log");
        Path errors = dir.resolve("logs/error.log");
        Site.start(() -> {
            Morello.config().update(Map.of("log.access_file", access.toString(), "log.error_file", errors.toString(),
                    "log.access_log_format", "{s} {r}"));
            Morello.tree().mount(new Root());
        });
        Site.get("/");
        assertEquals("200 GET / HTTP/1.1", Files.readString(access).strip());
        Morello.tree().mount(new Object() {
            @Expose
            public String index() {
                throw new IllegalStateException("kaboom");
            }
        }, "/bad");
        Site.get("/bad/");
        String log = Files.readString(errors);
        assertTrue(log.contains("Error at stage 'handler'") && log.contains("kaboom"), log);
    }

    @Test
    void applicationAndRequestNamespacesAreCalled() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        Site.start(() -> {
            Morello.config().namespace("db", (k, v) -> seen.add("site " + k + "=" + v));
            Morello.config().requestNamespace("audit", (request, k, v) -> request.attribute("audit." + k, v));
            Morello.config().update(Map.of("db.pool", 4));
            var app = Morello.tree().mount(new Root(), "", Map.of("/", Map.of("search.index", "main", "audit.level", "high")));
            app.namespace("search", (k, v) -> seen.add("app " + k + "=" + v));
        });
        assertEquals(List.of("site pool=4", "app index=main"), seen);
        assertEquals("root high", Site.get("/").body());
    }

    @Test
    void unknownNamesInValuesAreRefusedWithTheirPlace() {
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> Morello.config().update(new StringReader("[global]\nrequest.dispatch = cherrypy.dispatch.Nonsense()\n"), "bad.conf"));
        assertTrue(e.getMessage().contains("bad.conf:2"), e.getMessage());
        assertFalse(e.getMessage().isBlank());
    }
}
