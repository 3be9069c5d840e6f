package dev.morello.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Default;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.testing.Site;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link Request#pathTemplate()}: what the dispatcher's match stands for, the same for every path
 * its handler answers. Each handler here answers with the template of its request.
 */
class PathTemplateTest {
    public static class Root {
        public Users users = new Users();
        public Albums albums = new Albums();
        public Archive archive = new Archive();
        public Widget widget = new Widget();

        @Expose
        public String index(Request request) {
            return request.pathTemplate();
        }

        @Expose
        public String about(Request request) {
            return request.pathTemplate();
        }

        @Expose
        public String page(Request request, String... rest) {
            return request.pathTemplate();
        }
    }

    public static class Users {
        @Expose
        public String index(Request request) {
            return request.pathTemplate();
        }

        @Default
        public String show(Request request, String... rest) {
            return request.pathTemplate();
        }
    }

    /** Takes the album's id from the path itself. */
    public static class Albums implements Dispatchable {
        @Override
        public Object dispatch(List<String> vpath) {
            vpath.remove(0);
            return new Album();
        }
    }

    public static class Album {
        @Expose
        public String index(Request request) {
            return request.pathTemplate();
        }

        @Expose
        public String tracks(Request request) {
            return request.pathTemplate();
        }
    }

    @PopArgs({"year", "month"})
    public static class Archive {
        @Expose
        public String index(Request request, String year, String month) {
            return request.pathTemplate();
        }
    }

    @Expose
    public static class Widget {
        public String GET(Request request, String... rest) {
            return request.pathTemplate();
        }
    }

    public static class Posts {
        public String show(Request request, String year, String slug) {
            return request.pathTemplate();
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root(), "", Map.of("/widget", Map.of("request.dispatch", new MethodDispatcher())));
            Morello.tree().mount(null, "/blog", Map.of("/", Map.of("request.dispatch",
                    new RoutesDispatcher().connect("post", "/{year}/{slug}", new Posts(), "show"))));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({
            // a path walked member by member is its own template
            "/,                 /",
            "/about,            /about",
            "/users/,           /users/",
            // what the path gives the handler as arguments is one *
            "/page/1,           /page/*",
            "/page/1/2/3,       /page/*",
            "/users/17,         /users/*",
            "/users/17/photos,  /users/*",
            // segments a node takes as values are a * each
            "/albums/42/,       /albums/*/",
            "/albums/43/tracks, /albums/*/tracks",
            "/archive/2026/11/, /archive/*/*/",
            // the method dispatcher: the resource's path
            "/widget/9,         /widget/*",
            // routes: the pattern
            "/blog/2026/hello,  /{year}/{slug}",
            "/blog/2025/other,  /{year}/{slug}",
    })
    void isTheSameForEveryPathTheHandlerAnswers(String path, String template) throws Exception {
        Site.Reply r = Site.get(path);
        assertEquals(200, r.status(), r::body);
        assertEquals(template, r.body());
    }
}
