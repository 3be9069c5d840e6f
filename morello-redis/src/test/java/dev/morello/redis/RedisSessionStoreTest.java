package dev.morello.redis;

import dev.morello.redis.testing.RedisServer;
import dev.morello.sessions.SessionStore;
import dev.morello.sessions.SessionStoreContract;
import dev.morello.tools.ToolArgs;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The redis store passes the storage contract, against a real {@code redis-server} emptied
 * before each test. Redis keeps its own time, so letting time pass means sleeping; and it drops
 * expired keys itself, so {@code cleanUp} has nothing to count.
 */
class RedisSessionStoreTest extends SessionStoreContract {
    @RegisterExtension
    static final RedisServer.PerClass REDIS = new RedisServer.PerClass();


    @Override
    protected SessionStore store() throws Exception {
        REDIS.server().command("FLUSHALL");
        return new RedisStorage().open(ToolArgs.of("sessions", Map.of(RedisStorage.URL, REDIS.server().url())));
    }

    @Override
    protected void elapse(Duration d) throws InterruptedException {
        super.elapse(d);
        Thread.sleep(d);
    }

    @Override
    protected boolean expiresByItself() {
        return true;
    }
}
