package dev.morello.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.engine.Bus;
import dev.morello.engine.ChannelFailures;
import dev.morello.engine.Listener;
import dev.morello.engine.State;
import dev.morello.testing.Javac;
import dev.morello.testing.Site;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Handlers compiled without {@code -parameters}, as Maven compiles a user's project unless told
 * otherwise: a parameter that binds by name but has none refuses the engine's start (or a mount
 * on a started engine) with one message naming each parameter and the line to add to the build.
 * Every class here is compiled in the test, without {@code -parameters}.
 */
class UnnamedParametersRefusedTest {
    /** CherryPy's StringMaker as a user writes it first: a default, but no name. */
    static final String MAKER = """
            package app;
            import dev.morello.Expose;
            import dev.morello.Param;
            public class Maker {
                @Expose public String index() { return "Hello! How are you?"; }
                @Expose public String generate(@Param(defaultValue = "9") int length) { return "x".repeat(length); }
            }
            """;

    @TempDir
    Path dir;

    private final List<String> engineLog = new CopyOnWriteArrayList<>();
    private final Listener logListener = args -> engineLog.add(String.valueOf(args[0]));

    @AfterEach
    void stop() {
        Morello.engine().unsubscribe(Bus.LOG, logListener);
        Site.stop();
        Morello.reset();
    }

    /** Mounts what the test gives before starting, and returns the start's refusal. */
    private String refusal(Runnable mount) {
        ChannelFailures e = assertThrows(ChannelFailures.class, () -> Site.start(() -> {
            Morello.engine().subscribe(Bus.LOG, logListener);
            mount.run();
        }));
        assertEquals(State.EXITING, Morello.engine().state());
        assertTrue(engineLog.stream().noneMatch(line -> line.startsWith("Serving on")),
                "a refused start must not open a port: " + engineLog);
        return e.failures().get(0).getMessage();
    }

    @Test
    void aDefaultWithoutANameRefusesTheStartSayingWhatToAddToTheBuild() {
        ClassLoader app = Javac.compile(dir, Map.of("app/Maker.java", MAKER));
        String message = refusal(() -> Morello.tree().mount(Javac.instance(app, "app.Maker")));
        assertEquals("""
                A handler parameter has no name, so request parameters cannot bind to it (its class was compiled\
                 without -parameters):
                  app.Maker.generate(int): parameter 1 (int, with a default but no name)
                Compile with -parameters. Maven: add
                    <maven.compiler.parameters>true</maven.compiler.parameters>
                  to the pom's <properties> (or <parameters>true</parameters> to the maven-compiler-plugin's\
                 <configuration>). Gradle: add
                    tasks.withType(JavaCompile) { options.compilerArgs << '-parameters' }
                Or name each one in the source: @Param("length") int length, or @Param(value = "length",\
                 defaultValue = "9") with a default.""", message);
    }

    @Test
    void everyUnnamedParameterOfTheTreeIsInOneMessage() {
        ClassLoader app = Javac.compile(dir, Map.of(
                "app/Root.java", """
                        package app;
                        import dev.morello.*;
                        import java.util.Map;
                        public class Root {
                            public Parts parts = new Parts();
                            @Expose public String show(String id, Request request, int page) { return id; }
                            @Expose public String free(Request r, Response s, RequestBody b, Map<String, Object> kw, String... rest) { return ""; }
                        }
                        """,
                "app/Parts.java", """
                        package app;
                        import dev.morello.*;
                        public class Parts {
                            @Default public String fallback(String... rest) { return ""; }
                            @Expose(alias = "all") public String list(Request request, String filter) { return filter; }
                        }
                        """));
        String message = refusal(() -> Morello.tree().mount(Javac.instance(app, "app.Root"), "/shop"));
        assertTrue(message.startsWith("3 handler parameters have no name, so request parameters cannot bind to them (their classes were"), message);
        assertTrue(message.contains("\n  app.Parts.list(Request, String): parameter 2 (String)\n"
                + "  app.Root.show(String, Request, int): parameters 1 (String) and 3 (int)\n"), message);
        // what needs no name (Request, Response, RequestBody, **kwargs, varargs) is not listed
        assertFalse(message.contains("free") || message.contains("fallback"), message);
        assertEquals(1, message.split("<maven.compiler.parameters>true", -1).length - 1, "one fix, said once: " + message);
    }

    @Test
    void aCycleInTheTreeEndsTheWalk() {
        ClassLoader app = Javac.compile(dir, Map.of(
                "app/Ring.java", """
                        package app;
                        import dev.morello.*;
                        public class Ring {
                            public Ring self = this;
                            public Link next = new Link(this);
                            @Expose public String index() { return "ring"; }
                        }
                        """,
                "app/Link.java", """
                        package app;
                        import dev.morello.*;
                        public class Link {
                            public Ring back;
                            public static Link FIRST;
                            public Link(Ring back) { this.back = back; FIRST = this; }
                            @Expose public String go(int steps) { return "went " + steps; }
                        }
                        """));
        String message = refusal(() -> Morello.tree().mount(Javac.instance(app, "app.Ring")));
        assertTrue(message.contains("  app.Link.go(int): parameter 1 (int)\n"), message);
    }

    @Test
    void theMethodDispatchersVerbMethodsAreChecked() {
        ClassLoader app = Javac.compile(dir, Map.of("app/Albums.java", """
                package app;
                import dev.morello.*;
                @Expose
                public class Albums {
                    public String GET(String id) { return id; }
                    public String POST(Request request) { return "made"; }
                }
                """));
        String message = refusal(() -> Morello.tree().mount(Javac.instance(app, "app.Albums"), "/albums",
                Map.of("/", Map.of("request.dispatch", new MethodDispatcher()))));
        assertTrue(message.startsWith("A handler parameter has no name"), message);
        assertTrue(message.contains("\n  app.Albums.GET(String): parameter 1 (String)\n"), message);
    }

    @Test
    void theRoutesActionsAreChecked() {
        ClassLoader app = Javac.compile(dir, Map.of(
                "app/Blog.java", """
                        package app;
                        public class Blog {
                            public String show(int id) { return "post " + id; }
                            public String index() { return "blog"; }
                        }
                        """,
                "app/Pages.java", """
                        package app;
                        public class Pages {
                            public String page(String name) { return name; }
                            public String about() { return "about"; }
                        }
                        """));
        Object blog = Javac.instance(app, "app.Blog");
        Class<?> pages;
        try {
            pages = app.loadClass("app.Pages");
        } catch (ClassNotFoundException e) {
            throw new AssertionError(e);
        }
        RoutesDispatcher routes = new RoutesDispatcher()
                .connect("post", "/blog/{id}", blog, "show")
                .connect("pages", "/pages/{action}", pages);
        String message = refusal(() -> Morello.tree().mount(new Object(), "",
                Map.of("/", Map.of("request.dispatch", routes))));
        assertTrue(message.startsWith("2 handler parameters have no name"), message);
        assertTrue(message.contains("\n  app.Blog.show(int): parameter 1 (int)\n  app.Pages.page(String): parameter 1 (String)\n"),
                message);
    }

    @Test
    void aVirtualHostIsLookedThrough() {
        ClassLoader app = Javac.compile(dir, Map.of("app/Maker.java", MAKER));
        Dispatcher hosts = new VirtualHost(new ObjectDispatcher(), Map.of("maker.example", "/maker"));
        String message = refusal(() -> Morello.tree().mount(Javac.instance(app, "app.Maker"), "",
                Map.of("/", Map.of("request.dispatch", hosts))));
        assertTrue(message.contains("  app.Maker.generate(int): parameter 1"), message);
    }

    /** Named in this test's own source, which the build compiles with -parameters. */
    public static class Named {
        @Expose
        public String index() {
            return "named";
        }
    }

    @Test
    void aMountOnAStartedEngineIsRefusedAndNotMounted() throws Exception {
        Site.start(() -> Morello.tree().mount(new Named()));
        ClassLoader app = Javac.compile(dir, Map.of("app/Maker.java", MAKER));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> Morello.tree().mount(Javac.instance(app, "app.Maker"), "/maker"));
        assertTrue(e.getMessage().startsWith("A handler parameter has no name"), e.getMessage());
        assertTrue(e.getMessage().contains("  app.Maker.generate(int): parameter 1 (int, with a default but no name)\n"));
        assertNull(Morello.tree().app("/maker"));
        assertEquals(State.STARTED, Morello.engine().state());
        assertEquals(404, Site.get("/maker/generate?length=4").status());
        assertEquals("named", Site.get("/").body());
    }

    @Test
    void aMountBeforeTheStartIsLeftForTheStartToJudge() {
        ClassLoader app = Javac.compile(dir, Map.of("app/Maker.java", MAKER));
        // no refusal yet: config merged before the start may still change what the tree serves
        Morello.reset();
        Morello.tree().mount(Javac.instance(app, "app.Maker"), "/maker");
        assertEquals("app.Maker", Morello.tree().app("/maker").root().getClass().getName());
    }
}
