package dev.morello.tools.std.caching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.config.ConfigRefused;
import dev.morello.testing.Site;
import dev.morello.tools.HookCallback;
import dev.morello.tools.Tools;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The caching tool through a real server: keys, hits, the client's wishes, limits, invalidation, stampedes. */
class CachingTest {
    /** Counts calls per handler and query, so a body tells whether the handler ran. */
    public static class Root {
        final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();

        int count(String name, Map<String, Object> params) {
            return calls.computeIfAbsent(name + params, k -> new AtomicInteger()).incrementAndGet();
        }

        @Expose
        public String page(Map<String, Object> params) {
            return "page:" + count("page", params);
        }

        @Expose
        public String slow(Map<String, Object> params) throws InterruptedException {
            int n = count("slow", params);
            Thread.sleep(400);
            return "slow:" + n;
        }

        @Expose
        public String flaky(Map<String, Object> params) throws InterruptedException {
            int n = count("flaky", params);
            Thread.sleep(300);
            if (n == 1) {
                throw new IllegalStateException("the first fill fails");
            }
            return "flaky:" + n;
        }

        @Expose
        public String vary(Request request, Response response, Map<String, Object> params) {
            response.headers().set("Vary", "Accept-Language");
            String lang = request.headers().get("Accept-Language", "none");
            return lang + ":" + count("vary" + lang, params);
        }

        @Expose
        public String star(Response response, Map<String, Object> params) {
            response.headers().set("Vary", "*");
            return "star:" + count("star", params);
        }

        @Expose
        public String nostore(Response response, Map<String, Object> params) {
            response.headers().set("Cache-Control", "no-store");
            return "nostore:" + count("nostore", params);
        }

        @Expose
        public String personal(Response response, Map<String, Object> params) {
            response.headers().set("Cache-Control", "private, max-age=60");
            return "personal:" + count("personal", params);
        }

        @Expose
        public String created(Response response, Map<String, Object> params) {
            response.status(201);
            return "created:" + count("created", params);
        }

        @Expose
        public String missing(Map<String, Object> params) {
            count("missing", params);
            throw new HttpError(404, "gone:" + calls.get("missing" + params).get());
        }

        @Expose
        public String big(Map<String, Object> params) {
            return "big:" + count("big", params) + "-".repeat(30);
        }

        @Expose
        public Stream<String> streamed(Response response, Map<String, Object> params) {
            response.stream(true);
            int n = count("streamed", params);
            return Stream.of("streamed:", Integer.toString(n), ":end");
        }

        @Expose
        public ByteArrayInputStream bytes(Map<String, Object> params) {
            return new ByteArrayInputStream(("bytes:" + count("bytes", params)).getBytes(StandardCharsets.UTF_8));
        }

        @Expose
        public String dated(Response response, Map<String, Object> params) {
            response.headers().set("Last-Modified", "Sun, 06 Nov 1994 08:49:37 GMT");
            return "dated:" + count("dated", params);
        }

        @Expose
        public String tagged(Response response, Map<String, Object> params) {
            response.headers().set("ETag", "\"v1\"");
            return "tagged:" + count("tagged", params);
        }

        @Expose
        public String shared(Response response, Map<String, Object> params) {
            response.headers().set("Cache-Control", "public, max-age=60");
            return "shared:" + count("shared", params);
        }
    }

    /** Shows whether the response came from the cache. */
    static final HookCallback SHOW_CACHED = request -> Morello.response().headers().set("X-Cached",
            String.valueOf((Object) request.attribute(CachingTools.CACHED)));

    static Map<String, Object> caching(Object... args) {
        Map<String, Object> m = new LinkedHashMap<>(Tools.on("caching", args));
        m.put("hooks.before_finalize.show", SHOW_CACHED);
        return m;
    }

    /**
     * The site clock, pinned and moved by the tests that need time to pass: entries are stored and
     * aged by the request's time, so no test waits for a delay to run out.
     */
    static volatile Instant now = Instant.parse("2026-12-07T04:07:25Z");

    static void advance(Duration d) {
        now = now.plus(d);
        Morello.clock(Clock.fixed(now, ZoneOffset.UTC));
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.clock(Clock.fixed(now, ZoneOffset.UTC));
            Morello.tree().mount(new Root(), "/c", Map.of("/", caching()));
            Morello.tree().mount(new Root(), "/two", Map.of("/", caching("maxobjects", 2)));
            Morello.tree().mount(new Root(), "/tiny", Map.of("/", caching("maxobj_size", 20)));
            Morello.tree().mount(new Root(), "/room", Map.of("/", caching("maxsize", 20)));
            Morello.tree().mount(new Root(), "/short", Map.of("/", caching("delay", 0.3, "expire_freq", 0)));
            Morello.tree().mount(new Root(), "/nowait", Map.of("/", caching("antistampede_timeout", 0)));
            Morello.tree().mount(new Root(), "/patch", Map.of("/", caching("invalid_methods", List.of("PATCH"))));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    static Site.Reply get(String target, String... headers) throws IOException {
        StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port() + "\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return Site.request(b.append("Connection: close\r\n\r\n").toString());
    }

    @Test
    void aSecondRequestIsServedFromTheCacheWithAnAgeHeader() throws Exception {
        Site.Reply first = get("/c/page?k=hit");
        Site.Reply second = get("/c/page?k=hit");
        assertEquals("page:1", first.body());
        assertEquals("false", first.header("X-Cached"));
        assertNull(first.header("Age"));
        assertEquals("page:1", second.body());
        assertEquals("true", second.header("X-Cached"));
        assertEquals("0", second.header("Age"));
        assertEquals("text/html;charset=utf-8", second.header("Content-Type"));
        advance(Duration.ofMillis(7_900));
        Site.Reply third = get("/c/page?k=hit");
        assertEquals("page:1", third.body());
        assertEquals("7", third.header("Age"), "whole seconds since it was stored");
    }

    @Test
    void theQueryStringIsPartOfTheKey() throws Exception {
        assertEquals("page:1", get("/c/page?k=q1").body());
        assertEquals("page:1", get("/c/page?k=q2").body());
        assertEquals("page:1", get("/c/page?k=q1").body());
    }

    @Test
    void headersNamedByVarySelectTheVariant() throws Exception {
        assertEquals("en:1", get("/c/vary?k=v", "Accept-Language: en").body());
        assertEquals("fr:1", get("/c/vary?k=v", "Accept-Language: fr").body());
        Site.Reply en = get("/c/vary?k=v", "Accept-Language: en");
        assertEquals("en:1", en.body());
        assertEquals("true", en.header("X-Cached"));
        assertEquals("fr:1", get("/c/vary?k=v", "Accept-Language: fr").body());
        assertEquals("none:1", get("/c/vary?k=v").body());
    }

    @Test
    void varyStarIsNeverStored() throws Exception {
        assertEquals("star:1", get("/c/star").body());
        assertEquals("star:2", get("/c/star").body());
    }

    @Test
    void anUnsafeMethodPurgesTheUrl() throws Exception {
        assertEquals("page:1", get("/c/page?k=purge").body());
        assertEquals("page:1", get("/c/page?k=purge").body());
        Site.Reply posted = Site.form("/c/page?k=purge", "");
        assertEquals("page:2", posted.body());
        assertEquals("false", posted.header("X-Cached"));
        assertEquals("page:3", get("/c/page?k=purge").body());
        assertEquals("page:3", get("/c/page?k=purge").body());
    }

    @Test
    void invalidMethodsAreConfigurable() throws Exception {
        assertEquals("page:1", get("/patch/page?k=m").body());
        Site.Reply deleted = Site.method("DELETE", "/patch/page?k=m");
        assertEquals("page:2", deleted.body());
        assertEquals("page:1", get("/patch/page?k=m").body(), "DELETE is not an invalidating method here");
        Site.request("PATCH /patch/page?k=m HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port()
                + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n");
        assertEquals("page:4", get("/patch/page?k=m").body());
    }

    @Test
    void otherMethodsThanGetAndHeadNeitherReadNorFillTheCache() throws Exception {
        assertEquals("page:1", Site.method("OPTIONS", "/c/page?k=opt").body());
        assertEquals("page:2", get("/c/page?k=opt").body());
        assertEquals("page:3", Site.method("OPTIONS", "/c/page?k=opt").body());
        assertEquals("page:2", get("/c/page?k=opt").body());
    }

    @Test
    void requestNoCacheBypassesTheCacheAndRefreshesIt() throws Exception {
        assertEquals("page:1", get("/c/page?k=nc").body());
        assertEquals("page:2", get("/c/page?k=nc", "Cache-Control: no-cache").body());
        assertEquals("page:2", get("/c/page?k=nc").body());
    }

    @Test
    void pragmaNoCacheBypassesTheCache() throws Exception {
        assertEquals("page:1", get("/c/page?k=pragma").body());
        assertEquals("page:2", get("/c/page?k=pragma", "Pragma: no-cache").body());
        assertEquals("page:2", get("/c/page?k=pragma").body());
    }

    @Test
    void requestMaxAgeTurnsOlderCopiesIntoMisses() throws Exception {
        assertEquals("page:1", get("/c/page?k=age").body());
        assertEquals("page:1", get("/c/page?k=age", "Cache-Control: max-age=100").body());
        assertEquals("page:1", get("/c/page?k=age", "Cache-Control: max-age=0").body(), "not older than 0 s yet");
        advance(Duration.ofMillis(5));
        assertEquals("page:2", get("/c/page?k=age", "Cache-Control: max-age=0").body());
    }

    @Test
    void aMalformedMaxAgeIsABadRequest() throws Exception {
        for (String bad : List.of("max-age=abc", "max-age=-1", "max-age", "max-age=+5", "max-age=\"5\"")) {
            Site.Reply r = get("/c/page?k=bad", "Cache-Control: " + bad);
            assertEquals(400, r.status(), bad);
            assertTrue(r.body().contains("Invalid Cache-Control header"), r.body());
        }
    }

    @Test
    void requestNoStoreKeepsTheResponseOut() throws Exception {
        assertEquals("page:1", get("/c/page?k=rns", "Cache-Control: no-store").body());
        assertEquals("page:2", get("/c/page?k=rns").body());
    }

    @Test
    void responsesMarkedNoStoreOrPrivateAreNotStored() throws Exception {
        assertEquals("nostore:1", get("/c/nostore").body());
        assertEquals("nostore:2", get("/c/nostore").body());
        assertEquals("personal:1", get("/c/personal").body());
        assertEquals("personal:2", get("/c/personal").body());
    }

    @Test
    void onlyOkResponsesAreStored() throws Exception {
        assertEquals("created:1", get("/c/created").body());
        assertEquals("created:2", get("/c/created").body());
        Site.Reply one = get("/c/missing");
        Site.Reply two = get("/c/missing");
        assertEquals(404, two.status());
        assertTrue(one.body().contains("gone:1") && two.body().contains("gone:2"), two.body());
    }

    @Test
    void responsesToRequestsWithCredentialsAreStoredOnlyWhenPublic() throws Exception {
        assertEquals("page:1", get("/c/page?k=auth", "Authorization: Basic dTpw").body());
        assertEquals("page:2", get("/c/page?k=auth").body());
        assertEquals("shared:1", get("/c/shared", "Authorization: Basic dTpw").body());
        assertEquals("shared:1", get("/c/shared").body());
    }

    @Test
    void bodiesOverMaxobjSizeAreNotStored() throws Exception {
        assertEquals("page:1", get("/tiny/page").body());
        assertEquals("page:1", get("/tiny/page").body());
        assertTrue(get("/tiny/big").body().startsWith("big:1"));
        assertTrue(get("/tiny/big").body().startsWith("big:2"));
    }

    @Test
    void maxobjectsEvictsTheLeastRecentlyUsed() throws Exception {
        assertEquals("page:1", get("/two/page?k=a").body());
        assertEquals("page:1", get("/two/page?k=b").body());
        assertEquals("page:1", get("/two/page?k=a").body()); // a is now the most recent
        assertEquals("page:1", get("/two/page?k=c").body()); // evicts b
        assertEquals("page:1", get("/two/page?k=a").body());
        assertEquals("page:2", get("/two/page?k=b").body());
    }

    @Test
    void maxsizeEvictsToMakeRoom() throws Exception {
        assertEquals("page:1", get("/room/page?k=a").body()); // 6 bytes each, 20 in all
        assertEquals("page:1", get("/room/page?k=b").body());
        assertEquals("page:1", get("/room/page?k=c").body());
        assertEquals("page:1", get("/room/page?k=d").body()); // evicts a
        assertEquals("page:1", get("/room/page?k=d").body());
        assertEquals("page:2", get("/room/page?k=a").body());
    }

    @Test
    void entriesExpireAfterTheDelay() throws Exception {
        assertEquals("page:1", get("/short/page").body());
        advance(Duration.ofMillis(299));
        assertEquals("page:1", get("/short/page").body());
        advance(Duration.ofMillis(1));
        assertEquals("page:2", get("/short/page").body(), "0.3 s after it was stored, the entry is gone");
    }

    @Test
    void streamedBodiesAreStoredAsTheyAreSent() throws Exception {
        Site.Reply first = get("/c/streamed");
        assertEquals("streamed:1:end", first.body());
        assertEquals("chunked", first.header("Transfer-Encoding"));
        Site.Reply second = get("/c/streamed");
        assertEquals("streamed:1:end", second.body());
        assertEquals("true", second.header("X-Cached"));
    }

    @Test
    void inputStreamBodiesAreStored() throws Exception {
        assertEquals("bytes:1", get("/c/bytes").body());
        assertEquals("bytes:1", get("/c/bytes").body());
    }

    @Test
    void aHitAnswersIfModifiedSinceWith304() throws Exception {
        assertEquals("dated:1", get("/c/dated").body());
        Site.Reply r = get("/c/dated", "If-Modified-Since: Sun, 06 Nov 1994 08:49:37 GMT");
        assertEquals(304, r.status());
        assertEquals("Sun, 06 Nov 1994 08:49:37 GMT", r.header("Last-Modified"));
        assertEquals(200, get("/c/dated", "If-Modified-Since: Sat, 05 Nov 1994 08:49:37 GMT").status());
    }

    @Test
    void aHitAnswersAMatchingIfNoneMatchWith304() throws Exception {
        assertEquals("tagged:1", get("/c/tagged").body());
        Site.Reply r = get("/c/tagged", "If-None-Match: \"v0\", W/\"v1\"");
        assertEquals(304, r.status());
        assertEquals("\"v1\"", r.header("ETag"));
        assertEquals("", r.body());
        assertEquals("tagged:1", get("/c/tagged", "If-None-Match: \"v2\"").body());
    }

    @Test
    void concurrentMissesWaitForOneFill() throws Exception {
        int clients = 8;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Site.Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return get("/c/slow?k=stampede");
                }));
            }
            start.countDown();
            int fromCache = 0;
            for (Future<Site.Reply> f : replies) {
                Site.Reply r = f.get();
                assertEquals("slow:1", r.body());
                fromCache += "true".equals(r.header("X-Cached")) ? 1 : 0;
            }
            assertEquals(clients - 1, fromCache);
        }
    }

    @Test
    void withoutAnAntistampedeTimeoutConcurrentMissesAllRunTheHandler() throws Exception {
        int clients = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Site.Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return get("/nowait/slow?k=herd");
                }));
            }
            start.countDown();
            List<String> bodies = new ArrayList<>();
            for (Future<Site.Reply> f : replies) {
                bodies.add(f.get().body());
            }
            assertEquals(clients, bodies.stream().distinct().count(), bodies.toString());
        }
    }

    @Test
    void waitersAreReleasedAtOnceWhenTheFillFails() throws Exception {
        int clients = 4;
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Site.Reply>> replies = new ArrayList<>();
        long began = System.nanoTime();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < clients; i++) {
                replies.add(pool.submit(() -> {
                    start.await();
                    return get("/c/flaky?k=fail");
                }));
            }
            start.countDown();
            int failed = 0;
            for (Future<Site.Reply> f : replies) {
                failed += f.get().status() == 500 ? 1 : 0;
            }
            assertEquals(1, failed);
        }
        long millis = (System.nanoTime() - began) / 1_000_000;
        assertTrue(millis < 4000, "waiters waited for the 5 s timeout: " + millis + " ms");
    }

    @Test
    void theStoreStaysConsistentUnderConcurrentClients() throws Exception {
        List<Future<Site.Reply>> replies = new ArrayList<>();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 60; i++) {
                String target = i % 7 == 0 ? "POST" : "/two/page?k=s" + (i % 5);
                replies.add(pool.submit(() -> target.equals("POST") ? Site.form("/two/page?k=s1", "") : get(target)));
            }
            for (Future<Site.Reply> f : replies) {
                assertEquals(200, f.get().status());
            }
        }
        Site.Reply a = get("/two/page?k=s9");
        Site.Reply b = get("/two/page?k=s9");
        assertEquals(a.body(), b.body());
        assertNotNull(b.header("Age"));
    }

    @Test
    void aNegativeDelayIsRefusedWhenMounted() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class,
                () -> Morello.tree().mount(new Root(), "/bad", Map.of("/", caching("delay", -1))));
        assertEquals("the application mounted at '/bad', section [/]: 'tools.caching.delay' is -1:"
                + " it must be seconds: 0 or more.", e.getMessage());
        assertEquals(404, get("/bad/page").status());
    }
}
