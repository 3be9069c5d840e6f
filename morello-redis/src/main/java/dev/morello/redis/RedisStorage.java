package dev.morello.redis;

import dev.morello.config.Key;
import dev.morello.sessions.SessionStorage;
import dev.morello.sessions.SessionStore;
import dev.morello.tools.ToolArgs;
import java.time.Duration;
import java.util.List;

/**
 * The {@code redis} session storage: {@code tools.sessions.storage_type = "redis"} keeps sessions
 * in a Redis server that several instances of a site share. Its arguments:
 *
 * <table>
 * <caption>the arguments of tools.sessions with storage_type "redis"</caption>
 * <tr><th>name</th><th>type</th><th>default</th><th>meaning</th></tr>
 * <tr><td>{@code redis_url}</td><td>string</td><td>{@code redis://127.0.0.1:6379}</td>
 *     <td>the server: {@code redis://[[user]:password@]host[:port][/database]}, {@code rediss://} for TLS</td></tr>
 * <tr><td>{@code redis_prefix}</td><td>string</td><td>{@code morello:session:}</td>
 *     <td>what every key the store writes starts with; sites sharing a Redis keep apart by it</td></tr>
 * <tr><td>{@code redis_lock_lease}</td><td>seconds</td><td>30</td>
 *     <td>how long a session's lock is held at most, should its holder die without releasing it</td></tr>
 * <tr><td>{@code redis_timeout}</td><td>seconds</td><td>2</td>
 *     <td>how long connecting, an answer, or waiting for a free connection may take</td></tr>
 * <tr><td>{@code redis_max_connections}</td><td>integer</td><td>16</td>
 *     <td>connections kept to the server at most; requests beyond wait for one</td></tr>
 * </table>
 *
 * <p>Found as a service ({@code META-INF/services} on the class path, {@code provides} on the
 * module path) when {@code morello-redis} is beside the framework.
 */
public final class RedisStorage implements SessionStorage {
    /** Its {@code storage_type}. */
    public static final String NAME = "redis";

    static final String URL = "redis_url";
    static final String PREFIX = "redis_prefix";
    static final String LOCK_LEASE = "redis_lock_lease";
    static final String TIMEOUT = "redis_timeout";
    static final String MAX_CONNECTIONS = "redis_max_connections";

    static final String DEFAULT_URL = "redis://127.0.0.1:6379";
    static final String DEFAULT_PREFIX = "morello:session:";
    static final int DEFAULT_LOCK_LEASE = 30;
    static final int DEFAULT_TIMEOUT = 2;
    static final int DEFAULT_MAX_CONNECTIONS = 16;

    /** A day: a lease or a timeout longer than that is a mistake in the config, not a wish. */
    private static final double MOST_SECONDS = 86_400;

    private static final List<Argument> ARGUMENTS = List.of(
            new Argument(URL, Key.Type.STRING, DEFAULT_URL,
                    "the Redis server: redis://[[user]:password@]host[:port][/database], rediss:// for TLS",
                    Key.Check.valid("a redis:// or rediss:// URL", v -> RedisUrl.parse(v.toString()))),
            new Argument(PREFIX, Key.Type.STRING, DEFAULT_PREFIX,
                    "what every key of the store starts with; sites sharing a Redis keep apart by it"),
            new Argument(LOCK_LEASE, Key.Type.SECONDS, DEFAULT_LOCK_LEASE,
                    "seconds a session's lock is held at most, should its holder die without releasing it",
                    Key.Check.range(0.001, MOST_SECONDS)),
            new Argument(TIMEOUT, Key.Type.SECONDS, DEFAULT_TIMEOUT,
                    "seconds connecting to Redis, one of its answers, or a free connection may take",
                    Key.Check.range(0.001, MOST_SECONDS)),
            new Argument(MAX_CONNECTIONS, Key.Type.INTEGER, DEFAULT_MAX_CONNECTIONS,
                    "connections kept to Redis at most; requests beyond wait for one",
                    Key.Check.range(1, 10_000)));

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public List<Argument> arguments() {
        return ARGUMENTS;
    }

    /**
     * Opens a store for the arguments. It connects on first use, not here: a site starts while
     * Redis is down, and its session requests fail (with an {@code IOException}) until Redis is up.
     *
     * @throws IllegalArgumentException naming the argument whose value it refuses
     */
    @Override
    public SessionStore open(ToolArgs args) {
        return RedisSessionStore.open(settings(args));
    }

    /** What a store is opened with, read from the arguments and checked. */
    record Settings(RedisUrl url, String prefix, Duration lockLease, Duration timeout, int maxConnections) {
    }

    static Settings settings(ToolArgs args) {
        RedisUrl url = RedisUrl.parse(args.string(URL, DEFAULT_URL));
        String prefix = args.string(PREFIX, DEFAULT_PREFIX);
        long max = args.integer(MAX_CONNECTIONS, DEFAULT_MAX_CONNECTIONS);
        if (max < 1 || max > 10_000) {
            throw new IllegalArgumentException(key(MAX_CONNECTIONS) + " must be 1 to 10000, not " + max);
        }
        return new Settings(url, prefix, seconds(args, LOCK_LEASE, DEFAULT_LOCK_LEASE),
                seconds(args, TIMEOUT, DEFAULT_TIMEOUT), (int) max);
    }

    /**
     * A duration argument: a {@code Duration} (from a Java map), or a number of seconds. Redis
     * counts in milliseconds, so it is rounded up to one.
     */
    private static Duration seconds(ToolArgs args, String name, double fallback) {
        Object v = args.get(name);
        double secs = v instanceof Duration d ? d.getSeconds() + d.getNano() / 1e9 : args.number(name, fallback);
        if (!(secs > 0) || secs > MOST_SECONDS) {
            throw new IllegalArgumentException(key(name) + " must be more than 0 and at most " + (long) MOST_SECONDS
                    + " seconds, not " + v);
        }
        return Duration.ofMillis((long) Math.ceil(secs * 1000));
    }

    private static String key(String name) {
        return "tools.sessions." + name;
    }
}
