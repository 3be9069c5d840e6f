package dev.morello.tools.std.auth;

import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The highest nonce-count seen for each nonce in use (RFC 7616 §3.4: a server that keeps it can
 * refuse a replayed request). Memory is bounded: nonces past their lifetime are forgotten (they
 * are stale anyway), and past {@code capacity} the oldest is dropped; a nonce issued no later than
 * the newest one dropped is then refused as used, so forgetting never lets a replay through.
 * Counts are kept per process.
 */
final class AuthNonces {
    private final int capacity;
    private final long lifetimeSeconds;
    private final ReentrantLock lock = new ReentrantLock();
    /** nonce → {issued at, highest nc}, in the order first used. */
    private final LinkedHashMap<String, long[]> counts = new LinkedHashMap<>();
    private long horizon = Long.MIN_VALUE;

    AuthNonces(int capacity, long lifetimeSeconds) {
        this.capacity = capacity;
        this.lifetimeSeconds = lifetimeSeconds;
    }

    /** Records a use; false when the count is not above every count seen with this nonce. */
    boolean use(String nonce, long issued, long nc, long now) {
        lock.lock();
        try {
            for (Iterator<Map.Entry<String, long[]>> it = counts.entrySet().iterator(); it.hasNext(); ) {
                if (it.next().getValue()[0] >= now - lifetimeSeconds) {
                    break;
                }
                it.remove();
            }
            long[] seen = counts.get(nonce);
            if (seen == null) {
                if (issued <= horizon) {
                    return false;
                }
                if (counts.size() >= capacity) {
                    Iterator<Map.Entry<String, long[]>> it = counts.entrySet().iterator();
                    horizon = Math.max(horizon, it.next().getValue()[0]);
                    it.remove();
                }
                counts.put(nonce, new long[] {issued, nc});
                return true;
            }
            if (nc <= seen[1]) {
                return false;
            }
            seen[1] = nc;
            return true;
        } finally {
            lock.unlock();
        }
    }
}
