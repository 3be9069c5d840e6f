package dev.morello.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Config;
import dev.morello.Default;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.dispatch.Dispatcher;
import dev.morello.testing.Site;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import java.util.Map;

/** A request's config merges as CherryPy's does: global, annotations and sections along the path. */
public class MergeTest {
    @Config("x.level = 'root-class'")
    public static class Root {
        public Sub sub = new Sub();
        public Plain plain = new Plain();

        @Expose
        public String index(Request request) {
            return String.valueOf(request.config("x.level"));
        }

        @Expose
        @Config("x.level = 'method'")
        public String annotated(Request request) {
            return String.valueOf(request.config("x.level"));
        }

        @Expose
        public String show(Request request, String key) {
            return String.valueOf(request.config(key));
        }
    }

    @Config({"x.level = 'sub-class'", "x.sub = True"})
    public static class Sub {
        @Expose
        public String index(Request request) {
            return request.config("x.level") + " " + request.config("x.sub") + " " + request.config("x.global");
        }

        @Expose
        @Config("x.level = 'sub-method'")
        public String page(Request request) {
            return String.valueOf(request.config("x.level"));
        }

        @Default
        @Config("x.level = 'default'")
        public String fallback(Request request, String... rest) {
            return String.valueOf(request.config("x.level"));
        }
    }

    public static class Plain {
        @Expose
        public String index(Request request) {
            return String.valueOf(request.config("x.level"));
        }
    }

    public static final Dispatcher NEVER = (request, pathInfo) -> {
        throw new IllegalStateException("request.dispatch from @Config must be ignored");
    };

    @Config("request.dispatch = dev.morello.config.MergeTest.NEVER")
    public static class DispatchAnnotated {
        @Expose
        public String index() {
            return "object dispatcher";
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.config().update(Map.of("x.global", "site", "x.level", "global"));
            Morello.tree().mount(new Root(), "", Map.of(
                    "/", Map.of("x.level", "app-root"),
                    "/sub/page", Map.of("x.level", "section-beats-method"),
                    "/plain", Map.of("x.level", "plain-section")));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    @Test
    void theAppRootSectionBeatsTheRootClassAnnotation() throws Exception {
        assertEquals("app-root", Site.get("/").body());
    }

    @Test
    void aMethodAnnotationBeatsTheSectionsAbove() throws Exception {
        assertEquals("method", Site.get("/annotated").body());
    }

    @Test
    void aDeeperClassAnnotationBeatsShallowerSectionsAndGlobalKeysShowThrough() throws Exception {
        assertEquals("sub-class true site", Site.get("/sub/").body());
    }

    @Test
    void aPathSectionBeatsAnAnnotationAtTheSameDepth() throws Exception {
        assertEquals("section-beats-method", Site.get("/sub/page").body());
    }

    @Test
    void theDefaultHandlersAnnotationApplies() throws Exception {
        assertEquals("default", Site.get("/sub/anything/else").body());
    }

    @Test
    void aSectionAppliesToItsNodeWithoutAnnotations() throws Exception {
        assertEquals("plain-section", Site.get("/plain/").body());
    }

    @Test
    void requestDispatchInConfigIsRefusedSinceOnlyTheAppConfigChoosesTheDispatcher() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class,
                () -> Morello.tree().mount(new DispatchAnnotated(), "/d", Map.of("/", Map.of())));
        assertTrue(e.getMessage().startsWith("@Config on " + DispatchAnnotated.class.getName() + ", entry 1: 'request.dispatch'"),
                e.getMessage());
        assertEquals(404, Site.get("/d/").status(), "nothing is mounted");
    }

    @Test
    void mergedConfigsAreSharedBetweenRequestsOnTheSamePath() throws Exception {
        Site.get("/sub/");
        Map<String, Object> a = Morello.tree().app("").configFor(java.util.List.of("/"));
        Map<String, Object> b = Morello.tree().app("").configFor(java.util.List.of("/"));
        assertTrue(a == b, "the merged config is computed once");
    }

    @Test
    void anAppConfigWithoutSectionsIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Morello.tree().mount(new Plain(), "/flat", Map.of("tools.trailing_slash.on", true)));
        assertTrue(e.getMessage().contains("must include section headers"), e.getMessage());
    }

    @Test
    void aBadAnnotationValueNamesTheClass() {
        @Config("x.broken = Tru e")
        class Broken {
        }
        ConfigException e = assertThrows(ConfigException.class, () -> NodeConfig.of(Broken.class));
        assertTrue(e.getMessage().contains("Broken"), e.getMessage());
    }
}
