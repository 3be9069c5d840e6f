package dev.morello.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.redis.testing.RedisServer;
import dev.morello.sessions.SessionLockTimeout;
import dev.morello.sessions.SessionStore;
import dev.morello.tools.ToolArgs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.Timeout;

/**
 * A lock is leased ({@code redis_lock_lease}): a holder that dies does not keep it for ever, and
 * a holder that outlived its lease cannot free the lock someone else took since. Two stores on
 * one Redis stand for two instances of a site.
 */
@Timeout(60)
class RedisLockLeaseTest {
    private static final String ID = "89abcdef0123456789abcdef0123456789abcdef";
    /** Long enough for a test's checks while B holds the lock; A's part waits it out. */
    private static final Duration LEASE = Duration.ofSeconds(1);

    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();
    private SessionStore instanceA;
    private SessionStore instanceB;


    @BeforeEach
    void open() throws Exception {
        REDIS.server().command("FLUSHALL");
        ToolArgs args = ToolArgs.of("sessions", Map.of(RedisStorage.URL, REDIS.server().url(), RedisStorage.LOCK_LEASE, LEASE));
        instanceA = new RedisStorage().open(args);
        instanceB = new RedisStorage().open(args);
    }

    @AfterEach
    void close() throws Exception {
        instanceA.close();
        instanceB.close();
    }

    @Test
    void aLockWhoseLeaseEndedIsNotReleasedByItsFormerHolder() throws Exception {
        SessionStore.Lock a = instanceA.lock(ID, Duration.ofSeconds(5));
        Thread.sleep(LEASE.multipliedBy(3).dividedBy(2));
        // A's lease has ended: B takes the lock
        try (SessionStore.Lock b = instanceB.lock(ID, Duration.ofMillis(100))) {
            a.close();
            assertEquals("morello:session:lock:" + ID, REDIS.server().command("KEYS", "*"), "A's release removed B's lock");
            assertThrows(SessionLockTimeout.class, () -> instanceA.lock(ID, Duration.ofMillis(100)),
                    "A took the lock B holds");
        }
        assertEquals("", REDIS.server().command("KEYS", "*"), "B's release left its lock");
    }

    @Test
    void aLockWhoseHolderDiedIsFreeOnceItsLeaseEnds() throws Exception {
        instanceA.lock(ID, Duration.ofSeconds(5));
        instanceA.close(); // A dies without releasing
        long start = System.nanoTime();
        instanceB.lock(ID, Duration.ofSeconds(10)).close();
        long waited = (System.nanoTime() - start) / 1_000_000;
        assertTrue(waited >= LEASE.toMillis() / 2, "B took A's lock after " + waited + " ms, before its lease ended");
    }
}
