package dev.morello.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.testing.Site;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Virtual hosts: a path prefix per host inside one app, and a whole application per host. */
class VirtualHostTest {
    public static class Section {
        private final String name;

        Section(String name) {
            this.name = name;
        }

        @Expose
        public String index() {
            return name + " home";
        }

        @Expose
        public String page(Request request) {
            return name + " page " + request.pathInfo();
        }
    }

    public static class Root {
        public Section example = new Section("example");
        public Section shop = new Section("shop");

        @Expose
        public String index() {
            return "default home";
        }
    }

    public static class Other {
        @Expose
        public String index() {
            return "other site";
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root(), "", Map.of("/", Map.of("request.dispatch",
                    new VirtualHost(new ObjectDispatcher(), Map.of("www.example.com", "/example", "shop.example.com:8080", "/shop/"), true))));
            Morello.tree().virtualHost("other.example.org", new Other(), Map.of("/", Map.of()));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    private static Site.Reply get(String path, String host, String... extra) throws Exception {
        StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: " + host + "\r\nConnection: close\r\n");
        for (String e : extra) {
            b.append(e).append("\r\n");
        }
        return Site.request(b.append("\r\n").toString());
    }

    @Test
    void theHostPicksThePrefix() throws Exception {
        assertEquals("example home", get("/", "www.example.com").body());
        // the request keeps its path; only the dispatcher sees the prefix (as in CherryPy)
        assertEquals("example page /page", get("/page", "WWW.Example.com:80").body());
        assertEquals("shop home", get("/", "shop.example.com:8080").body());
    }

    @Test
    void otherHostsGetThePathAsIs() throws Exception {
        assertEquals("default home", get("/", "unknown.example.net").body());
        assertEquals("example home", get("/example/", "unknown.example.net").body());
    }

    @Test
    void forwardedHostIsUsedWhenTrusted() throws Exception {
        assertEquals("example home", get("/", "proxy.internal", "X-Forwarded-Host: www.example.com").body());
    }

    @Test
    void aWholeApplicationPerHost() throws Exception {
        assertEquals("other site", get("/", "other.example.org").body());
        assertEquals("other site", get("/", "Other.Example.org:8080").body());
        assertEquals(404, get("/nothing", "other.example.org").status());
    }
}
