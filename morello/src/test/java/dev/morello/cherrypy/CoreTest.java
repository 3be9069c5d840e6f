package dev.morello.cherrypy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.ErrorPage;
import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.InternalRedirect;
import dev.morello.Morello;
import dev.morello.NotFound;
import dev.morello.Param;
import dev.morello.Part;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.testing.Site;
import dev.morello.tools.Hook;
import dev.morello.tools.HookCallback;
import dev.morello.tools.HookPoint;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The core of request handling, through a real server: statuses, errors and their pages,
 * redirects, headers, cookies, bodies in and out, hooks, and the request context.
 */
class CoreTest {
    /** The site clock, pinned: the Date field is an exact value. */
    static final Instant NOW = Instant.parse("2026-12-07T04:07:25Z");
    /** What hooks and handlers saw, in the order they ran. */
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();
    static volatile CountDownLatch responseRead = new CountDownLatch(1);
    static Path templateDir;
    static Path servedFile;

    // ---- the site ------------------------------------------------------------------------

    public static class Status {
        @Expose public String index() {
            return "normal";
        }

        @Expose public String created(Response response) {
            response.status(201);
            return "made";
        }

        @Expose public String custom(Response response) {
            response.status(431, "My custom error");
            return "funky";
        }

        @Expose public String illegal(Response response) {
            response.status(781);
            return "oops";
        }

        @Expose public String nocontent(Response response) {
            response.status(204);
            return "dropped";
        }

        @Expose public String notmodified(Response response) {
            response.status(304);
            return "dropped too";
        }
    }

    public static class Quiet {
        @Expose public String boom() {
            throw new IllegalStateException("quiet kaboom");
        }
    }

    public static class Errors {
        public Quiet quiet = new Quiet();

        @Expose public String forbidden() {
            throw new HttpError(403);
        }

        @Expose public String bad() {
            throw new HttpError(400, "<b>bad</b> & 'worse'");
        }

        @Expose public String unexpected() {
            throw new IllegalStateException("kaboom");
        }

        @Expose public String missing() {
            throw new NotFound();
        }

        @Expose public String elsewhere() {
            throw new NotFound("/some/where");
        }

        @Expose public String stale(Response response) {
            response.headers().set("ETag", "\"v1\"");
            response.headers().set("Last-Modified", "Thu, 01 Jan 2015 00:00:00 GMT");
            response.headers().set("X-Kept", "yes");
            throw new HttpError(404, "gone");
        }
    }

    public static class Redirects {
        public RedirectsSub sub = new RedirectsSub();

        @Expose public String index() {
            return "child";
        }

        @Expose public void to(String url, @Param(defaultValue = "0") int code) {
            throw new HttpRedirect(url, code);
        }

        @Expose public void many() {
            throw new HttpRedirect(List.of("/first", "/second"), 300);
        }

        @Expose public void nomodify(Response response) {
            response.headers().set("Content-Language", "en");
            throw new HttpRedirect(List.of(), 304);
        }

        @Expose public void spaced(String name) {
            throw new HttpRedirect("next");
        }
    }

    public static class RedirectsSub {
        @Expose public void page() {
            throw new HttpRedirect("other");
        }

        @Expose public void up() {
            throw new HttpRedirect("../index");
        }
    }

    public static class Internal {
        @Expose public void go(Map<String, Object> ignored) {
            throw new InternalRedirect("/internal/target", "who=slug");
        }

        @Expose public void relative() {
            throw new InternalRedirect("target?who=fish");
        }

        @Expose public void loop() {
            throw new InternalRedirect("/internal/loop");
        }

        @Expose public String target(Request request, @Param(defaultValue = "nobody") String who) {
            Request prev = request.prev();
            return "target for " + who + " by " + request.method() + " from "
                    + (prev == null ? "none" : prev.method() + " " + prev.pathInfo());
        }
    }

    public static class Pages {
        @Expose public String boom() {
            throw new IllegalStateException("template kaboom");
        }

        @Expose public String refused() {
            throw new HttpError(403, "no <entry>");
        }
    }

    public static class Headers {
        @Expose public String index() {
            return "defaults";
        }

        @Expose public String echo(Response response, String value) {
            response.headers().set("X-Echo", value);
            return "echoed";
        }

        @Expose public String unicode(Response response) {
            response.headers().set("X-Name", "snow \u2603");
            return "unicode";
        }
    }

    public static class Cookies {
        @Expose public String read(Request request) {
            return new TreeMap<>(request.cookies()).toString();
        }

        @Expose public String set(Response response) {
            response.cookie("session", "abc123").path("/").maxAge(3600).httpOnly(true).secure(true)
                    .sameSite("Strict");
            response.cookie("theme", "dark").sameSite("Lax");
            return "set";
        }
    }

    public static class Bodies {
        @Expose public String string() {
            return "content";
        }

        @Expose public byte[] bytes() {
            return "content".getBytes(StandardCharsets.UTF_8);
        }

        @Expose public InputStream input() {
            return new ByteArrayInputStream("content".getBytes(StandardCharsets.UTF_8));
        }

        @Expose public Path file() {
            return servedFile;
        }

        @Expose public List<String> list() {
            return List.of("con", "tent");
        }

        @Expose public Stream<String> stream() {
            return Stream.of("co", "nt", "ent");
        }

        @Expose public Iterator<byte[]> iterator() {
            return List.of("conte".getBytes(StandardCharsets.UTF_8), "nt".getBytes(StandardCharsets.UTF_8))
                    .iterator();
        }

        @Expose public Object nothing() {
            return null;
        }

        @Expose public void silent() {
        }

        @Expose public List<String> streamed(Response response) {
            response.stream(true);
            return List.of("con", "tent");
        }
    }

    public static class Limited {
        @Expose public String form(String a) {
            return "a=" + a;
        }

        @Expose public String raw(Request request) throws IOException {
            return "read " + request.body().bytes().length;
        }
    }

    public static class Body {
        public Limited limited = new Limited();

        @Expose public String form(List<String> a, String b) {
            return "a=" + a + " b=" + b;
        }

        @Expose public String upload(Part file, String note) throws IOException {
            return file.name() + "|" + file.filename() + "|" + file.size() + "|" + file.text() + "|" + note;
        }

        @Expose public String raw(Request request) throws IOException {
            return request.body().mediaType() + " processed=" + request.body().processed() + " params="
                    + request.params() + " body=" + new String(request.body().stream().readAllBytes(),
                    StandardCharsets.UTF_8);
        }
    }

    public static class Hooked {
        @Expose public String ok(Request request) {
            EVENTS.add("handler:" + request.stage());
            return "ok";
        }

        @Expose public String boom() {
            EVENTS.add("handler");
            throw new IllegalStateException("hooked kaboom");
        }

        @Expose public String forbidden() {
            EVENTS.add("handler");
            throw new HttpError(403);
        }

        @Expose public String attach(Request request) {
            Morello.request().hooks().attach(HookPoint.BEFORE_FINALIZE,
                    r -> Morello.response().headers().set("X-Late", "attached in handler"));
            request.hooks().attach(HookPoint.ON_END_REQUEST, r -> EVENTS.add("attached on_end_request"));
            return "attached";
        }
    }

    public static class Ordered {
        @Expose public String index() {
            EVENTS.add("handler");
            return "ordered";
        }
    }

    public static class Late {
        @Expose public String index() {
            return "sent before on_end_request";
        }
    }

    public static class Context {
        @Expose public String same(Request request, Response response) {
            return (request == Morello.request()) + "," + (response == Morello.response());
        }

        @Expose public String urls() {
            return Morello.url("/x") + " " + Morello.url("y") + " " + Morello.url("/x", "a=1");
        }

        @Expose public String id(Request request) {
            return request.attribute("id-in-hook") + " " + request.uniqueId() + " " + Morello.request().uniqueId();
        }

        @Expose public String segments(String... parts) {
            return String.join(",", parts);
        }

        @Expose public String addresses(Request request) {
            return request.remote().ip() + " " + request.local().ip() + ":" + request.local().port() + " "
                    + request.base();
        }
    }

    public static class Root {
        public Status status = new Status();
        public Errors errors = new Errors();
        public Redirects redirect = new Redirects();
        public Internal internal = new Internal();
        public Pages pages = new Pages();
        public Pages lambda = new Pages();
        public Pages failing = new Pages();
        public Headers headers = new Headers();
        public Cookies cookies = new Cookies();
        public Bodies bodies = new Bodies();
        public Body body = new Body();
        public Hooked hooked = new Hooked();
        public Ordered failsafe = new Ordered();
        public Ordered priorities = new Ordered();
        public Late late = new Late();
        public Context context = new Context();

        @Expose public String index() {
            return "hello";
        }
    }

    public static class Mounted {
        @Expose public String urls() {
            return Morello.url("/x") + " " + Morello.url("y");
        }
    }

    private static HookCallback record(String point) {
        return r -> EVENTS.add(point + ":" + r.stage());
    }

    @BeforeAll
    static void serve() throws IOException {
        templateDir = Files.createTempDirectory("morello-core");
        Path template = templateDir.resolve("page.html");
        Files.writeString(template, "<h1>[%(status)s]</h1><p>[%(message)s]</p><pre>[%(traceback)s]</pre>"
                + "<i>[%(version)s]</i>");
        servedFile = templateDir.resolve("served.txt");
        Files.writeString(servedFile, "content");

        Map<String, Object> hooked = Map.of(
                "hooks.on_start_resource", record("on_start_resource"),
                "hooks.before_request_body", record("before_request_body"),
                "hooks.before_handler", record("before_handler"),
                "hooks.before_finalize", record("before_finalize"),
                "hooks.on_end_resource", record("on_end_resource"),
                "hooks.on_end_request", record("on_end_request"),
                "hooks.before_error_response", record("before_error_response"),
                "hooks.after_error_response", record("after_error_response"));
        Map<String, Object> failsafe = Map.of(
                "hooks.before_handler.first", new Hook(r -> {
                    EVENTS.add("first");
                    throw new IllegalStateException("first hook fails");
                }, false, 10),
                "hooks.before_handler.failsafe", new Hook(r -> EVENTS.add("failsafe"), true, 20),
                "hooks.before_handler.skipped", new Hook(r -> EVENTS.add("skipped"), false, 30));
        Map<String, Object> priorities = Map.of(
                "hooks.on_start_resource.late", new Hook(r -> EVENTS.add("80"), false, 80),
                "hooks.on_start_resource.early", new Hook(r -> EVENTS.add("20"), false, 20),
                "hooks.on_start_resource.default", (HookCallback) r -> EVENTS.add("50"));
        Map<String, Object> late = Map.of("hooks.on_end_request", (HookCallback) r -> {
            boolean released = responseRead.await(3, TimeUnit.SECONDS);
            EVENTS.add("on_end_request after the client read the response: " + released);
        });

        Map<String, Object> config = Map.ofEntries(
                Map.entry("/errors/quiet", Map.of("request.show_tracebacks", false)),
                Map.entry("/pages", Map.of("error_page.404", template.toString(),
                        "error_page.500", template.toString())),
                Map.entry("/lambda", Map.of(
                        "error_page.404", (ErrorPage) (s, m, t, v) -> "custom " + s + " / " + m,
                        "error_page.default", (ErrorPage) (s, m, t, v) -> "fallback " + s + " / " + m)),
                Map.entry("/failing", Map.of("error_page.404", (ErrorPage) (s, m, t, v) -> {
                    throw new IllegalStateException("the page itself broke");
                })),
                Map.entry("/body/limited", Map.of("request.body.maxbytes", 10)),
                Map.entry("/hooked", hooked),
                Map.entry("/failsafe", failsafe),
                Map.entry("/priorities", priorities),
                Map.entry("/late", late),
                Map.entry("/context", Map.of("hooks.before_handler",
                        (HookCallback) r -> r.attribute("id-in-hook", r.uniqueId()))));
        Site.start(() -> {
            Morello.clock(Clock.fixed(NOW, ZoneOffset.UTC));
            Morello.tree().mount(new Root(), "", config);
            Morello.tree().mount(new Mounted(), "/app");
        });
    }

    @AfterAll
    static void stop() throws IOException {
        Site.stop();
        try (Stream<Path> files = Files.list(templateDir)) {
            for (Path p : files.toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(templateDir);
    }

    @BeforeEach
    void clearEvents() {
        EVENTS.clear();
    }

    // ---- helpers ---------------------------------------------------------------------------

    static String base() {
        return "http://127.0.0.1:" + Site.port();
    }

    static String host() {
        return "Host: 127.0.0.1:" + Site.port() + "\r\n";
    }

    /** Sends a request that asks to close, and returns every byte the server sent until it closed. */
    static String wire(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", Site.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
        }
    }

    /** What follows the response head on the wire. */
    static String afterHead(String wire) {
        int end = wire.indexOf("\r\n\r\n");
        assertTrue(end > 0, wire);
        return wire.substring(end + 4);
    }

    /** The values of every field line of that name in a response head. */
    static List<String> fieldLines(String head, String name) {
        List<String> out = new ArrayList<>();
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase(name)) {
                out.add(line.substring(colon + 1).trim());
            }
        }
        return out;
    }

    static void awaitEvent(String event) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!EVENTS.contains(event) && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(EVENTS.contains(event), "no '" + event + "' in " + EVENTS);
    }

    static String multipart(String boundary, String... parts) {
        StringBuilder b = new StringBuilder();
        for (String p : parts) {
            b.append("--").append(boundary).append("\r\n").append(p).append("\r\n");
        }
        return b.append("--").append(boundary).append("--\r\n").toString();
    }

    // ---- statuses ------------------------------------------------------------------------

    @Nested
    class Statuses {
        @Test
        void aPlainHandlerAnswers200() throws IOException {
            Site.Reply r = Site.get("/status/");
            assertEquals(200, r.status());
            assertEquals("HTTP/1.1 200 OK", r.statusLine());
            assertEquals("normal", r.body());
        }

        @Test
        void aHandlerSetsTheStatusCode() throws IOException {
            Site.Reply r = Site.get("/status/created");
            assertEquals("HTTP/1.1 201 Created", r.statusLine());
            assertEquals("made", r.body());
        }

        @Test
        void aCustomReasonPhraseReachesTheStatusLine() throws IOException {
            Site.Reply r = Site.get("/status/custom");
            assertEquals(431, r.status());
            assertEquals("funky", r.body());
            assertEquals("HTTP/1.1 431 My custom error", r.statusLine());
        }

        @Test
        void anIllegalStatusCodeIsAServerError() throws IOException {
            Site.Reply r = Site.get("/status/illegal");
            assertEquals(500, r.status());
            assertFalse(r.body().contains("oops"), r.body());
        }

        @Test
        void noContentSendsNoBodyAndNoContentLength() throws IOException {
            String wire = wire("GET /status/nocontent HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
            assertTrue(wire.startsWith("HTTP/1.1 204 "), wire);
            assertEquals("", afterHead(wire));
            // RFC 9110 §8.6: no Content-Length in a 204
            assertEquals(List.of(), fieldLines(wire, "Content-Length"));
            assertEquals(List.of(), fieldLines(wire, "Transfer-Encoding"));
        }

        @Test
        void notModifiedSetByTheHandlerSendsNoBody() throws IOException {
            String wire = wire("GET /status/notmodified HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
            assertTrue(wire.startsWith("HTTP/1.1 304 "), wire);
            assertEquals("", afterHead(wire));
        }
    }

    // ---- errors --------------------------------------------------------------------------

    @Nested
    class HttpErrors {
        @Test
        void httpErrorWithoutMessageGivesTheStatusAndItsStandardExplanation() throws IOException {
            Site.Reply r = Site.get("/errors/forbidden");
            assertEquals(403, r.status());
            assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
            assertTrue(r.body().contains("403 Forbidden"), r.body());
            assertTrue(r.body().contains("Request forbidden -- authorization will not help"), r.body());
            assertFalse(r.body().contains("<pre id=\"traceback\">"), r.body());
        }

        @Test
        void httpErrorMessageIsEscapedInThePage() throws IOException {
            Site.Reply r = Site.get("/errors/bad");
            assertEquals(400, r.status());
            assertTrue(r.body().contains("&lt;b&gt;bad&lt;/b&gt; &amp; &#x27;worse&#x27;"), r.body());
            assertFalse(r.body().contains("<b>bad</b>"), r.body());
        }

        @Test
        void unexpectedExceptionIs500WithTracebackWhenShown() throws IOException {
            Site.Reply r = Site.get("/errors/unexpected");
            assertEquals(500, r.status());
            assertTrue(r.body().contains("<pre id=\"traceback\">"), r.body());
            assertTrue(r.body().contains("java.lang.IllegalStateException: kaboom"), r.body());
        }

        @Test
        void unexpectedExceptionHasNoTracebackWhenTracebacksAreOff() throws IOException {
            Site.Reply r = Site.get("/errors/quiet/boom");
            assertEquals(500, r.status());
            assertTrue(r.body().contains("500 Internal Server Error"), r.body());
            assertFalse(r.body().contains("<pre id=\"traceback\">"), r.body());
            assertFalse(r.body().contains("quiet kaboom"), r.body());
        }

        @Test
        void unknownPathIs404NamingThePath() throws IOException {
            Site.Reply r = Site.get("/no/such/page");
            assertEquals(404, r.status());
            assertTrue(r.body().contains("The path &#x27;/no/such/page&#x27; was not found."), r.body());
        }

        @Test
        void notFoundThrownByAHandlerNamesTheCurrentPath() throws IOException {
            Site.Reply r = Site.get("/errors/missing");
            assertEquals(404, r.status());
            assertTrue(r.body().contains("The path &#x27;/errors/missing&#x27; was not found."), r.body());
        }

        @Test
        void notFoundWithAPathNamesThatPath() throws IOException {
            Site.Reply r = Site.get("/errors/elsewhere");
            assertEquals(404, r.status());
            assertTrue(r.body().contains("The path &#x27;/some/where&#x27; was not found."), r.body());
        }

        @Test
        void notFoundInAMountedApplicationNamesTheMountPointToo() throws IOException {
            Site.Reply r = Site.get("/app/nope");
            assertEquals(404, r.status());
            assertTrue(r.body().contains("The path &#x27;/app/nope&#x27; was not found."), r.body());
        }

        @Test
        void anErrorDropsTheEntityHeadersOfTheReplacedResponse() throws IOException {
            Site.Reply r = Site.get("/errors/stale");
            assertEquals(404, r.status());
            assertNull(r.header("ETag"));
            assertNull(r.header("Last-Modified"));
            assertEquals("yes", r.header("X-Kept"));
        }
    }

    // ---- redirects -----------------------------------------------------------------------

    @Nested
    class ExternalRedirects {
        @Test
        void redirectDefaultsTo303ForHttp11() throws IOException {
            Site.Reply r = Site.get("/redirect/to?url=/target");
            assertEquals(303, r.status());
            assertEquals(base() + "/target", r.header("Location"));
            assertTrue(r.body().contains("<a href=\"" + base() + "/target\">" + base() + "/target</a>"), r.body());
        }

        @Test
        void redirectDefaultsTo302ForHttp10() throws IOException {
            Site.Reply r = Site.get10("/redirect/to?url=/target");
            assertEquals(302, r.status());
            assertEquals(base() + "/target", r.header("Location"));
        }

        @ParameterizedTest
        @ValueSource(ints = {300, 301, 302, 303, 307, 308})
        void explicitRedirectStatusesSendLocationAndALinkingBody(int code) throws IOException {
            Site.Reply r = Site.get("/redirect/to?url=somewhere&code=" + code);
            assertEquals(code, r.status());
            String target = base() + "/redirect/somewhere";
            assertEquals(target, r.header("Location"));
            assertTrue(r.body().contains("<a href=\"" + target + "\">" + target + "</a>"), r.body());
            assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
        }

        @Test
        void relativeUrlIsResolvedAgainstTheCurrentUrl() throws IOException {
            assertEquals(base() + "/redirect/sub/other", Site.get("/redirect/sub/page").header("Location"));
            assertEquals(base() + "/redirect/index", Site.get("/redirect/sub/up").header("Location"));
        }

        @Test
        void queryOnlyUrlKeepsTheCurrentPath() throws IOException {
            // RFC 3986 §5.2.2: a reference of only a query keeps the base path
            Site.Reply r = Site.get("/redirect/to?url=%3Fpage%3D2");
            assertEquals(303, r.status());
            assertEquals(base() + "/redirect/to?page=2", r.header("Location"));
        }

        @Test
        void relativeUrlIsResolvedWhenTheCurrentPathHasAnEncodedSpace() throws IOException {
            Site.Reply r = Site.get("/redirect/spaced/a%20b");
            assertEquals(303, r.status(), r.body());
            assertEquals(base() + "/redirect/spaced/next", r.header("Location"));
        }

        @Test
        void severalUrlsAreAllListedAndTheFirstIsTheLocation() throws IOException {
            Site.Reply r = Site.get("/redirect/many");
            assertEquals(300, r.status());
            assertEquals(base() + "/first", r.header("Location"));
            assertTrue(r.body().contains(base() + "/first</a>.<br />\n"), r.body());
            assertTrue(r.body().contains(base() + "/second</a>"), r.body());
        }

        @Test
        void notModifiedRedirectSendsNoBodyAndNoEntityHeaders() throws IOException {
            String wire = wire("GET /redirect/nomodify HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
            assertTrue(wire.startsWith("HTTP/1.1 304 "), wire);
            assertEquals("", afterHead(wire));
            assertEquals(List.of(), fieldLines(wire, "Location"));
            assertEquals(List.of(), fieldLines(wire, "Content-Language"));
            assertEquals(List.of(), fieldLines(wire, "Content-Type"));
        }

        @Test
        void indexIsReachedWithItsSlash() throws IOException {
            assertEquals("child", Site.get("/redirect/").body());
        }
    }

    // ---- internal redirects ----------------------------------------------------------------

    @Nested
    class InternalRedirects {
        @Test
        void rerunsTheRequestOnAnotherPathWithItsQuery() throws IOException {
            Site.Reply r = Site.get("/internal/go");
            assertEquals(200, r.status());
            assertEquals("target for slug by GET from GET /internal/go", r.body());
        }

        @Test
        void theRedirectedRequestIsAGet() throws IOException {
            Site.Reply r = Site.form("/internal/go", "ignored=1");
            assertEquals(200, r.status());
            assertEquals("target for slug by GET from POST /internal/go", r.body());
        }

        @Test
        void aRelativePathIsResolvedAgainstTheCurrentOne() throws IOException {
            assertEquals("target for fish by GET from GET /internal/relative", Site.get("/internal/relative").body());
        }

        @Test
        void aLoopEndsIn500() throws IOException {
            assertEquals(500, Site.get("/internal/loop").status());
        }
    }

    // ---- error pages ------------------------------------------------------------------------

    @Nested
    class ErrorPages {
        @Test
        void aTemplateFileRendersTheErrorWithEscapedValues() throws IOException {
            Site.Reply r = Site.get("/pages/nothing_here");
            assertEquals(404, r.status());
            assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
            assertTrue(r.body().startsWith("<h1>[404 Not Found]</h1>"), r.body());
            assertTrue(r.body().contains("<p>[The path &#x27;/pages/nothing_here&#x27; was not found.]</p>"), r.body());
            assertTrue(r.body().contains("<pre>[]</pre>"), r.body());
            assertTrue(r.body().contains("<i>[Morello " + Morello.VERSION + "]</i>"), r.body());
        }

        @Test
        void aTemplateFileGetsTheTracebackOfAnUnexpectedError() throws IOException {
            Site.Reply r = Site.get("/pages/boom");
            assertEquals(500, r.status());
            assertTrue(r.body().startsWith("<h1>[500 Internal Server Error]</h1>"), r.body());
            assertTrue(r.body().contains("java.lang.IllegalStateException: template kaboom"), r.body());
        }

        @Test
        void anErrorPageCallbackRendersTheStatusItIsConfiguredFor() throws IOException {
            Site.Reply r = Site.get("/lambda/nothing_here");
            assertEquals(404, r.status());
            assertEquals("custom 404 Not Found / The path &#x27;/lambda/nothing_here&#x27; was not found.", r.body());
        }

        @Test
        void theDefaultErrorPageCoversOtherStatuses() throws IOException {
            Site.Reply r = Site.get("/lambda/refused");
            assertEquals(403, r.status());
            assertEquals("fallback 403 Forbidden / no &lt;entry&gt;", r.body());
        }

        @Test
        void aFailingErrorPageFallsBackToTheDefaultPageWithANote() throws IOException {
            Site.Reply r = Site.get("/failing/nothing_here");
            assertEquals(404, r.status());
            assertTrue(r.body().contains("The path &#x27;/failing/nothing_here&#x27; was not found."), r.body());
            assertTrue(r.body().contains("In addition, the custom error page failed"), r.body());
            assertTrue(r.body().contains("the page itself broke"), r.body());
        }
    }

    // ---- response headers --------------------------------------------------------------------

    @Nested
    class ResponseHeaders {
        @Test
        void defaultHeadersAreContentTypeDateAndServer() throws IOException {
            Site.Reply r = Site.get("/headers/");
            assertEquals("text/html;charset=utf-8", r.header("Content-Type"));
            assertNotNull(r.header("Server"));
            assertTrue(r.header("Server").startsWith("Morello"), r.header("Server"));
            assertEquals("Mon, 07 Dec 2026 04:07:25 GMT", r.header("Date"));
            assertEquals("8", r.header("Content-Length"));
        }

        @Test
        void crAndLfInAHeaderValueNeverSplitTheResponse() throws IOException {
            String wire = wire("GET /headers/echo?value=ok%0D%0AX-Injected:%20yes%0D%0A%0D%0Asmuggled HTTP/1.1\r\n"
                    + host() + "Connection: close\r\n\r\n");
            assertTrue(wire.startsWith("HTTP/1.1 200 "), wire);
            String head = wire.substring(0, wire.indexOf("\r\n\r\n"));
            assertEquals(List.of(), fieldLines(head, "X-Injected"));
            assertEquals(List.of("okX-Injected: yessmuggled"), fieldLines(head, "X-Echo"));
            assertEquals("echoed", afterHead(wire));
        }

        @Test
        void aValueBeyondLatin1IsEncodedPerRfc2047() throws IOException {
            Site.Reply r = Site.get("/headers/unicode");
            String expected = "=?utf-8?b?" + Base64.getEncoder().encodeToString(
                    "snow \u2603".getBytes(StandardCharsets.UTF_8)) + "?=";
            assertEquals(expected, r.header("X-Name"));
        }

        @Test
        void headReturnsTheHeadersOfGetWithoutTheBody() throws IOException {
            Site.Reply get = Site.get("/bodies/string");
            String wire = wire("HEAD /bodies/string HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
            assertTrue(wire.startsWith("HTTP/1.1 200 "), wire);
            assertEquals(List.of(get.header("Content-Length")), fieldLines(wire, "Content-Length"));
            assertEquals(List.of("text/html;charset=utf-8"), fieldLines(wire, "Content-Type"));
            assertEquals("", afterHead(wire));
        }

        @Test
        void optionsAsteriskAnswers200WithAllow() throws IOException {
            Site.Reply r = Site.request("OPTIONS * HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
            assertEquals(200, r.status());
            assertNotNull(r.header("Allow"));
            assertTrue(r.header("Allow").contains("GET"), r.header("Allow"));
        }

        @Test
        void http11WithoutHostIsRefused() throws IOException {
            Site.Reply r = Site.request("GET /status/ HTTP/1.1\r\nConnection: close\r\n\r\n");
            assertEquals(400, r.status());
        }

        @Test
        void http10WithoutHostIsServed() throws IOException {
            Site.Reply r = Site.get10("/status/");
            assertEquals(200, r.status());
            assertEquals("normal", r.body());
        }
    }

    // ---- cookies -------------------------------------------------------------------------------

    @Nested
    class CookieHandling {
        @Test
        void requestCookiesAreReadByName() throws IOException {
            Site.Reply r = Site.request("GET /cookies/read HTTP/1.1\r\n" + host()
                    + "Cookie: first=1; second=\"two\"\r\nCookie: third=3\r\nConnection: close\r\n\r\n");
            assertEquals("{first=1, second=two, third=3}", r.body());
        }

        @Test
        void responseCookiesCarryTheirAttributes() throws IOException {
            String wire = wire("GET /cookies/set HTTP/1.1\r\n" + host() + "Connection: close\r\n\r\n");
            List<String> cookies = fieldLines(wire.substring(0, wire.indexOf("\r\n\r\n")), "Set-Cookie");
            assertEquals(2, cookies.size(), wire);
            String session = cookies.get(0);
            assertTrue(session.startsWith("session=abc123"), session);
            for (String attr : List.of("; Path=/", "; Max-Age=3600", "; Secure", "; HttpOnly", "; SameSite=Strict")) {
                assertTrue(session.contains(attr), session + " lacks " + attr);
            }
            assertEquals("theme=dark; SameSite=Lax", cookies.get(1));
        }
    }

    // ---- response bodies -----------------------------------------------------------------------

    @Nested
    class ResponseBodies {
        @ParameterizedTest
        @ValueSource(strings = {"string", "bytes", "input", "file", "list", "stream", "iterator"})
        void everyBodyTypeSendsItsContent(String kind) throws IOException {
            Site.Reply r = Site.get("/bodies/" + kind);
            assertEquals(200, r.status(), r.raw());
            assertEquals("content", r.body());
        }

        @ParameterizedTest
        @ValueSource(strings = {"nothing", "silent"})
        void nullOrVoidIsAnEmptyBody(String kind) throws IOException {
            Site.Reply r = Site.get("/bodies/" + kind);
            assertEquals(200, r.status());
            assertEquals("", r.body());
            assertEquals("0", r.header("Content-Length"));
        }

        @Test
        void aStreamedResponseIsChunked() throws IOException {
            Site.Reply r = Site.get("/bodies/streamed");
            assertEquals(200, r.status());
            assertEquals("chunked", r.header("Transfer-Encoding"));
            assertNull(r.header("Content-Length"));
            assertEquals("content", r.body());
        }

        @Test
        void aCollectedResponseHasAContentLength() throws IOException {
            Site.Reply r = Site.get("/bodies/list");
            assertEquals("7", r.header("Content-Length"));
            assertNull(r.header("Transfer-Encoding"));
        }
    }

    // ---- request bodies ----------------------------------------------------------------------

    @Nested
    class RequestBodies {
        @Test
        void postWithoutContentLengthIs411() throws IOException {
            Site.Reply r = Site.request("POST /body/form HTTP/1.1\r\n" + host()
                    + "Content-Type: application/x-www-form-urlencoded\r\nConnection: close\r\n\r\n");
            assertEquals(411, r.status());
        }

        @Test
        void formBodyIsMergedIntoParamsAfterTheQuery() throws IOException {
            Site.Reply r = Site.form("/body/form?a=from+query", "a=from+body&b=%E2%98%83");
            assertEquals(200, r.status(), r.body());
            assertEquals("a=[from query, from body] b=\u2603", r.body());
        }

        @Test
        void multipartUploadIsBoundToAPartParameter() throws IOException {
            String boundary = "xYzZY";
            String body = multipart(boundary,
                    "Content-Disposition: form-data; name=\"file\"; filename=\"hello.txt\"\r\n"
                            + "Content-Type: text/plain\r\n\r\nhello upload",
                    "Content-Disposition: form-data; name=\"note\"\r\n\r\na note");
            Site.Reply r = Site.post("/body/upload", "multipart/form-data; boundary=" + boundary, body);
            assertEquals(200, r.status(), r.body());
            assertEquals("file|hello.txt|12|hello upload|a note", r.body());
        }

        @Test
        void anUnprocessedContentTypeIsLeftForTheHandlerToRead() throws IOException {
            Site.Reply r = Site.post("/body/raw", "application/json", "{\"a\": 1}");
            assertEquals(200, r.status(), r.body());
            assertEquals("application/json processed=false params={} body={\"a\": 1}", r.body());
        }

        @Test
        void aFormBodyOverMaxbytesIs413() throws IOException {
            Site.Reply r = Site.form("/body/limited/form", "a=" + "x".repeat(40));
            assertEquals(413, r.status());
        }

        @Test
        void aRawBodyOverMaxbytesIs413() throws IOException {
            Site.Reply r = Site.post("/body/limited/raw", "application/octet-stream", "y".repeat(40));
            assertEquals(413, r.status());
        }

        @Test
        void aBodyWithinMaxbytesIsAccepted() throws IOException {
            Site.Reply r = Site.form("/body/limited/form", "a=short");
            assertEquals(200, r.status());
            assertEquals("a=short", r.body());
        }
    }

    // ---- hooks -------------------------------------------------------------------------------

    @Nested
    class Hooks {
        @Test
        void hooksRunAtEachPointInOrderAndRecordTheStage() throws Exception {
            assertEquals("ok", Site.get("/hooked/ok").body());
            awaitEvent("on_end_request:on_end_request");
            assertEquals(List.of("on_start_resource:on_start_resource", "before_request_body:before_request_body",
                    "before_handler:before_handler", "handler:handler", "before_finalize:before_finalize",
                    "on_end_resource:on_end_resource", "on_end_request:on_end_request"), EVENTS);
        }

        @Test
        void errorResponseHooksRunForAnUnexpectedError() throws Exception {
            assertEquals(500, Site.get("/hooked/boom").status());
            awaitEvent("on_end_request:on_end_request");
            assertEquals(List.of("on_start_resource:on_start_resource", "before_request_body:before_request_body",
                    "before_handler:before_handler", "handler", "on_end_resource:on_end_resource",
                    "before_error_response:before_error_response", "after_error_response:after_error_response",
                    "on_end_request:on_end_request"), EVENTS);
        }

        @Test
        void anHttpErrorRunsBeforeFinalizeButNoErrorResponseHooks() throws Exception {
            assertEquals(403, Site.get("/hooked/forbidden").status());
            awaitEvent("on_end_request:on_end_request");
            assertEquals(List.of("on_start_resource:on_start_resource", "before_request_body:before_request_body",
                    "before_handler:before_handler", "handler", "before_finalize:before_finalize (HttpError)",
                    "on_end_resource:on_end_resource", "on_end_request:on_end_request"), EVENTS);
        }

        @Test
        void aHandlerCanAttachHooksToItsOwnRequest() throws Exception {
            Site.Reply r = Site.get("/hooked/attach");
            assertEquals("attached in handler", r.header("X-Late"));
            awaitEvent("attached on_end_request");
        }

        @Test
        void failsafeHooksStillRunAfterAFailure() throws Exception {
            Site.Reply r = Site.get("/failsafe/");
            assertEquals(500, r.status());
            assertEquals(List.of("first", "failsafe"), EVENTS);
        }

        @Test
        void lowerPrioritiesRunFirst() throws Exception {
            assertEquals("ordered", Site.get("/priorities/").body());
            assertEquals(List.of("20", "50", "80", "handler"), EVENTS);
        }

        @Test
        void onEndRequestRunsAfterTheResponseIsSent() throws Exception {
            responseRead = new CountDownLatch(1);
            long start = System.nanoTime();
            Site.Reply r = Site.get("/late/");
            long millis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertEquals("sent before on_end_request", r.body());
            responseRead.countDown();
            awaitEvent("on_end_request after the client read the response: true");
            assertTrue(millis < 2500, "the response waited for on_end_request: " + millis + " ms");
        }
    }

    // ---- the request context ------------------------------------------------------------------

    @Nested
    class RequestContext {
        @Test
        void injectedRequestAndResponseAreTheServingOnes() throws IOException {
            assertEquals("true,true", Site.get("/context/same").body());
        }

        @Test
        void urlBuildsAbsoluteUrlsFromAbsoluteAndRelativePaths() throws IOException {
            assertEquals(base() + "/x " + base() + "/context/y " + base() + "/x?a=1", Site.get("/context/urls").body());
        }

        @Test
        void urlIncludesTheMountPoint() throws IOException {
            assertEquals(base() + "/app/x " + base() + "/app/y", Site.get("/app/urls").body());
        }

        @Test
        void uniqueIdIsStableWithinARequestAndDiffersBetweenThem() throws IOException {
            String[] first = Site.get("/context/id").body().split(" ");
            assertEquals(3, first.length);
            assertEquals(first[0], first[1]);
            assertEquals(first[1], first[2]);
            String[] second = Site.get("/context/id").body().split(" ");
            assertNotEquals(first[0], second[0]);
        }

        @Test
        void addressesAndBaseComeFromTheConnectionAndHost() throws IOException {
            assertEquals("127.0.0.1 127.0.0.1:" + Site.port() + " " + base(), Site.get("/context/addresses").body());
            Site.Reply named = Site.request("GET /context/addresses HTTP/1.1\r\nHost: www.example.test:81\r\n"
                    + "Connection: close\r\n\r\n");
            assertEquals("127.0.0.1 127.0.0.1:" + Site.port() + " http://www.example.test:81", named.body());
        }

        @Test
        void pathSegmentsFillAVarargsHandler() throws IOException {
            Site.Reply r = Site.get("/context/segments/a/b");
            assertEquals(200, r.status(), r.body());
            assertEquals("a,b", r.body());
        }

        @Test
        void baseFallsBackToTheLocalAddressWithoutHost() throws IOException {
            assertEquals("127.0.0.1 127.0.0.1:" + Site.port() + " " + base(), Site.get10("/context/addresses").body());
        }
    }
}
