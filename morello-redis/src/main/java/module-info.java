/**
 * The {@code redis} session storage, with Jedis: on the module path or the class path beside the
 * framework, it registers itself (as a {@link dev.morello.sessions.SessionStorage}) and
 * {@code tools.sessions.storage_type = "redis"} chooses it. See {@link dev.morello.redis}.
 */
module dev.morello.redis {
    requires transitive dev.morello;
    requires redis.clients.jedis;
    requires org.apache.commons.pool2;

    exports dev.morello.redis;

    provides dev.morello.sessions.SessionStorage with dev.morello.redis.RedisStorage;
}
