package dev.morello.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.engine.State;
import dev.morello.internal.site.Checker;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The checker's warnings, one test per check. */
class CheckerTest {
    @TempDir
    Path dir;

    public static class Root {
        @Expose
        public String index() {
            return "ok";
        }
    }

    @AfterEach
    void reset() {
        Morello.reset();
    }

    private static void assertWarns(String expected) {
        List<String> warnings = Checker.run(Morello.tree(), Morello.config());
        assertTrue(warnings.stream().anyMatch(w -> w.contains(expected)), "no warning containing «" + expected + "» in " + warnings);
    }

    private static void assertNoWarning(String unexpected) {
        List<String> warnings = Checker.run(Morello.tree(), Morello.config());
        assertTrue(warnings.stream().noneMatch(w -> w.contains(unexpected)), warnings.toString());
    }

    @Test
    void aTypoInAConfigFileNamesTheFileLineAndLikelyKey() throws Exception {
        Path site = dir.resolve("site.conf");
        Files.writeString(site, "[global]\nserver.socket_host = '127.0.0.1'\nserver.socket_prot = 8080\n");
        Morello.config().update(site);
        assertWarns(site + ":3: The config entry 'server.socket_prot' is not a known server key. Did you mean 'server.socket_port'?");
    }

    @Test
    void typosInAppConfigNameTheirFileToo() throws Exception {
        Path app = dir.resolve("app.conf");
        Files.writeString(app, "[/]\nrequest.show_traceback = False\n");
        Morello.tree().mount(new Root(), "", app);
        assertWarns(app + ":2: The config entry 'request.show_traceback' is not a known request key. Did you mean 'request.show_tracebacks'?");
    }

    @Test
    void unknownNamespacesAndToolsAreReported() {
        Morello.tree().mount(new Root(), "", Map.of("/", Map.of("tool.gzip.on", true, "tools.trailing_slahs.on", true)));
        assertWarns("The config entry 'tool.gzip.on' is in an unknown namespace 'tool'.");
        assertWarns("The tool 'trailing_slahs' in 'tools.trailing_slahs.on' is not registered. Did you mean 'trailing_slash'?");
    }

    @Test
    void extraNamespacesCanBeAllowed() {
        Morello.config().update(Map.of("checker.extra_config_namespaces", List.of("myapp")));
        Morello.tree().mount(new Root(), "", Map.of("/", Map.of("myapp.colour", "red")));
        assertNoWarning("myapp.colour");
    }

    @Test
    void valuesOfTheWrongTypeAreReported() {
        Morello.config().update(Map.of("request.show_tracebacks", "yes please"));
        assertWarns("The value for 'request.show_tracebacks' is the string 'yes please'; it should be a True or False");
    }

    @Test
    void siteKeysInAppConfigAreReported() {
        Morello.tree().mount(new Root(), "", Map.of("/", Map.of("server.socket_port", 9000)));
        assertWarns("The config entry 'server.socket_port' in section [/] of the application mounted at '/' is site-wide");
    }

    @Test
    void sectionsRepeatingTheMountPointAreReported() {
        Morello.tree().mount(new Root(), "/blog", Map.of("/blog/admin", Map.of("x.y", 1)));
        assertWarns("has config section '/blog/admin', which repeats its mount point");
    }

    @Test
    void anAppWithAnEmptyConfigIsReportedWithAHintAboutPathsInTheSiteConfig() {
        Morello.config().update(Map.of("global", Map.of(), "/static", Map.of("tools.staticdir.on", true)));
        Morello.tree().mount(new Root(), "/x");
        assertWarns("The Application mounted at '/x' has an empty config. It looks like the site config holds path sections");
    }

    @Test
    void staticDirectoriesThatAreMissingOrRelativeAreReported() {
        Morello.tree().mount(new Root(), "", Map.of(
                "/a", Map.of("tools.staticdir.on", true),
                "/b", Map.of("tools.staticdir.on", true, "tools.staticdir.dir", "public"),
                "/c", Map.of("tools.staticdir.on", true, "tools.staticdir.dir", dir.resolve("nothing-here").toString())));
        assertWarns("tools.staticdir.dir is not set in section [/a].");
        assertWarns("tools.staticdir.dir 'public' in section [/b] is relative and there is no tools.staticdir.root");
        assertWarns("in section [/c] is not a directory.");
    }

    @Test
    void localhostAsTheSocketHostIsReported() {
        Morello.config().update(Map.of("server.socket_host", "localhost"));
        assertWarns("server.socket_host = 'localhost'");
    }

    @Test
    void obsoleteKeysPointToTheirReplacement() {
        Morello.config().update(Map.of("log_file", "x.log"));
        assertWarns("'log_file' is obsolete. Use 'log.error_file' instead.");
    }

    @Test
    void theCheckerCanBeSwitchedOffWhollyOrOneCheckAtATime() {
        Morello.config().update(Map.of("server.socket_host", "localhost", "checker.check_localhost", false));
        assertNoWarning("localhost");
        Morello.config().update(Map.of("server.bogus", 1, "checker.on", false));
        assertEquals(List.of(), Checker.run(Morello.tree(), Morello.config()));
    }

    @Test
    void aValueTheServerCannotUseStopsTheStartNamingTheKey() {
        Morello.config().update(new StringReader("[global]\nserver.socket_port = \"abc\"\nchecker.on = False\n"), "bad.conf");
        IllegalArgumentException e = null;
        try {
            Morello.engine().start();
        } catch (RuntimeException ex) {
            e = ex instanceof IllegalArgumentException iae ? iae
                    : (IllegalArgumentException) findCause(ex, IllegalArgumentException.class);
        }
        assertTrue(e != null && e.getMessage().contains("server.socket_port"), String.valueOf(e));
        assertTrue(Morello.engine().state() == State.EXITING || Morello.engine().state() == State.STOPPED);
    }

    private static Throwable findCause(Throwable t, Class<?> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return c;
            }
            for (Throwable s : c.getSuppressed()) {
                Throwable f = findCause(s, type);
                if (f != null) {
                    return f;
                }
            }
        }
        if (t instanceof dev.morello.engine.ChannelFailures cf) {
            for (Throwable f : cf.failures()) {
                if (type.isInstance(f)) {
                    return f;
                }
            }
        }
        return null;
    }
}
