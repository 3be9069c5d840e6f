package dev.morello.tools.std.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.config.ConfigRefused;
import dev.morello.testing.Site;
import dev.morello.tools.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** redirect, err_redirect, params, and the log_headers/log_tracebacks switches, through a real server. */
class MiscToolsTest {
    @TempDir
    static Path dir;
    static Path errors;

    public static class Root {
        @Expose
        public String index() {
            return "index";
        }

        @Expose
        public String target(Request request, Map<String, Object> params) {
            return "target" + (request.queryString().isEmpty() ? "" : "?" + request.queryString())
                    + (request.prev() == null ? "" : " from " + request.prev().pathInfo());
        }

        @Expose
        public String sorry() {
            return "sorry";
        }

        @Expose
        public String boom() {
            throw new IllegalStateException("kaboom");
        }

        @Expose
        public String fail(String n) {
            throw new IllegalStateException("failure " + n);
        }

        @Expose
        public String types(Request request, Map<String, Object> params) {
            StringBuilder b = new StringBuilder();
            request.params().forEach((k, v) -> b.append(k).append('=').append(v).append(':')
                    .append(v instanceof List<?> ? "List" : v.getClass().getSimpleName()).append(' '));
            return b.toString().trim();
        }
    }

    static Map<String, Object> params(Object... args) {
        return Tools.on("params", args);
    }

    @BeforeAll
    static void serve() {
        errors = dir.resolve("error.log");
        Site.start(() -> {
            Morello.config().update(Map.of("log.error_file", errors.toString(), "log.screen", false));
            Morello.tree().mount(new Root(), "/in", Map.of("/index", Tools.on("redirect", "url", "/target?x=1")));
            Morello.tree().mount(new Root(), "/out", Map.of("/index", Tools.on("redirect", "url", "target",
                    "internal", false)));
            Morello.tree().mount(new Root(), "/err", Map.of("/", Tools.on("err_redirect", "url", "/sorry")));
            Morello.tree().mount(new Root(), "/errout", Map.of("/", Tools.on("err_redirect", "url", "/errout/sorry",
                    "internal", "False")));
            Morello.tree().mount(new Root(), "/p", Map.of("/", params("types", Map.of("n", "int", "x", "float",
                    "flag", "bool", "d", "java.time.LocalDate", "u", "java.util.UUID", "big", "long", "s", "str"))));
            Morello.tree().mount(new Root(), "/p418", Map.of("/", params("types", Map.of("n", "int"), "error", 418)));
            Morello.tree().mount(new Root(), "/pnarrow", Map.of("/", params("types", Map.of("d", "java.time.LocalDate"),
                    "exception", "java.lang.NumberFormatException")));
            Map<String, Object> quiet = new LinkedHashMap<>();
            quiet.put("tools.log_tracebacks.on", false);
            quiet.put("tools.log_headers.on", false);
            Morello.tree().mount(new Root(), "/quiet", Map.of("/", quiet));
            Morello.tree().mount(new Root(), "/loud", Map.of());
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    // ---- redirect -------------------------------------------------------------------------

    @Test
    void redirectIsInternalByDefault() throws Exception {
        Site.Reply r = Site.get("/in/");
        assertEquals(200, r.status());
        assertEquals("target?x=1 from /", r.body());
    }

    @Test
    void redirectNotInternalSendsTheClientThere() throws Exception {
        Site.Reply r = Site.get("/out/");
        assertEquals(303, r.status());
        assertTrue(r.header("Location").endsWith("/out/target"), r.header("Location"));
        assertEquals(302, Site.get10("/out/").status());
    }

    @Test
    void redirectWithoutAUrlIsRefusedWhenMounted() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class,
                () -> Morello.tree().mount(new Root(), "/nourl", Map.of("/", Tools.on("redirect"))));
        assertTrue(e.getMessage().contains("tools.redirect.url is required"), e.getMessage());
        assertEquals(404, Site.get("/nourl/").status());
    }

    // ---- err_redirect ---------------------------------------------------------------------

    @Test
    void errRedirectAnswersUnexpectedErrorsWithAnotherPage() throws Exception {
        Site.Reply r = Site.get("/err/boom");
        assertEquals(200, r.status());
        assertEquals("sorry", r.body());
    }

    @Test
    void errRedirectLeavesHttpErrorsAlone() throws Exception {
        assertEquals(404, Site.get("/err/nothing").status());
    }

    @Test
    void errRedirectNotInternalRedirectsTheClient() throws Exception {
        Site.Reply r = Site.get("/errout/boom");
        assertEquals(303, r.status());
        assertTrue(r.header("Location").endsWith("/errout/sorry"), r.header("Location"));
    }

    // ---- params ---------------------------------------------------------------------------

    @Test
    void paramsAreConvertedByTheirDeclaredTypes() throws Exception {
        String body = Site.get("/p/types?n=-42&x=2.5&flag=Yes&d=2024-02-29&big=9000000000&s=text&other=1").body();
        assertEquals("n=-42:Integer x=2.5:Double flag=true:Boolean d=2024-02-29:LocalDate big=9000000000:Long "
                + "s=text:String other=1:String", body);
    }

    @Test
    void repeatedParamsBecomeListsOfConvertedValues() throws Exception {
        assertEquals("n=[1, 2]:List", Site.get("/p/types?n=1&n=2").body());
    }

    @Test
    void bodyParamsAreConvertedToo() throws Exception {
        assertEquals("n=7:Integer", Site.form("/p/types", "n=7").body());
    }

    @Test
    void aValueThatDoesNotConvertIs400NamingTheParameter() throws Exception {
        for (String bad : List.of("n=abc", "n=%2B5", "n=99999999999", "x=NaN", "x=1e999", "x=0x10", "flag=maybe",
                "d=2024-02-30", "u=nope")) {
            Site.Reply r = Site.get("/p/types?" + bad);
            assertEquals(400, r.status(), bad);
            String name = bad.substring(0, bad.indexOf('='));
            assertTrue(r.body().contains("Invalid value for parameter &#x27;" + name + "&#x27;")
                    || r.body().contains("Invalid value for parameter '" + name + "'"), r.body());
        }
    }

    @Test
    void dateTimeParseFailuresAreBadValuesByDefault() throws Exception {
        assertEquals(400, Site.get("/p/types?d=someday").status());
    }

    @Test
    void theErrorStatusIsConfigurable() throws Exception {
        assertEquals(418, Site.get("/p418/types?n=x").status());
    }

    @Test
    void exceptionsOtherThanTheNamedOnePropagate() throws Exception {
        assertEquals(500, Site.get("/pnarrow/types?d=someday").status());
        assertEquals(200, Site.get("/pnarrow/types?d=2020-01-01").status());
    }

    @Test
    void anUnknownTypeNameIsRefusedWhenMounted() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class,
                () -> Morello.tree().mount(new Root(), "/pbad", Map.of("/", params("types", Map.of("n", "integer")))));
        assertTrue(e.getMessage().contains("names no known type: integer"), e.getMessage());
        assertEquals(404, Site.get("/pbad/types?n=1").status());
    }

    // ---- log_tracebacks and log_headers ---------------------------------------------------

    @Test
    void theLogSwitchesSilenceTheErrorLog() throws Exception {
        assertEquals(500, Site.get("/quiet/fail?n=quiet1").status());
        assertEquals(500, Site.get("/loud/fail?n=loud1").status());
        String log = Files.readString(errors);
        assertTrue(log.contains("failure loud1"), log);
        assertTrue(log.contains("Request Headers:"), log);
        assertFalse(log.contains("quiet1"), log);
    }

    @Test
    void logHeadersAloneCanBeSwitchedOff() throws Exception {
        Morello.tree().mount(new Root(), "/noheaders", Map.of("/", Map.of("tools.log_headers.on", false)));
        long before = Files.exists(errors) ? Files.size(errors) : 0;
        Site.get("/noheaders/fail?n=noheaders1");
        String log = Files.readString(errors).substring((int) before);
        assertTrue(log.contains("failure noheaders1"), log);
        assertFalse(log.contains("Request Headers:"), log);
    }
}
