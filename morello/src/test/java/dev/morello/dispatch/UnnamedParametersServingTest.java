package dev.morello.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.testing.Javac;
import dev.morello.testing.Site;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Classes compiled without {@code -parameters}, served through a real server on a free port:
 * named with {@code @Param("name")} they bind as if compiled with it; parameters that need no name
 * bind as always; a handler only a request reaches answers 500 naming itself and the fix, and
 * never binds a request to the wrong parameter.
 */
class UnnamedParametersServingTest {
    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        Site.stop();
        Morello.reset();
    }

    @Test
    void parametersNamedWithParamBindByThatName() throws Exception {
        ClassLoader app = Javac.compile(dir, Map.of("app/Maker.java", """
                package app;
                import dev.morello.Expose;
                import dev.morello.Param;
                public class Maker {
                    @Expose public String index() { return "Hello! How are you?"; }
                    @Expose public String generate(@Param(value = "length", defaultValue = "9") int length) {
                        return "x".repeat(length);
                    }
                    @Expose public String find(@Param("q") String query, @Param("page") int page) { return query + "@" + page; }
                }
                """));
        Site.start(() -> Morello.tree().mount(Javac.instance(app, "app.Maker")));
        assertEquals("Hello! How are you?", Site.get("/").body());
        assertEquals("xxxx", Site.get("/generate?length=4").body());
        assertEquals("xxxx", Site.get("/generate/4").body());
        assertEquals("xxxxxxxxx", Site.get("/generate").body());
        assertEquals("cherry@2", Site.get("/find?q=cherry&page=2").body());
        assertEquals("cherry@3", Site.form("/find", "q=cherry&page=3").body());
        Site.Reply stray = Site.get("/generate?arg0=4");
        assertEquals(404, stray.status());
        assertTrue(stray.body().contains("Unexpected query string parameters: arg0"), stray.body());
    }

    @Test
    void parametersThatNeedNoNameBindWithoutOne() throws Exception {
        ClassLoader app = Javac.compile(dir, Map.of("app/Free.java", """
                package app;
                import dev.morello.*;
                import java.util.Map;
                import java.util.TreeMap;
                public class Free {
                    @Expose public String rest(Request request, Response response, String... segments) {
                        response.headers().set("X-Method", request.method());
                        return String.join("/", segments);
                    }
                    @Expose public String kw(Map<String, Object> kwargs) { return new TreeMap<>(kwargs).toString(); }
                    @Expose public String body(RequestBody body) throws java.io.IOException { return body.text(); }
                }
                """));
        Site.start(() -> Morello.tree().mount(Javac.instance(app, "app.Free")));
        Site.Reply rest = Site.get("/rest/a/b/c");
        assertEquals("a/b/c", rest.body());
        assertEquals("GET", rest.header("X-Method"));
        assertEquals("{x=1, y=2}", Site.get("/kw?y=2&x=1").body());
        assertEquals("a raw body", Site.post("/body", "text/plain", "a raw body").body());
    }

    @Test
    void aHandlerOnlyARequestReachesAnswers500NamingItselfAndTheFix() throws Exception {
        ClassLoader app = Javac.compile(dir, Map.of(
                "app/Gate.java", """
                        package app;
                        import dev.morello.*;
                        import dev.morello.dispatch.Dispatchable;
                        import java.util.List;
                        public class Gate implements Dispatchable {
                            @Expose public String index() { return "gate"; }
                            public Object dispatch(List<String> vpath) {
                                vpath.remove(0);
                                return new Maker();
                            }
                        }
                        """,
                "app/Maker.java", UnnamedParametersRefusedTest.MAKER));
        // the walk cannot see what Gate.dispatch will answer, so the start goes ahead
        Site.start(() -> Morello.tree().mount(Javac.instance(app, "app.Gate")));
        assertEquals("gate", Site.get("/").body());
        Site.Reply r = Site.get("/room/generate?length=4");
        assertEquals(500, r.status());
        assertTrue(r.body().contains("app.Maker.generate(int): parameter 1 (int, with a default but no name)"), r.body());
        assertTrue(r.body().contains("maven.compiler.parameters"), r.body());
        assertTrue(r.body().contains("options.compilerArgs &lt;&lt; &#x27;-parameters&#x27;")
                || r.body().contains("options.compilerArgs &lt;&lt; &#39;-parameters&#39;"), r.body());
        // the class's other handlers are not held hostage by the one that cannot bind
        assertEquals("Hello! How are you?", Site.get("/room/").body());
    }
}
