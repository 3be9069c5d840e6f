package dev.morello.tools.std.body;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.testing.Site;
import dev.morello.tools.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** tools.flatten and tools.autovary, through a real server. */
class BodyToolsTest {
    static final AtomicBoolean CLOSED = new AtomicBoolean();
    static final AtomicBoolean OPENED = new AtomicBoolean();
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    public static class Root {
        @Expose
        public Object nested() {
            return List.of("a", List.of("b", List.of("c")), Stream.of("d", "e").iterator(), "f".getBytes(StandardCharsets.US_ASCII));
        }

        @Expose
        public Object array() {
            return new Object[] {"a", new Object[] {"b", new String[] {"c"}}};
        }

        @Expose
        public Object closing() {
            CLOSED.set(false);
            return List.of("a", Stream.of("b").onClose(() -> CLOSED.set(true)));
        }

        @Expose
        public String plain() {
            return "plain";
        }

        /** The nested part is opened only after the client has the first chunk. */
        @Expose
        public Object lazy() {
            OPENED.set(false);
            Morello.response().stream(true);
            Iterable<String> later = () -> {
                OPENED.set(true);
                return List.of("second").iterator();
            };
            Iterator<Object> outer = new Iterator<>() {
                private int n;

                @Override
                public boolean hasNext() {
                    return n < 2;
                }

                @Override
                public Object next() {
                    if (n++ == 0) {
                        return List.of("first");
                    }
                    try {
                        RELEASE.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return later;
                }
            };
            return outer;
        }

        @Expose
        public String language(Request request) {
            BodyTools.varies(request, "Accept-Language");
            return "hello";
        }

        @Expose
        public String attribute(Request request) {
            Set<String> names = request.attribute(BodyTools.VARY_ATTRIBUTE);
            names.add("X-Theme");
            names.add("Content-Type");
            return "themed";
        }

        @Expose
        public String cookie(Request request) {
            Morello.response().headers().set("Vary", "Cookie");
            BodyTools.varies(request, "Accept-Language", "cookie");
            return "hello";
        }

        @Expose
        public String star(Request request) {
            Morello.response().headers().set("Vary", "*");
            BodyTools.varies(request, "Accept-Language");
            return "hello";
        }

        @Expose
        public String ignored(Request request) {
            BodyTools.varies(request, "X-Debug", "Accept-Language");
            return "hello";
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Map<String, Object> vary = new LinkedHashMap<>(Tools.on("autovary"));
            vary.putAll(Tools.on("gzip"));
            Morello.tree().mount(new Root(), "", Map.of("/", Tools.on("flatten")));
            Morello.tree().mount(new Root(), "/unflat", Map.of());
            Morello.tree().mount(new Root(), "/vary", Map.of("/", vary));
            Morello.tree().mount(new Root(), "/ignoring", Map.of("/", Tools.on("autovary", "ignore", List.of("x-debug"))));
            Morello.tree().mount(new Root(), "/novary", Map.of());
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    static Site.Reply get(String target, String... headers) throws IOException {
        StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return Site.request(b.append("\r\n").toString());
    }

    // ---- flatten ----------------------------------------------------------------------------

    @Test
    void flattenWalksNestedIterablesIteratorsAndBytes() throws Exception {
        assertEquals("abcdef", get("/nested").body());
    }

    @Test
    void withoutFlattenNestedChunksAreAnError() throws Exception {
        assertEquals(500, get("/unflat/nested").status());
    }

    @Test
    void flattenTakesArraysToo() throws Exception {
        assertEquals("abc", get("/array").body());
    }

    @Test
    void flattenClosesNestedStreamsOnceWalked() throws Exception {
        assertEquals("ab", get("/closing").body());
        assertTrue(CLOSED.get());
    }

    @Test
    void flattenLeavesAPlainBodyAlone() throws Exception {
        Site.Reply r = get("/plain");
        assertEquals("plain", r.body());
        assertEquals("5", r.header("Content-Length"));
    }

    @Test
    void flattenIsLazy() throws Exception {
        try (Socket s = new Socket("127.0.0.1", Site.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write("GET /lazy HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = s.getInputStream();
            String seen = "";
            while (!seen.contains("first")) {
                int c = in.read();
                assertTrue(c >= 0, "closed before the first chunk: " + seen);
                seen += (char) c;
            }
            assertTrue(!OPENED.get(), "the nested part was opened before the first chunk was sent");
            RELEASE.countDown();
            String rest = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            assertTrue(rest.contains("second"), rest);
            assertTrue(OPENED.get());
        }
    }

    // ---- autovary ---------------------------------------------------------------------------

    @Test
    void autovaryAddsTheHeadersTheHandlerSaysItUsed() throws Exception {
        Site.Reply r = get("/vary/language");
        assertEquals("Accept-Encoding, Accept-Charset, Accept-Language", r.header("Vary"));
    }

    @Test
    void autovaryRecordsTheNegotiatingToolsEachOnce() throws Exception {
        Site.Reply r = get("/vary/plain", "Accept-Encoding: gzip", "Accept-Charset: utf-8");
        assertEquals("gzip", r.header("Content-Encoding"));
        assertEquals("Accept-Encoding, Accept-Charset", r.header("Vary"));
    }

    @Test
    void autovaryReadsTheRequestAttributeSet() throws Exception {
        assertEquals("Accept-Encoding, Accept-Charset, X-Theme", get("/vary/attribute").header("Vary"));
    }

    @Test
    void anIgnoreListReplacesTheDefaultOne() throws Exception {
        assertEquals("Accept-Charset, Content-Type, X-Theme", get("/ignoring/attribute").header("Vary"));
    }

    @Test
    void autovaryIgnoresTheDefaultIgnoreList() throws Exception {
        assertTrue(!get("/vary/attribute").header("Vary").contains("Content-Type"));
    }

    @Test
    void autovaryIgnoresTheNamesInIgnore() throws Exception {
        assertEquals("Accept-Charset, Accept-Language", get("/ignoring/ignored").header("Vary"));
    }

    @Test
    void autovaryKeepsTheResponsesOwnVaryFirst() throws Exception {
        assertEquals("Cookie, Accept-Charset, Accept-Language", get("/ignoring/cookie").header("Vary"));
    }

    @Test
    void autovaryLeavesAVaryStarAlone() throws Exception {
        assertEquals("*", get("/ignoring/star").header("Vary"));
    }

    @Test
    void withoutAutovaryRecordingDoesNothing() throws Exception {
        assertNull(get("/novary/language").header("Vary"));
    }
}
