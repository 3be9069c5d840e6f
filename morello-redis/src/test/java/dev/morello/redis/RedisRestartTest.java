package dev.morello.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.redis.testing.RedisServer;
import dev.morello.sessions.SessionLockTimeout;
import dev.morello.sessions.SessionStore;
import dev.morello.tools.ToolArgs;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;

/**
 * Redis goes away and comes back: while it is away every operation fails with an
 * {@code IOException} naming the server (never its password), and once a new Redis answers on
 * the same port the store works again from the first operation on, although every connection
 * its pool held died with the old one.
 */
@Timeout(60)
class RedisRestartTest {
    private static final Instant NOW = Instant.parse("2030-06-15T12:00:00Z");
    private static final Duration LONG = Duration.ofMinutes(10);
    private static final String ID = "00112233445566778899aabbccddeeff00112233";

    @Test
    void theStoreWorksAgainFromTheFirstOperationOnceRedisIsBack() throws Exception {
        RedisServer redis = RedisServer.start();
        int port = redis.port();
        try (SessionStore store = new RedisStorage().open(ToolArgs.of("sessions", Map.of(RedisStorage.URL, redis.url())))) {
            fillThePool(store);
            store.lock(ID, Duration.ofSeconds(5)).close(); // Redis now has the release script
            SessionStore.Lock heldAcrossTheRestart = store.lock(ID, Duration.ofSeconds(5));

            redis.close();
            IOException down = assertThrows(IOException.class, () -> store.load(ID, NOW));
            assertTrue(down.getMessage().contains("redis://127.0.0.1:" + port + "/0"), down.getMessage());
            assertThrows(IOException.class, heldAcrossTheRestart::close);

            redis = RedisServer.start(port);
            store.save(ID, bytes("after"), NOW, LONG);
            assertArrayEquals(bytes("after"), store.load(ID, NOW));
            assertTrue(store.exists(ID, NOW));
            // the lock key died with the old Redis; its holder may still release it, to no effect
            heldAcrossTheRestart.close();
            // the release script is gone with the old Redis: it is sent again
            store.lock(ID, Duration.ofSeconds(5)).close();
            try (SessionStore.Lock lock = store.lock(ID, Duration.ofSeconds(5))) {
                assertEquals("morello:session:lock:" + ID, redis.command("KEYS", "*lock*"));
            }
            assertEquals("", redis.command("KEYS", "*lock*"), "the release after the restart did not delete the lock");
            store.delete(ID);
            assertNull(store.load(ID, NOW));
            fillThePool(store);
        } finally {
            redis.close();
        }
    }

    /** Many threads at once, so that the pool holds several connections, not one. */
    private static void fillThePool(SessionStore store) throws Exception {
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 12; t++) {
                String id = "%040x".formatted(t);
                done.add(threads.submit(() -> {
                    for (int i = 0; i < 20; i++) {
                        store.save(id, bytes("n" + i), NOW, LONG);
                        assertArrayEquals(bytes("n" + i), store.load(id, NOW));
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
    }

    @Test
    void whileRedisIsDownEveryOperationFailsWithAnIoException() throws Exception {
        try (SessionStore store = openNowhere("redis://127.0.0.1:PORT")) {
            List<Executable> operations = List.of(
                    () -> store.exists(ID, NOW),
                    () -> store.load(ID, NOW),
                    () -> store.save(ID, bytes("x"), NOW, LONG),
                    () -> store.delete(ID),
                    () -> store.lock(ID, Duration.ofSeconds(5)));
            for (Executable op : operations) {
                IOException e = assertThrows(IOException.class, op);
                assertFalse(e instanceof SessionLockTimeout, "a failure to reach Redis is no lock timeout: " + e);
            }
            assertEquals(0, store.cleanUp(NOW));
        }
    }

    @Test
    void aFailureNamesTheServerButNotItsUserOrPassword() throws Exception {
        try (SessionStore store = openNowhere("redis://alice:s3cret@127.0.0.1:PORT/2")) {
            IOException e = assertThrows(IOException.class, () -> store.load(ID, NOW));
            assertTrue(e.getMessage().matches("Redis at redis://127\\.0\\.0\\.1:\\d+/2 could not load a session: .*"),
                    e.getMessage());
            for (Throwable t = e; t != null; t = t.getCause()) {
                assertFalse(t.toString().contains("s3cret"), "the password in: " + t);
                assertFalse(t.toString().contains("alice"), "the user in: " + t);
            }
            assertFalse(store.toString().contains("s3cret"), store.toString());
        }
    }

    /** A store for a port where nothing listens, PORT in the URL standing for it. */
    private static SessionStore openNowhere(String url) throws IOException {
        int port;
        try (ServerSocket s = new ServerSocket()) {
            s.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            port = s.getLocalPort();
        }
        return new RedisStorage().open(ToolArgs.of("sessions", Map.of(RedisStorage.URL, url.replace("PORT", Integer.toString(port)))));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
