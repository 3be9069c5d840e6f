package dev.morello.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.redis.testing.RedisServer;
import dev.morello.sessions.Session;
import dev.morello.testing.Site;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code tools.sessions} with {@code storage_type = "redis"}, through a real server and a real
 * Redis: what a site sees, as with the other storages.
 */
@Timeout(120)
class RedisSessionsSiteTest {
    private static final Pattern SESSION_COOKIE = Pattern.compile("session_id=([^;]*)");
    private static final String PREFIX = "site-test:";

    private static RedisServer redis;

    public static class Root {
        @Expose
        public String generate(Session session, String value) {
            session.put("mystring", value);
            return value;
        }

        @Expose
        public String display(Session session) {
            return session.getString("mystring", "(nothing)");
        }

        @Expose
        public String count(Session session) {
            int n = session.getInt("count", 0) + 1;
            session.put("count", n);
            return Integer.toString(n);
        }

        @Expose
        public String id(Session session) {
            return session.id() + " " + session.missing() + " " + session.size();
        }
    }

    @BeforeAll
    static void serve() throws Exception {
        redis = RedisServer.start();
        Site.start(() -> Morello.tree().mount(new Root(), "", Map.of("/", Map.of(
                "tools.sessions.on", true,
                "tools.sessions.storage_type", "redis",
                "tools.sessions.redis_url", redis.url(),
                "tools.sessions.redis_prefix", PREFIX,
                "tools.sessions.lock_timeout", 20))));
    }

    @AfterAll
    static void stop() throws Exception {
        try {
            Site.stop();
            Morello.reset();
        } finally {
            redis.close();
        }
    }

    private static Site.Reply get(String target, String cookie) throws IOException {
        return Site.request("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port() + "\r\n"
                + (cookie == null ? "" : "Cookie: " + cookie + "\r\n") + "Connection: close\r\n\r\n");
    }

    private static String sessionId(Site.Reply r) {
        Matcher m = SESSION_COOKIE.matcher(r.header("Set-Cookie") == null ? "" : r.header("Set-Cookie"));
        assertTrue(m.find(), "no session cookie in " + r.raw());
        return m.group(1);
    }

    @Test
    void aValueSetInOneRequestIsReadInTheNext() throws IOException {
        Site.Reply first = get("/generate?value=hello", null);
        assertEquals(200, first.status(), first.raw());
        String id = sessionId(first);
        assertTrue(redis.command("EXISTS", PREFIX + id).equals("1"), "the session is a key in Redis");
        Site.Reply second = get("/display", "session_id=" + id);
        assertEquals("hello", second.body());
        assertEquals(id, sessionId(second));
    }

    @Test
    void theKeyLivesAsLongAsTheSession() throws IOException {
        String id = sessionId(get("/count", null));
        long ttl = Long.parseLong(redis.command("PTTL", PREFIX + id));
        // timeout = 60 minutes, from the save a moment ago
        assertTrue(ttl > 59 * 60_000L && ttl <= 60 * 60_000L, "PTTL " + ttl);
    }

    @Test
    void fiftyThreadsOnOneSessionLoseNoUpdateUnderImplicitLocking() throws Exception {
        String id = sessionId(get("/count", null));
        // the first request counted 1: 50 threads of 20 requests add 1,000
        try (ExecutorService threads = Executors.newFixedThreadPool(50)) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 50; t++) {
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        Site.Reply r = get("/count", "session_id=" + id);
                        assertEquals(200, r.status(), r.raw());
                        assertEquals(id, sessionId(r));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals("1002", get("/count", "session_id=" + id).body());
        assertEquals("", redis.command("KEYS", PREFIX + "lock:*"), "a lock was left behind");
    }

    @Test
    void aForgedIdGetsAFreshOne() throws IOException {
        String forged = "0123456789abcdef0123456789abcdef01234567";
        Site.Reply r = get("/id", "session_id=" + forged);
        assertEquals(200, r.status(), r.raw());
        String id = sessionId(r);
        assertNotEquals(forged, id);
        assertEquals(id + " true 0", r.body());
        assertEquals("0", redis.command("EXISTS", PREFIX + forged), "the forged id was stored");
        assertFalse(redis.command("KEYS", PREFIX + "*").contains(forged));
    }
}
