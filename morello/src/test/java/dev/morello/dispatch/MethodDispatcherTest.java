package dev.morello.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.testing.Site;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** REST by HTTP method: the resource by path, the method by verb, Allow on every response. */
class MethodDispatcherTest {
    @Expose
    public static class Things {
        public Items items = new Items();
        public String stored = "none";

        public String GET(Optional<String> name) {
            return "list " + name.orElse("all");
        }

        public String POST(String title) {
            stored = title;
            return "created " + title;
        }

        public String PUT(String id, String title) {
            return "put " + id + "=" + title;
        }

        @Config("x.verb = 'delete'")
        public String DELETE(Request request, String id) {
            return "deleted " + id + " " + request.config("x.verb");
        }
    }

    @Expose
    public static class Items {
        public String GET(String id) {
            return "item " + id;
        }

        public String PURGE() {
            return "purged";
        }
    }

    /** Not exposed: the method dispatcher looks past it. */
    public static class Plain {
        public String GET() {
            return "never";
        }
    }

    public static class Holder {
        public Plain plain = new Plain();
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            MethodDispatcher d = new MethodDispatcher();
            Morello.tree().mount(new Things(), "/things", Map.of("/", Map.of("request.dispatch", d)));
            Morello.tree().mount(new Holder(), "/holder", Map.of("/", Map.of("request.dispatch", d)));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    @Test
    void getAndQueryParameters() throws Exception {
        Site.Reply r = Site.get("/things/");
        assertEquals(200, r.status());
        assertEquals("list all", r.body());
        assertEquals("list bob", Site.get("/things/?name=bob").body());
    }

    @Test
    void everyResponseCarriesTheSortedAllowWithHeadForGet() throws Exception {
        assertEquals("DELETE, GET, HEAD, POST, PUT", Site.get("/things/").header("Allow"));
        assertEquals("GET, HEAD, PURGE", Site.get("/things/items/7").header("Allow"));
    }

    @Test
    void postPutAndDeleteBindFromBodyAndPath() throws Exception {
        assertEquals("created hello", Site.form("/things/", "title=hello").body());
        Site.Reply put = Site.request("PUT /things/42 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 7\r\n\r\ntitle=t");
        assertEquals("put 42=t", put.body());
        assertEquals("deleted 9 delete", Site.method("DELETE", "/things/9").body());
    }

    @Test
    void headFallsBackToGet() throws Exception {
        Site.Reply r = Site.method("HEAD", "/things/items/3");
        assertEquals(200, r.status());
        assertEquals("6", r.header("Content-Length"));
    }

    @Test
    void aVerbWithoutAMethodIs405WithAllow() throws Exception {
        Site.Reply r = Site.request("PATCH /things/ HTTP/1.1\r\nHost: x\r\nConnection: close\r\nContent-Length: 0\r\n\r\n");
        assertEquals(405, r.status());
        assertEquals("DELETE, GET, HEAD, POST, PUT", r.header("Allow"));
        assertEquals(405, Site.method("OPTIONS", "/things/").status());
    }

    @Test
    void customVerbsAreMethodsToo() throws Exception {
        assertEquals("purged", Site.method("PURGE", "/things/items/").body());
    }

    @Test
    void mismatchedParametersFollowTheObjectDispatchersRules() throws Exception {
        assertEquals(404, Site.get("/things/items/").status()); // GET needs id
        assertEquals(404, Site.get("/things/?bogus=1").status());
    }

    @Test
    void noExposedResourceIs404() throws Exception {
        Site.Reply r = Site.get("/holder/plain/");
        assertEquals(404, r.status());
        assertTrue(r.body().contains("was not found"), r.body());
    }
}
