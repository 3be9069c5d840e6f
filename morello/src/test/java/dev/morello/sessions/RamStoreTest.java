package dev.morello.sessions;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The RAM store: the storage contract, and its bound. */
class RamStoreTest extends SessionStoreContract {
    @Override
    protected SessionStore store() {
        return new RamStore(100_000);
    }

    @Test
    void pastItsBoundTheSessionsExpiringSoonestGoFirst() {
        RamStore store = new RamStore(100);
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        for (int i = 0; i < 100; i++) {
            store.save("s" + i, new byte[] {(byte) i}, t.plusSeconds(i), Duration.ofMinutes(60));
        }
        assertEquals(100, store.size());
        store.save("newest", new byte[] {1}, t.plusSeconds(1000), Duration.ofMinutes(60));
        // the one too many and a twentieth more went (so the next saves need not sort again)
        assertEquals(95, store.size());
        assertNull(store.load("s0", t.plusSeconds(1000)));
        assertNotNull(store.load("s99", t.plusSeconds(1000)));
        assertNotNull(store.load("newest", t.plusSeconds(1000)));
    }

    @Test
    void expiredSessionsGoBeforeLiveOnes() {
        RamStore store = new RamStore(10);
        Instant t = Instant.parse("2030-01-01T00:00:00Z");
        for (int i = 0; i < 10; i++) {
            store.save("old" + i, new byte[0], t, Duration.ofMinutes(1));
        }
        Instant later = t.plus(Duration.ofMinutes(2));
        store.save("fresh", new byte[0], later, Duration.ofMinutes(60));
        assertEquals(1, store.size(), "the expired ones were swept, no live one dropped");
        assertNotNull(store.load("fresh", later));
    }
}
