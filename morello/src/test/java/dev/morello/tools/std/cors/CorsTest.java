package dev.morello.tools.std.cors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Response;
import dev.morello.dispatch.MethodDispatcher;
import dev.morello.testing.Site;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Tools;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The cors tool: preflights answered before the handler, headers on other requests, refusals. */
class CorsTest {
    static final String APP = "https://app.example";
    static final AtomicInteger HANDLED = new AtomicInteger();

    public static class Root {
        @Expose
        public String index() {
            HANDLED.incrementAndGet();
            return "home";
        }

        @Expose
        public String data(Response response) {
            HANDLED.incrementAndGet();
            response.headers().set("X-Total", "3");
            return "data";
        }
    }

    @Expose
    public static class Albums {
        public String GET() {
            HANDLED.incrementAndGet();
            return "albums";
        }
    }

    static Map<String, Object> cors(Object... args) {
        return new LinkedHashMap<>(Tools.on("cors", args));
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root(), "", Map.of("/", cors("origins", List.of(APP),
                    "methods", List.of("GET", "POST", "PUT"), "headers", List.of("Content-Type", "X-Token"),
                    "expose_headers", List.of("X-Total"), "max_age", 600)));
            Morello.tree().mount(new Root(), "/any", Map.of("/", cors("origins", "*", "methods", "*", "headers", "*")));
            Morello.tree().mount(new Root(), "/cred", Map.of("/", cors("origins", "*", "credentials", true)));
            Morello.tree().mount(new Root(), "/pat", Map.of("/", cors("pattern", "https://[a-z]+\\.example\\.org")));
            Map<String, Object> rest = cors("origins", List.of(APP), "methods", List.of("GET", "DELETE"));
            rest.put("request.dispatch", new MethodDispatcher());
            Morello.tree().mount(new Albums(), "/albums", Map.of("/", rest));
            Map<String, Object> locked = cors("origins", List.of(APP), "headers", List.of("Authorization"));
            locked.putAll(Tools.on("auth_basic", "realm", "r", "checkpassword", Map.of("u", "p")));
            Morello.tree().mount(new Root(), "/locked", Map.of("/", locked));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    static Site.Reply send(String method, String path, String... headers) throws Exception {
        StringBuilder b = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port()
                + "\r\nConnection: close\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return Site.request(b.append("\r\n").toString());
    }

    static Site.Reply preflight(String path, String origin, String method, String headers) throws Exception {
        return headers == null
                ? send("OPTIONS", path, "Origin: " + origin, "Access-Control-Request-Method: " + method)
                : send("OPTIONS", path, "Origin: " + origin, "Access-Control-Request-Method: " + method,
                        "Access-Control-Request-Headers: " + headers);
    }

    @Test
    void anAllowedPreflightIs204WithTheCorsHeadersAndNoHandler() throws Exception {
        HANDLED.set(0);
        Site.Reply r = preflight("/data", APP, "PUT", "content-type, x-token");
        assertEquals(204, r.status());
        assertEquals(APP, r.header("Access-Control-Allow-Origin"));
        assertEquals("GET, POST, PUT", r.header("Access-Control-Allow-Methods"));
        assertEquals("Content-Type, X-Token", r.header("Access-Control-Allow-Headers"));
        assertEquals("600", r.header("Access-Control-Max-Age"));
        assertTrue(r.header("Vary").contains("Origin"), r.header("Vary"));
        assertNull(r.header("Access-Control-Allow-Credentials"));
        assertEquals(0, HANDLED.get());
    }

    @Test
    void aPreflightFromAnotherOriginIs403WithoutCorsHeaders() throws Exception {
        Site.Reply r = preflight("/data", "https://evil.example", "GET", null);
        assertEquals(403, r.status());
        assertNull(r.header("Access-Control-Allow-Origin"));
        assertNull(r.header("Access-Control-Allow-Methods"));
    }

    @Test
    void aPreflightForAMethodNotListedIs403() throws Exception {
        Site.Reply r = preflight("/data", APP, "DELETE", null);
        assertEquals(403, r.status());
        assertNull(r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void aPreflightForAHeaderNotListedIs403() throws Exception {
        Site.Reply r = preflight("/data", APP, "GET", "x-token, x-other");
        assertEquals(403, r.status());
        assertTrue(r.body().contains("x-other"), r.body());
    }

    @Test
    void aPreflightIsAnsweredWhereTheResourceOnlyHasGet() throws Exception {
        assertEquals(405, send("OPTIONS", "/albums/").status());
        Site.Reply r = preflight("/albums/", APP, "DELETE", null);
        assertEquals(204, r.status());
        assertEquals(APP, r.header("Access-Control-Allow-Origin"));
        assertEquals("GET, DELETE", r.header("Access-Control-Allow-Methods"));
    }

    @Test
    void aPreflightIsAnsweredWhereTheHandlerWouldBe404() throws Exception {
        assertEquals(204, preflight("/nowhere", APP, "GET", null).status());
    }

    @Test
    void aPreflightToAnIndexWithoutItsSlashIsNotRedirected() throws Exception {
        assertEquals(204, preflight("/any", APP, "GET", null).status());
    }

    @Test
    void aPreflightNeedsNoCredentialsWhereAuthenticationIsOn() throws Exception {
        assertEquals(401, send("GET", "/locked/", "Origin: " + APP).status());
        Site.Reply r = preflight("/locked/", APP, "GET", "authorization");
        assertEquals(204, r.status());
        assertEquals("Authorization", r.header("Access-Control-Allow-Headers"));
    }

    @Test
    void anAllowedOriginGetsAllowOriginExposeHeadersAndVary() throws Exception {
        Site.Reply r = send("GET", "/data", "Origin: " + APP);
        assertEquals("data", r.body());
        assertEquals(APP, r.header("Access-Control-Allow-Origin"));
        assertEquals("X-Total", r.header("Access-Control-Expose-Headers"));
        assertEquals("Origin", r.header("Vary"));
    }

    @Test
    void anotherOriginIsServedWithoutAllowOriginButWithVary() throws Exception {
        Site.Reply r = send("GET", "/data", "Origin: https://evil.example");
        assertEquals(200, r.status());
        assertNull(r.header("Access-Control-Allow-Origin"));
        assertEquals("Origin", r.header("Vary"));
        assertEquals("Origin", send("GET", "/data").header("Vary"));
    }

    @Test
    void originsAreComparedWithoutRegardToCase() throws Exception {
        assertEquals("https://APP.example", send("GET", "/data", "Origin: https://APP.example").header("Access-Control-Allow-Origin"));
    }

    @Test
    void anyOriginIsAStarWithoutVary() throws Exception {
        Site.Reply r = send("GET", "/any/data", "Origin: https://whoever.example");
        assertEquals("*", r.header("Access-Control-Allow-Origin"));
        assertNull(r.header("Vary"));
    }

    @Test
    void starMethodsAndHeadersEchoWhatThePreflightAsks() throws Exception {
        Site.Reply r = preflight("/any/data", "https://whoever.example", "PATCH", "X-A, Authorization");
        assertEquals(204, r.status());
        assertEquals("PATCH", r.header("Access-Control-Allow-Methods"));
        assertEquals("x-a, authorization", r.header("Access-Control-Allow-Headers"));
    }

    @Test
    void credentialsEchoTheOriginInsteadOfAStar() throws Exception {
        Site.Reply r = send("GET", "/cred/data", "Origin: https://whoever.example");
        assertEquals("https://whoever.example", r.header("Access-Control-Allow-Origin"));
        assertEquals("true", r.header("Access-Control-Allow-Credentials"));
        assertEquals("Origin", r.header("Vary"));
    }

    @Test
    void credentialsNeverEchoTheNullOriginOfAStar() throws Exception {
        assertNull(send("GET", "/cred/data", "Origin: null").header("Access-Control-Allow-Origin"));
    }

    @Test
    void aPatternMustMatchTheWholeOrigin() throws Exception {
        assertEquals("https://foo.example.org",
                send("GET", "/pat/data", "Origin: https://foo.example.org").header("Access-Control-Allow-Origin"));
        assertNull(send("GET", "/pat/data", "Origin: https://foo.example.org.evil.example").header("Access-Control-Allow-Origin"));
    }

    @Test
    void errorPagesCarryTheCorsHeaders() throws Exception {
        Site.Reply r = send("GET", "/missing", "Origin: " + APP);
        assertEquals(404, r.status());
        assertEquals(APP, r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void anOptionsRequestWithoutRequestMethodIsNoPreflight() throws Exception {
        HANDLED.set(0);
        Site.Reply r = send("OPTIONS", "/data", "Origin: " + APP);
        assertEquals(200, r.status());
        assertEquals(1, HANDLED.get());
        assertEquals(APP, r.header("Access-Control-Allow-Origin"));
    }

    @Test
    void anOriginWithAPathIsRefusedAtSetup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CorsTool.tool()
                .setups(ToolArgs.of("cors", Map.of("origins", List.of("https://app.example/"))), 5));
        assertTrue(e.getMessage().contains("no path"), e.getMessage());
    }

    @Test
    void aBadPatternIsRefusedAtSetup() {
        assertThrows(IllegalArgumentException.class,
                () -> CorsTool.tool().setups(ToolArgs.of("cors", Map.of("pattern", "https://(")), 5));
    }
}
