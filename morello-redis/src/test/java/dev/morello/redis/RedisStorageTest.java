package dev.morello.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.config.Key;
import dev.morello.sessions.SessionStorage;
import dev.morello.sessions.SessionStore;
import dev.morello.tools.ToolArgs;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The {@code redis} storage as config sees it: found as a service by its name, its arguments
 * with their defaults, and the values it refuses, named, without repeating a URL that may hold a
 * password.
 */
class RedisStorageTest {
    private static RedisStorage.Settings settings(Map<String, ?> args) {
        return RedisStorage.settings(ToolArgs.of("sessions", args));
    }

    @Test
    void isFoundAsAServiceByItsName() {
        List<SessionStorage> redis = ServiceLoader.load(SessionStorage.class).stream()
                .map(ServiceLoader.Provider::get)
                .filter(s -> s.name().equals("redis"))
                .toList();
        assertEquals(1, redis.size(), "storages named redis: " + redis);
        assertInstanceOf(RedisStorage.class, redis.get(0));
    }

    @Test
    void declaresItsArgumentsWithTheirDefaults() {
        Map<String, Object> defaults = new LinkedHashMap<>();
        for (SessionStorage.Argument a : new RedisStorage().arguments()) {
            defaults.put(a.name(), a.defaultValue());
            assertFalse(a.meaning().isBlank(), a.name() + " has no meaning");
            assertTrue(a.name().startsWith("redis_"), a.name());
        }
        assertEquals(Map.of(
                "redis_url", "redis://127.0.0.1:6379",
                "redis_prefix", "morello:session:",
                "redis_lock_lease", 30,
                "redis_timeout", 2,
                "redis_max_connections", 16), defaults);
    }

    @Test
    void withoutArgumentsItIsTheLocalRedis() {
        RedisStorage.Settings s = settings(Map.of());
        assertEquals("redis://127.0.0.1:6379/0", s.url().toString());
        assertEquals("morello:session:", s.prefix());
        assertEquals(Duration.ofSeconds(30), s.lockLease());
        assertEquals(Duration.ofSeconds(2), s.timeout());
        assertEquals(16, s.maxConnections());
    }

    static Stream<Arguments> urls() {
        return Stream.of(
                arguments("redis://cache", new RedisUrl(false, "cache", 6379, null, null, 0)),
                arguments("redis://cache:7000/3", new RedisUrl(false, "cache", 7000, null, null, 3)),
                arguments("REDIS://cache/", new RedisUrl(false, "cache", 6379, null, null, 0)),
                arguments("rediss://cache.example:6380", new RedisUrl(true, "cache.example", 6380, null, null, 0)),
                arguments("redis://:s3cret@cache", new RedisUrl(false, "cache", 6379, null, "s3cret", 0)),
                arguments("redis://s3cret@cache", new RedisUrl(false, "cache", 6379, null, "s3cret", 0)),
                arguments("redis://alice:s3cret@cache", new RedisUrl(false, "cache", 6379, "alice", "s3cret", 0)),
                arguments("redis://al%69ce:p%40ss+w%3Ard@cache", new RedisUrl(false, "cache", 6379, "alice", "p@ss+w:rd", 0)),
                arguments("redis://[::1]:6380/1", new RedisUrl(false, "::1", 6380, null, null, 1)),
                arguments("  redis://127.0.0.1  ", new RedisUrl(false, "127.0.0.1", 6379, null, null, 0)));
    }

    @ParameterizedTest
    @MethodSource("urls")
    void readsTheUrl(String text, RedisUrl expected) {
        RedisUrl url = settings(Map.of(RedisStorage.URL, text)).url();
        assertEquals(expected, url);
        assertFalse(url.toString().contains("s3cret") || url.toString().contains("alice"), url.toString());
    }

    @Test
    void showsTheUrlWithoutUserAndPassword() {
        assertEquals("rediss://[::1]:6380/4", RedisUrl.parse("rediss://alice:s3cret@[::1]:6380/4").toString());
    }

    static Stream<Arguments> badUrls() {
        return Stream.of(
                arguments(named("another scheme", "http://s3cret@cache:6379")),
                arguments(named("no scheme", "s3cret@cache:6379")),
                arguments(named("no host", "redis://s3cret@")),
                arguments(named("a database that is no number", "redis://s3cret@cache/zero")),
                arguments(named("a negative database", "redis://s3cret@cache/-1")),
                arguments(named("a query", "redis://s3cret@cache?db=1")),
                arguments(named("a bad escape", "redis://s3cret:%zz@cache")),
                arguments(named("no URL at all", "redis://s3cret@cache:port")),
                arguments(named("spaces inside", "redis://s3cret @cache")));
    }

    @ParameterizedTest
    @MethodSource("badUrls")
    void refusesABadUrlWithoutRepeatingIt(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> settings(Map.of(RedisStorage.URL, text)));
        assertTrue(e.getMessage().startsWith("tools.sessions.redis_url must be "), e.getMessage());
        assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
        // the check config runs before the site serves refuses it the same way
        Key.Check.Valid check = (Key.Check.Valid) argument(RedisStorage.URL).check();
        assertThrows(IllegalArgumentException.class, () -> check.validator().validate(text));
    }

    @Test
    void readsDurationsAsSecondsOrDurations() {
        assertEquals(Duration.ofMillis(250), settings(Map.of(RedisStorage.LOCK_LEASE, 0.25)).lockLease());
        assertEquals(Duration.ofMillis(1500), settings(Map.of(RedisStorage.LOCK_LEASE, "1.5")).lockLease());
        assertEquals(Duration.ofMillis(300), settings(Map.of(RedisStorage.TIMEOUT, Duration.ofMillis(300))).timeout());
        assertEquals(Duration.ofMillis(1), settings(Map.of(RedisStorage.TIMEOUT, Duration.ofNanos(1))).timeout(),
                "rounded up to Redis's millisecond");
    }

    @ParameterizedTest
    @ValueSource(strings = {RedisStorage.LOCK_LEASE, RedisStorage.TIMEOUT})
    void refusesADurationThatIsNotPositive(String name) {
        for (Object bad : List.of(0, -1, "-0.5", Duration.ZERO, Duration.ofSeconds(-3), 1e12)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> settings(Map.of(name, bad)),
                    name + " = " + bad);
            assertTrue(e.getMessage().contains("tools.sessions." + name), e.getMessage());
        }
    }

    @Test
    void refusesANumberOfConnectionsOutOfRange() {
        for (Object bad : List.of(0, -4, 10_001)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> settings(Map.of(RedisStorage.MAX_CONNECTIONS, bad)));
            assertTrue(e.getMessage().contains("tools.sessions.redis_max_connections"), e.getMessage());
        }
        assertEquals(64, settings(Map.of(RedisStorage.MAX_CONNECTIONS, "64")).maxConnections());
    }

    @Test
    void opensWithoutConnecting() throws Exception {
        // nothing listens on port 1: opening still succeeds, and says where it will connect
        try (SessionStore store = new RedisStorage().open(ToolArgs.of("sessions",
                Map.of(RedisStorage.URL, "redis://:s3cret@127.0.0.1:1/5")))) {
            assertEquals("RedisSessionStore[redis://127.0.0.1:1/5]", store.toString());
            assertNull(store.load("", null), "a refused id needs no connection");
        }
    }

    private static SessionStorage.Argument argument(String name) {
        return new RedisStorage().arguments().stream().filter(a -> a.name().equals(name)).findFirst().orElseThrow();
    }
}
