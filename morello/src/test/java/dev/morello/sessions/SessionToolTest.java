package dev.morello.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.HttpRedirect;
import dev.morello.Morello;
import dev.morello.testing.Site;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sessions tool through a real server: cookies, ids, saving, locking and hostile cookies. */
class SessionToolTest {
    private static final Pattern SESSION_COOKIE = Pattern.compile("session_id=([^;]*)");
    /** The site's time: fixed, moved by the tests that need time to pass. */
    private static final AtomicReference<Instant> NOW = new AtomicReference<>(Instant.parse("2030-01-02T03:04:05Z"));

    @TempDir
    static Path files;

    public static class Root {
        @Expose
        public String generate(String value) {
            Morello.session().put("mystring", value);
            return value;
        }

        @Expose
        public String display() {
            return (String) Morello.session().require("mystring");
        }

        @Expose
        public String count(Session session) {
            int n = session.getInt("count", 0) + 1;
            session.put("count", n);
            return Integer.toString(n);
        }

        @Expose
        public String untouched() {
            return "no session used";
        }

        @Expose
        public String id(Session session) {
            return session.id() + " " + session.missing();
        }

        @Expose
        public String login(Session session, String user) {
            session.regenerate();
            session.put("user", user);
            return session.id();
        }

        @Expose
        public String user(Session session) {
            return session.getString("user", "nobody");
        }

        @Expose
        public String logout(Session session) {
            session.delete();
            session.expire();
            return "bye";
        }

        @Expose
        public String bad(Session session) {
            session.put("thread", new Object());
            return "unreachable";
        }

        @Expose
        public String fail(Session session) {
            session.put("count", 1000);
            throw new IllegalStateException("the handler failed");
        }

        @Expose
        public void redirect(Session session) {
            session.put("redirected", true);
            throw new HttpRedirect("/user");
        }

        @Expose
        public Stream<String> streamed(Session session) {
            return Stream.of("a", "b").peek(s -> session.put("streamed", session.getString("streamed", "") + s));
        }

        @Expose
        public String explicit(Session session) {
            session.acquireLock();
            try {
                session.put("count", session.getInt("count", 0) + 1);
                session.save();
            } finally {
                session.releaseLock();
            }
            return "ok";
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.clock(new Clock() {
                @Override
                public java.time.ZoneId getZone() {
                    return ZoneOffset.UTC;
                }

                @Override
                public Clock withZone(java.time.ZoneId zone) {
                    return this;
                }

                @Override
                public Instant instant() {
                    return NOW.get();
                }
            });
            Morello.tree().mount(new Root(), "", Map.of("/", Map.of("tools.sessions.on", true,
                    "tools.sessions.lock_timeout", 5)));
            Morello.tree().mount(new Root(), "/files", Map.of("/", Map.of("tools.sessions.on", true,
                    "tools.sessions.storage_type", "file", "tools.sessions.storage_path", files.toString())));
            Path swept = files.resolve("swept");
            try {
                Files.createDirectories(swept);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            Morello.tree().mount(new Root(), "/swept", Map.of("/", Map.of("tools.sessions.on", true,
                    "tools.sessions.storage_type", "file", "tools.sessions.storage_path", swept.toString(),
                    "tools.sessions.clean_freq", 0.005)));
            Morello.tree().mount(new Root(), "/explicit", Map.of("/", Map.of("tools.sessions.on", true,
                    "tools.sessions.locking", "explicit")));
            Morello.tree().mount(new Root(), "/short", Map.of("/", Map.of("tools.sessions.on", true,
                    "tools.sessions.timeout", 1, "tools.sessions.persistent", false, "tools.sessions.secure", true,
                    "tools.sessions.samesite", "Strict", "tools.sessions.httponly", false, "tools.sessions.path", "/short",
                    "tools.sessions.name", "sid")));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
        Morello.reset();
    }

    static Site.Reply get(String target, String... cookies) throws IOException {
        StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port()
                + "\r\nConnection: close\r\n");
        for (String c : cookies) {
            b.append("Cookie: ").append(c).append("\r\n");
        }
        return Site.request(b.append("\r\n").toString());
    }

    static String sessionId(Site.Reply r) {
        Matcher m = SESSION_COOKIE.matcher(r.header("Set-Cookie") == null ? "" : r.header("Set-Cookie"));
        assertTrue(m.find(), "no session cookie in " + r.raw());
        return m.group(1);
    }

    @Test
    void aValueStoredInOneRequestIsReadInTheNext() throws IOException {
        Site.Reply first = get("/generate?value=hello");
        assertEquals(200, first.status());
        String id = sessionId(first);
        assertTrue(id.matches("[0-9a-f]{40}"), id);
        Site.Reply second = get("/display", "session_id=" + id);
        assertEquals("hello", second.body());
        assertEquals(id, sessionId(second), "the same id is set again on every response");
    }

    @Test
    void theCookieCarriesTheTimeoutPathAndSafeDefaults() throws IOException {
        String cookie = get("/count").header("Set-Cookie");
        assertEquals("Expires=Wed, 02 Jan 2030 04:04:05 GMT; Max-Age=3600; Path=/; HttpOnly; SameSite=Lax",
                cookie.substring(cookie.indexOf(';') + 2));
        String other = get("/short/count").header("Set-Cookie");
        assertTrue(other.matches("sid=[0-9a-f]{40}; Path=/short; Secure; SameSite=Strict"), other);
    }

    @Test
    void aMissingValueIsAnErrorAsCherryPysKeyError() throws IOException {
        Site.Reply r = get("/display");
        assertEquals(500, r.status());
        assertNotNull(r.header("Set-Cookie"), "error responses set the session cookie too");
    }

    @Test
    void anApplicationThatNeverUsesTheSessionGetsANewIdEachTime() throws IOException {
        String a = sessionId(get("/untouched"));
        String b = sessionId(get("/untouched", "session_id=" + a));
        assertNotEquals(a, b);
    }

    @Test
    void aForgedIdGetsAFreshOne() throws IOException {
        String forged = "0123456789abcdef0123456789abcdef01234567";
        Site.Reply r = get("/id", "session_id=" + forged);
        String id = sessionId(r);
        assertNotEquals(forged, id);
        assertEquals(id + " true", r.body());
    }

    @Test
    void anIdWithPathCharactersIsRefusedByTheFileStoreAndUnknownToRam() throws IOException {
        Site.Reply files = get("/files/count", "session_id=../../../etc/passwd");
        assertEquals(400, files.status());
        assertTrue(files.body().contains("Invalid session id in cookie."), files.body());
        Site.Reply ram = get("/count", "session_id=../../../etc/passwd");
        assertEquals(200, ram.status());
        assertNotEquals("../../../etc/passwd", sessionId(ram));
    }

    @Test
    void aTenKibCookieGetsAFreshIdWithoutReachingTheStore() throws IOException {
        Site.Reply r = get("/files/count", "session_id=" + "a".repeat(10 * 1024));
        assertEquals(200, r.status());
        assertEquals("1", r.body());
        assertEquals(40, sessionId(r).length());
    }

    @Test
    void aCookieForASessionExpiredASecondAgoStartsAnew() throws IOException {
        String setCookie = get("/short/count").header("Set-Cookie");
        String id = setCookie.substring("sid=".length(), setCookie.indexOf(';'));
        assertEquals("2", get("/short/count", "sid=" + id).body());
        Instant start = NOW.get();
        try {
            // the timeout is one minute from the last save
            NOW.set(start.plus(Duration.ofMinutes(1)).plusSeconds(1));
            Site.Reply late = get("/short/count", "sid=" + id);
            assertEquals("1", late.body());
            assertFalse(late.header("Set-Cookie").contains(id));
        } finally {
            NOW.set(start);
        }
    }

    @Test
    void ofTwoCookiesWithTheSessionNameTheOneThatExistsIsUsed() throws IOException {
        String id = sessionId(get("/generate?value=kept"));
        Site.Reply r = get("/display", "session_id=ffffffffffffffffffffffffffffffffffffffff; session_id=" + id);
        assertEquals("kept", r.body());
        assertEquals(id, sessionId(r));
        Site.Reply twoLines = get("/display", "session_id=" + id, "session_id=eeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeeee");
        assertEquals("kept", twoLines.body());
    }

    @Test
    void regenerateGivesANewIdKeepsTheValuesAndForgetsTheOldId() throws IOException {
        String before = sessionId(get("/generate?value=cart"));
        Site.Reply login = get("/login?user=alice", "session_id=" + before);
        String after = sessionId(login);
        assertNotEquals(before, after);
        assertEquals(after, login.body());
        assertEquals("cart", get("/display", "session_id=" + after).body());
        assertEquals("alice", get("/user", "session_id=" + after).body());
        assertEquals("nobody", get("/user", "session_id=" + before).body(), "the old id is gone");
    }

    @Test
    void logoutDeletesTheRecordAndExpiresTheCookie() throws IOException {
        String id = sessionId(get("/login?user=bob"));
        Site.Reply out = get("/logout", "session_id=" + id);
        assertTrue(out.header("Set-Cookie").contains("Max-Age=0"), out.header("Set-Cookie"));
        assertTrue(out.header("Set-Cookie").contains("Expires=Tue, 02 Jan 2029"), out.header("Set-Cookie"));
        assertEquals("nobody", get("/user", "session_id=" + id).body());
    }

    @Test
    void aValueASessionCannotHoldFailsTheRequestNamingIt() throws IOException {
        Site.Reply r = get("/bad");
        assertEquals(500, r.status());
    }

    @Test
    void aFailedHandlerSavesNothingAndReleasesTheLock() throws IOException {
        String id = sessionId(get("/count"));
        assertEquals(500, get("/fail", "session_id=" + id).status());
        // the lock was released (lock_timeout is 5 s here: a held lock would fail this request)
        assertEquals("2", get("/count", "session_id=" + id).body());
    }

    @Test
    void aRedirectSavesTheSessionAsCherryPysDoes() throws IOException {
        String id = sessionId(get("/count"));
        assertEquals(303, get("/redirect", "session_id=" + id).status());
        Site.Reply r = get("/count", "session_id=" + id);
        assertEquals("2", r.body());
    }

    @Test
    void aStreamedBodyIsSavedOnceItIsSent() throws IOException {
        String id = sessionId(get("/count"));
        assertEquals("ab", get("/streamed", "session_id=" + id).body());
        assertEquals("2", get("/count", "session_id=" + id).body());
    }

    @Test
    void fiftyThreadsOnOneSessionLoseNoUpdateUnderImplicitLocking() throws Exception {
        assertEquals(1000, hammer("", "/count"));
    }

    @Test
    void fiftyThreadsOnOneSessionLoseNoUpdateWithTheExplicitPattern() throws Exception {
        assertEquals(1000, hammer("/explicit", "/explicit/explicit"));
    }

    @Test
    void fiftyThreadsOnOneFileSessionLoseNoUpdate() throws Exception {
        assertEquals(1000, hammer("/files", "/files/count"));
    }

    /** 50 threads, 20 requests each, on one session; returns the count the session ends with. */
    private static int hammer(String prefix, String path) throws Exception {
        String id = sessionId(get(prefix + "/count"));
        // the first request counted 1; 999 more to go, spread on 50 threads
        try (ExecutorService pool = Executors.newFixedThreadPool(50)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                int requests = t == 0 ? 19 : 20;
                done.add(pool.submit(() -> {
                    for (int i = 0; i < requests; i++) {
                        Site.Reply r = get(path, "session_id=" + id);
                        assertEquals(200, r.status(), r.raw());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        return Integer.parseInt(get(prefix + "/count", "session_id=" + id).body()) - 1;
    }

    @Test
    void theSweepRemovesExpiredSessionFiles() throws IOException {
        String id = sessionId(get("/files/count"));
        assertTrue(Files.exists(files.resolve("session-" + id)));
        Instant start = NOW.get();
        try {
            NOW.set(start.plus(Duration.ofMinutes(61)));
            SessionStores.sweepAll();
            assertFalse(Files.exists(files.resolve("session-" + id)));
            assertFalse(Files.exists(files.resolve("session-" + id + ".lock")));
        } finally {
            NOW.set(start);
        }
    }

    @Test
    void theEngineMonitorSweepsEveryCleanFreq() throws Exception {
        String id = sessionId(get("/swept/count"));
        Path file = files.resolve("swept").resolve("session-" + id);
        assertTrue(Files.exists(file));
        Instant start = NOW.get();
        try {
            NOW.set(start.plus(Duration.ofMinutes(61)));
            // the monitor runs every 0.3 s: give it up to 20 s on a busy machine
            for (int i = 0; i < 200 && Files.exists(file); i++) {
                Thread.sleep(100);
            }
            assertFalse(Files.exists(file), "the monitor swept the expired session");
        } finally {
            NOW.set(start);
        }
    }
}
