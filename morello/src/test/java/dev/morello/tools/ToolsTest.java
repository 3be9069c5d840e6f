package dev.morello.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.HttpRedirect;
import dev.morello.Morello;
import dev.morello.PageHandler;
import dev.morello.Request;
import dev.morello.config.ConfigRefused;
import dev.morello.internal.site.Checker;
import dev.morello.testing.Site;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The tool mechanism: each kind, switched on by config, by @Config and by the typed builders. */
class ToolsTest {
    static final List<String> ORDER = new CopyOnWriteArrayList<>();

    public static class Root {
        public Annotated annotated = new Annotated();
        public PageHandler greeting = Morello.tools().handlerTool("canned").handler(Map.of("text", "canned hello"));

        @Expose
        public String index() {
            ORDER.add("handler");
            return "page";
        }

        @Expose
        public String boom() {
            throw new IllegalStateException("kaboom");
        }
    }

    @Config({"tools.stamp.on = True", "tools.stamp.value = 'from @Config'"})
    public static class Annotated {
        @Expose
        public String index() {
            return "annotated";
        }
    }

    @BeforeAll
    static void serve() {
        Morello.tools().register(new Tool("stamp", HookPoint.BEFORE_FINALIZE, 50,
                (request, args) -> Morello.response().headers().set("X-Stamp", args.string("value", "default"))));
        Morello.tools().register(new Tool("first", HookPoint.BEFORE_HANDLER, 20, (request, args) -> ORDER.add("first")));
        Morello.tools().register(new Tool("second", HookPoint.BEFORE_HANDLER, 30, (request, args) -> ORDER.add("second")));
        Morello.tools().register(new HandlerTool("canned", 50, (request, args) -> {
            if (!args.has("text")) {
                return false;
            }
            Morello.response().body(args.string("text", ""));
            return true;
        }));
        Morello.tools().register(new HandlerWrapperTool("shout", 50,
                (inner, request, args) -> String.valueOf(inner.handle(request)).toUpperCase(java.util.Locale.ROOT)));
        Morello.tools().register(new ErrorTool("apology", (request, args) -> {
            throw new HttpRedirect(args.string("url", "/sorry"), 302);
        }));
        Toolbox.create("mytools").register(new Tool("mark", HookPoint.ON_START_RESOURCE, 50,
                (request, args) -> Morello.response().headers().set("X-Mark", "mine")));
        Site.start(() -> {
            Map<String, Object> ordered = new LinkedHashMap<>();
            ordered.putAll(Tools.on("first"));
            ordered.putAll(Tools.on("second"));
            Map<String, Object> swapped = new LinkedHashMap<>(ordered);
            swapped.put("tools.first.priority", 40);
            Morello.tree().mount(new Root(), "", Map.of(
                    "/", Tools.on("stamp"),
                    "/index", ordered,
                    "/canned", Tools.on("canned", "text", "answered by the tool"),
                    "/boom", Tools.on("apology", "url", "/oops")));
            Morello.tree().mount(new Root(), "/swapped", Map.of("/", swapped));
            Morello.tree().mount(new Root(), "/loud", Map.of("/", Tools.on("shout")));
            Morello.tree().mount(new Root(), "/mine", Map.of("/", Map.of("mytools.mark.on", true)));
            Morello.tree().mount(new Root(), "/ro", Map.of("/", Tools.allow("GET")));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    @Test
    void aPlainToolRunsAtItsPointWithItsArguments() throws Exception {
        Site.Reply r = Site.get("/");
        assertEquals("page", r.body());
        assertEquals("default", r.header("X-Stamp"));
    }

    @Test
    void priorityOrdersToolsAndConfigCanReorderThem() throws Exception {
        ORDER.clear();
        Site.get("/");
        assertEquals(List.of("first", "second", "handler"), ORDER);
        ORDER.clear();
        Site.get("/swapped/");
        assertEquals(List.of("second", "first", "handler"), ORDER);
    }

    @Test
    void aHandlerToolAnswersInsteadOfThePageHandler() throws Exception {
        assertEquals("answered by the tool", Site.get("/canned").body());
    }

    @Test
    void aHandlerToolIsAPageHandlerToo() throws Exception {
        assertEquals("canned hello", Site.get("/greeting").body());
    }

    @Test
    void aWrapperToolWrapsThePageHandler() throws Exception {
        assertEquals("PAGE", Site.get("/loud/").body());
    }

    @Test
    void anErrorToolReplacesThe500Page() throws Exception {
        Site.Reply r = Site.get("/boom");
        assertEquals(302, r.status());
        assertTrue(r.header("Location").endsWith("/oops"), r.header("Location"));
    }

    @Test
    void configAnnotationsSwitchToolsOn() throws Exception {
        assertEquals("from @Config", Site.get("/annotated/").header("X-Stamp"));
    }

    @Test
    void applicationsAddTheirOwnToolNamespaces() throws Exception {
        assertEquals("mine", Site.get("/mine/").header("X-Mark"));
    }

    @Test
    void theTypedBuildersMakeTheConfigEntries() throws Exception {
        assertEquals(405, Site.method("DELETE", "/ro/").status());
        assertEquals("GET, HEAD", Site.get("/ro/").header("Allow"));
    }

    @Test
    void anUnregisteredToolIsRefusedWithTheNearestRegisteredOne() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class,
                () -> Morello.tree().mount(new Root(), "/typo", Map.of("/", Map.of("tools.stmp.on", true))));
        assertEquals("the application mounted at '/typo', section [/]: 'tools.stmp.on' names no registered tool:"
                + " there is no tool 'stmp' in tools. Did you mean 'tools.stamp.on'?", e.getMessage());
        assertEquals(404, Site.get("/typo/").status());
        List<String> warnings = Checker.run(Morello.tree(), Morello.config());
        assertTrue(warnings.stream().noneMatch(w -> w.contains("'tools.stamp.on'")), warnings.toString());
    }

    @Test
    void requestsOnAPathReplayWhatWasWorkedOutOnce() throws Exception {
        Map<String, Object> a = Morello.tree().app("").configFor(List.of("/"));
        assertTrue(a == Morello.tree().app("").configFor(List.of("/")));
    }
}
