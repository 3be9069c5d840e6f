package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.testing.Site;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class SmokeTest {
    public static class Sub {
        @Expose public String index() {
            return "sub index";
        }

        @Expose public String page() {
            return "sub page";
        }
    }

    public static class Root {
        public Sub sub = new Sub();

        @Expose public String index() {
            return "Hello! How are you?";
        }

        @Expose public String generate(@Param(defaultValue = "9") int length) {
            return "x".repeat(length);
        }

        @Expose public String boom() {
            throw new IllegalStateException("kaboom");
        }
    }

    public static class ReadOnly {
        @Expose public String index() {
            return "read";
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root());
            Morello.tree().mount(new ReadOnly(), "/ro", java.util.Map.of("/", java.util.Map.of("tools.allow.on", true)));
        });
    }

    @Test
    void allowToolRefusesOtherMethodsWith405AndAllow() throws Exception {
        Site.Reply ok = Site.get("/ro/");
        assertEquals(200, ok.status());
        assertEquals("GET, HEAD", ok.header("Allow"));
        Site.Reply refused = Site.method("DELETE", "/ro/");
        assertEquals(405, refused.status());
        assertEquals("GET, HEAD", refused.header("Allow"));
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    @Test
    void servesIndex() throws Exception {
        Site.Reply r = Site.get("/");
        assertEquals(200, r.status(), r.raw() + r.body());
        assertEquals("Hello! How are you?", r.body());
        assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
    }

    @Test
    void bindsParameters() throws Exception {
        assertEquals("xxxxxxxxx", Site.get("/generate").body());
        assertEquals("xxx", Site.get("/generate?length=3").body());
        assertEquals("xxxx", Site.get("/generate/4").body());
        assertEquals(400, Site.get("/generate?length=abc").status());
        assertEquals(404, Site.get("/generate?bogus=1").status());
    }

    @Test
    void redirectsIndexWithoutSlash() throws Exception {
        Site.Reply r = Site.get("/sub");
        assertEquals(301, r.status());
        assertEquals("http://127.0.0.1:" + Site.port() + "/sub/", r.header("Location"));
        assertEquals("sub page", Site.get("/sub/page").body());
    }

    @Test
    void unexpectedErrorIs500WithTrace() throws Exception {
        Site.Reply r = Site.get("/boom");
        assertEquals(500, r.status());
        assertTrue(r.body().contains("kaboom"), r.body());
        assertTrue(r.body().contains("at dev.morello.SmokeTest$Root.boom"), r.body());
        assertEquals(404, Site.get("/nope").status());
        assertTrue(Site.get("/nope").body().contains("The path &#x27;/nope&#x27; was not found."), Site.get("/nope").body());
    }
}
