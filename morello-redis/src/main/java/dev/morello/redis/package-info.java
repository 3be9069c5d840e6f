/**
 * Sessions in Redis, so that several instances of a site behind a proxy share them: a request
 * may reach any instance and find its session there.
 *
 * <p>With {@code morello-redis} beside the framework (a dependency of the application), config
 * chooses it by name:
 *
 * <pre>
 * [/]
 * tools.sessions.on = True
 * tools.sessions.storage_type = "redis"
 * tools.sessions.redis_url = "redis://127.0.0.1:6379/0"
 * </pre>
 *
 * <p>Its arguments ({@link dev.morello.redis.RedisStorage} lists them with their defaults):
 * {@code redis_url} ({@code redis://[[user]:password@]host[:port][/database]}, or
 * {@code rediss://} for TLS), {@code redis_prefix} (what its keys start with, so that sites
 * sharing a Redis keep apart), {@code redis_lock_lease} (how long a lock outlives an instance
 * that died holding it), {@code redis_timeout} and {@code redis_max_connections}. A password is
 * better kept out of a file under version control: the value may come from a Java map built from
 * the environment, as any config value may.
 *
 * <p>What it keeps, and how ({@link dev.morello.redis.RedisSessionStore} has the details):
 * <ul>
 *   <li>one key per session, {@code redis_prefix + id}, holding the encoded values, with the
 *       session's timeout as the key's expiry: Redis drops it when it ends, so no instance
 *       sweeps for expired sessions;</li>
 *   <li>one key per held lock, {@code redis_prefix + "lock:" + id}, with a random token of its
 *       holder, leased for {@code redis_lock_lease}: the locking of {@code tools.sessions.locking}
 *       holds across instances;</li>
 *   <li>nothing under ids the framework could not have made (see {@code RedisSessionStore}).</li>
 * </ul>
 *
 * <p>Redis's persistence is Redis's business: with none configured, sessions last until it
 * restarts, and the store reconnects by itself when it is back. While Redis is down, each of the
 * store's operations fails with an {@code IOException} naming the server (never its password).
 * The site starts whether Redis is up or not: the store connects on first use.
 */
package dev.morello.redis;
