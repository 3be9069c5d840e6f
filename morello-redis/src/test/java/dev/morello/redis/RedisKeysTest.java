package dev.morello.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.redis.testing.RedisServer;
import dev.morello.sessions.SessionStore;
import dev.morello.tools.ToolArgs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What the store writes in Redis: one key per record under the prefix, expiring with the
 * session's timeout; one leased key per held lock; nothing for ids it refuses, which never reach
 * Redis at all.
 */
@Timeout(60)
class RedisKeysTest {
    private static final String ID = "0123456789abcdef0123456789abcdef01234567";
    private static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();


    @BeforeEach
    void empty() throws IOException {
        REDIS.server().command("FLUSHALL");
    }

    private static SessionStore open(Object... nameValues) {
        Map<String, Object> args = new HashMap<>();
        args.put(RedisStorage.URL, REDIS.server().url());
        for (int i = 0; i < nameValues.length; i += 2) {
            args.put((String) nameValues[i], nameValues[i + 1]);
        }
        return new RedisStorage().open(ToolArgs.of("sessions", args));
    }

    @Test
    void aRecordIsOneKeyUnderThePrefixThatExpiresWithTheTimeout() throws Exception {
        try (SessionStore store = open(RedisStorage.PREFIX, "shop:")) {
            store.save(ID, "values".getBytes(StandardCharsets.UTF_8), NOW, Duration.ofSeconds(60));
            assertEquals("shop:" + ID, REDIS.server().command("KEYS", "*"));
            assertEquals("values", REDIS.server().command("GET", "shop:" + ID));
            long ttl = Long.parseLong(REDIS.server().command("PTTL", "shop:" + ID));
            assertTrue(ttl > 50_000 && ttl <= 60_000, "expires in " + ttl + " ms");
        }
    }

    @Test
    void theDefaultPrefixIsMorellosOwn() throws Exception {
        try (SessionStore store = open()) {
            store.save(ID, new byte[] {1}, NOW, Duration.ofSeconds(60));
            assertEquals("morello:session:" + ID, REDIS.server().command("KEYS", "*"));
        }
    }

    @Test
    void aHeldLockIsOneKeyLeasedForTheLeaseAndGoneWhenReleased() throws Exception {
        try (SessionStore store = open(RedisStorage.PREFIX, "shop:", RedisStorage.LOCK_LEASE, 5)) {
            try (SessionStore.Lock lock = store.lock(ID, Duration.ofSeconds(5))) {
                assertEquals("shop:lock:" + ID, REDIS.server().command("KEYS", "*"));
                long ttl = Long.parseLong(REDIS.server().command("PTTL", "shop:lock:" + ID));
                assertTrue(ttl > 0 && ttl <= 5_000, "leased for " + ttl + " ms");
                assertEquals(32, REDIS.server().command("GET", "shop:lock:" + ID).length(), "a token of 128 bits in hex");
            }
            assertEquals("", REDIS.server().command("KEYS", "*"));
        }
    }

    @Test
    void storesWithOtherPrefixesAreApart() throws Exception {
        try (SessionStore shop = open(RedisStorage.PREFIX, "shop:");
             SessionStore blog = open(RedisStorage.PREFIX, "blog:")) {
            shop.save(ID, "shop".getBytes(StandardCharsets.UTF_8), NOW, Duration.ofSeconds(60));
            assertFalse(blog.exists(ID, NOW));
            assertNull(blog.load(ID, NOW));
            try (SessionStore.Lock held = shop.lock(ID, Duration.ofSeconds(5))) {
                blog.lock(ID, Duration.ofMillis(200)).close();
            }
            blog.delete(ID);
            assertArrayEquals("shop".getBytes(StandardCharsets.UTF_8), shop.load(ID, NOW));
        }
    }

    @Test
    void anExpiredTimeoutDeletesTheRecord() throws Exception {
        try (SessionStore store = open()) {
            store.save(ID, new byte[] {1}, NOW, Duration.ofSeconds(60));
            store.save(ID, new byte[] {2}, NOW, Duration.ZERO);
            assertFalse(store.exists(ID, NOW));
            store.save(ID, new byte[] {3}, NOW, Duration.ofSeconds(-1));
            assertEquals("", REDIS.server().command("KEYS", "*"));
        }
    }

    @Test
    void anIdOfTheLongestLengthIsKept() throws Exception {
        String longest = "a-_Z9".repeat(25) + "xyz";
        assertEquals(RedisSessionStore.MAX_ID_LENGTH, longest.length());
        try (SessionStore store = open()) {
            store.save(longest, new byte[] {7}, NOW, Duration.ofSeconds(60));
            assertArrayEquals(new byte[] {7}, store.load(longest, NOW));
        }
    }

    /**
     * A store whose Redis is not there fails every command, so an id that gives no failure was
     * refused before any command was sent.
     */
    static Stream<Arguments> refusedIds() {
        return Stream.of(
                arguments(named("empty", "")),
                arguments(named("129 characters", "x".repeat(RedisSessionStore.MAX_ID_LENGTH + 1))),
                arguments(named("a colon", "has:colon")),
                arguments(named("a space", "has space")),
                arguments(named("a slash", "has/slash")),
                arguments(named("a dot", "dot.ted")),
                arguments(named("a tab", "tab\t")),
                arguments(named("a wildcard", "*")),
                arguments(named("non-ASCII", "\u00e9")));
    }

    @ParameterizedTest
    @MethodSource("refusedIds")
    void aRefusedIdNeverReachesRedis(String id) throws Exception {
        try (SessionStore nowhere = openNowhere()) {
            assertFalse(nowhere.exists(id, NOW));
            assertNull(nowhere.load(id, NOW));
            nowhere.save(id, new byte[] {1}, NOW, Duration.ofSeconds(60));
            nowhere.delete(id);
            nowhere.lock(id, Duration.ofSeconds(1)).close();
            // while a good id does reach it, and fails
            assertThrows(IOException.class, () -> nowhere.exists(ID, NOW));
        }
    }

    @Test
    void aRecordSavedUnderARefusedIdIsNotKept() throws Exception {
        try (SessionStore store = open()) {
            for (String id : List.of("../x", "a:b", "", "x".repeat(129))) {
                store.save(id, new byte[] {1}, NOW, Duration.ofSeconds(60));
            }
            assertEquals("", REDIS.server().command("KEYS", "*"));
        }
    }

    /** A store for a port where nothing listens. */
    private static SessionStore openNowhere() throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        return new RedisStorage().open(ToolArgs.of("sessions", Map.of(RedisStorage.URL, "redis://127.0.0.1:" + port)));
    }
}
