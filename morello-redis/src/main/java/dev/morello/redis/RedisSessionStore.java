package dev.morello.redis;

import dev.morello.sessions.SessionLockTimeout;
import dev.morello.sessions.SessionStore;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;
import redis.clients.jedis.params.SetParams;

/**
 * Sessions in Redis, for several instances of a site behind a proxy: each record is one key,
 * {@code prefix + id}, holding its bytes as they are, and Redis expires it itself.
 *
 * <pre>
 * save     SET prefix+id record PX timeout         (the request's {@code now} is not used: Redis keeps the time)
 * load     GET prefix+id
 * exists   EXISTS prefix+id
 * delete   DEL prefix+id
 * lock     SET prefix+"lock:"+id token NX PX lease, retried with a growing back-off until the timeout
 * release  GET and DEL in one script, only while the key still holds the token
 * </pre>
 *
 * <p>{@link #cleanUp} has nothing to do and answers 0: Redis removes an expired key itself (on
 * access, and by its own sampling in the background), so no sweep of ours is needed.
 *
 * <p><b>Locks</b> are keys too, so that every instance sharing the Redis sees them. A lock is
 * leased: should its holder die (a crashed instance), Redis drops the key when the lease
 * ({@code redis_lock_lease}) ends. A holder that runs past its lease has lost the lock; its
 * release then does nothing, because the key holds a random token of the holder's and is deleted
 * only by a script that finds that token in it. Releasing by a plain {@code DEL} would free the
 * lock of whoever took it next.
 *
 * <p><b>Ids</b>: keys are binary-safe, yet an id a client made up is refused before it reaches
 * Redis: longer than {@value #MAX_ID_LENGTH} characters, empty, or with a character outside
 * {@code [0-9A-Za-z_-]}, it is absent ({@code exists} false, {@code load} null), a record saved
 * under it is not kept, and its lock guards nothing, since nothing can be stored under it. The
 * framework's own ids (40 hex digits) always pass, and it makes a new one whenever the client's
 * is absent.
 *
 * <p><b>Connections</b> come from a pool ({@code redis_max_connections}), so that many
 * virtual threads use the store at once; a thread waits up to {@code redis_timeout} for a free
 * one. When Redis restarts, the pooled connections are dead without the pool knowing: the first
 * command on one fails, the pool then drops all its idle connections, and the command is sent
 * once more on a new connection. Every command here may be sent twice safely (see
 * {@code tryLock} for the one that needs care). Failures come out as {@code IOException}s
 * naming the server without its password.
 */
public final class RedisSessionStore implements SessionStore {
    /** The longest id sent to Redis; the framework's are 40 characters. */
    static final int MAX_ID_LENGTH = 128;

    private static final long FIRST_BACKOFF_NANOS = 2_000_000;
    private static final long MOST_BACKOFF_NANOS = 50_000_000;
    /** Redis refuses an expiry it cannot add to its clock; no session lives this long anyway. */
    private static final Duration LONGEST_TIMEOUT = Duration.ofDays(100 * 365L);

    /** Deletes KEYS[1] only if it still holds the token ARGV[1]: compare and delete in one step. */
    private static final byte[] RELEASE = """
            if redis.call('GET', KEYS[1]) == ARGV[1] then
                return redis.call('DEL', KEYS[1])
            end
            return 0""".getBytes(StandardCharsets.UTF_8);
    /** Its SHA-1, by which {@code EVALSHA} runs it once Redis has it. */
    private static final byte[] RELEASE_SHA1 = sha1Hex(RELEASE);

    /**
     * Takes the lock KEYS[1] with the token ARGV[1] for ARGV[2] ms if it is free, and then reads
     * the record KEYS[2]: {1, record} (the record nil when there is none), or {0} when the lock
     * is held. One round trip where a lock and a read would take two.
     */
    private static final byte[] LOCK_AND_GET = """
            if redis.call('SET', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
                return {1, redis.call('GET', KEYS[2])}
            end
            return {0}""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] LOCK_AND_GET_SHA1 = sha1Hex(LOCK_AND_GET);

    /**
     * Stores the record KEYS[1] = ARGV[1] for ARGV[2] ms, then deletes the lock KEYS[2] if it
     * still holds the token ARGV[3]. One round trip where a save and a release would take two.
     */
    private static final byte[] SAVE_AND_RELEASE = """
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
            if redis.call('GET', KEYS[2]) == ARGV[3] then
                redis.call('DEL', KEYS[2])
            end
            return 1""".getBytes(StandardCharsets.UTF_8);
    private static final byte[] SAVE_AND_RELEASE_SHA1 = sha1Hex(SAVE_AND_RELEASE);

    private static final byte[] LOCK_INFIX = "lock:".getBytes(StandardCharsets.US_ASCII);

    /** The lock of an id that can hold no record. */
    private static final Lock NOTHING_TO_GUARD = () -> {
    };

    private final RedisClient client;
    private final RedisUrl url;
    private final byte[] prefix;
    private final long leaseMillis;
    private final SecureRandom random = new SecureRandom();

    private RedisSessionStore(RedisClient client, RedisUrl url, String prefix, Duration lockLease) {
        this.client = client;
        this.url = url;
        this.prefix = prefix.getBytes(StandardCharsets.UTF_8);
        this.leaseMillis = lockLease.toMillis();
    }

    /** A store for the settings; it connects on first use. */
    static RedisSessionStore open(RedisStorage.Settings settings) {
        RedisUrl url = settings.url();
        int timeoutMillis = (int) Math.min(Integer.MAX_VALUE, settings.timeout().toMillis());
        DefaultJedisClientConfig.Builder config = DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(timeoutMillis)
                .socketTimeoutMillis(timeoutMillis)
                .database(url.database())
                .ssl(url.tls())
                // no CLIENT SETINFO on each new connection: a round trip that Redis before 7.2 refuses
                .clientSetInfoConfig(ClientSetInfoConfig.DISABLED);
        if (url.user() != null) {
            config.user(url.user());
        }
        if (url.password() != null) {
            config.password(url.password());
        }
        GenericObjectPoolConfig<Connection> pool = new GenericObjectPoolConfig<>();
        pool.setMaxTotal(settings.maxConnections());
        pool.setMaxIdle(settings.maxConnections());
        pool.setMinIdle(0);
        pool.setBlockWhenExhausted(true);
        pool.setMaxWait(settings.timeout());
        // no evictor thread and no MBean per store: dead connections are dropped when found (see call)
        pool.setJmxEnabled(false);
        RedisClient client = RedisClient.builder()
                .hostAndPort(new HostAndPort(url.host(), url.port()))
                .clientConfig(config.build())
                .poolConfig(pool)
                .build();
        return new RedisSessionStore(client, url, settings.prefix(), settings.lockLease());
    }

    @Override
    public boolean exists(String id, Instant now) throws IOException {
        if (!acceptable(id)) {
            return false;
        }
        byte[] key = key(id);
        return call("look up a session", () -> client.exists(key));
    }

    @Override
    public byte[] load(String id, Instant now) throws IOException {
        if (!acceptable(id)) {
            return null;
        }
        byte[] key = key(id);
        return call("load a session", () -> client.get(key));
    }

    /** Stores the record to expire {@code timeout} from now by Redis's clock; {@code now} is not used. */
    @Override
    public void save(String id, byte[] record, Instant now, Duration timeout) throws IOException {
        if (!acceptable(id)) {
            return;
        }
        byte[] key = key(id);
        if (timeout.isNegative() || timeout.isZero()) {
            // PX must be positive; a record that expires at once is one deleted
            call("save a session", () -> client.del(key));
            return;
        }
        long millis = Math.max(1, timeout.compareTo(LONGEST_TIMEOUT) > 0 ? LONGEST_TIMEOUT.toMillis() : timeout.toMillis());
        call("save a session", () -> client.set(key, record, SetParams.setParams().px(millis)));
    }

    @Override
    public void delete(String id) throws IOException {
        if (!acceptable(id)) {
            return;
        }
        byte[] key = key(id);
        call("delete a session", () -> client.del(key));
    }

    /**
     * Takes the lock: {@code SET NX} until it succeeds, sleeping between tries from 2 ms,
     * doubling up to 50 ms (each sleep shortened at random, so that waiters spread out), and
     * trying once more when the timeout has run out.
     */
    @Override
    public Lock lock(String id, Duration timeout) throws IOException, InterruptedException {
        if (!acceptable(id)) {
            return NOTHING_TO_GUARD;
        }
        byte[] key = concat(prefix, LOCK_INFIX, ascii(id));
        byte[] token = newToken();
        return acquire(key, token, timeout, () -> tryLock(key, token) ? new RedisLock(key, token) : null);
    }

    /**
     * Takes the lock and reads the record in one script per try ({@code SET NX PX} then
     * {@code GET}), with the waits of {@link #lock}.
     */
    @Override
    public Locked lockAndLoad(String id, Duration timeout, Instant now) throws IOException, InterruptedException {
        if (!acceptable(id)) {
            return new Locked(NOTHING_TO_GUARD, null);
        }
        byte[] lockKey = concat(prefix, LOCK_INFIX, ascii(id));
        byte[] key = key(id);
        byte[] token = newToken();
        return acquire(lockKey, token, timeout, () -> tryLockAndGet(lockKey, key, token));
    }

    /**
     * Stores the record and releases the lock in one script, the lock deleted only if it still
     * holds this lock's token; a lock this store did not make is released apart.
     */
    @Override
    public void saveAndRelease(String id, byte[] record, Instant now, Duration timeout, Lock lock) throws IOException {
        if (!(lock instanceof RedisLock held) || held.store() != this || !acceptable(id)
                || timeout.isNegative() || timeout.isZero()) {
            SessionStore.super.saveAndRelease(id, record, now, timeout, lock);
            return;
        }
        if (!held.released.compareAndSet(false, true)) {
            save(id, record, now, timeout);
            return;
        }
        long millis = Math.max(1, timeout.compareTo(LONGEST_TIMEOUT) > 0 ? LONGEST_TIMEOUT.toMillis() : timeout.toMillis());
        List<byte[]> keys = List.of(key(id), held.key);
        List<byte[]> args = List.of(record, Long.toString(millis).getBytes(StandardCharsets.US_ASCII), held.token);
        try {
            call("save a session and release its lock", () -> script(SAVE_AND_RELEASE_SHA1, SAVE_AND_RELEASE, keys, args));
        } catch (IOException e) {
            // not released: a later close may try again, else the lease ends it
            held.released.set(false);
            throw e;
        }
    }

    /** One try at taking a lock: what it gives when taken, or null when the lock is held. */
    @FunctionalInterface
    private interface Attempt<T> {
        T run() throws IOException;
    }

    /** Tries until the attempt takes the lock, with the waits {@link #lock} describes. */
    private <T> T acquire(byte[] key, byte[] token, Duration timeout, Attempt<T> attempt)
            throws IOException, InterruptedException {
        long start = System.nanoTime();
        long wait = timeout == null ? Long.MAX_VALUE : saturatedNanos(timeout);
        long backoff = FIRST_BACKOFF_NANOS;
        while (true) {
            if (Thread.interrupted()) {
                // before the command: an interrupt during socket I/O would close a pooled connection
                throw new InterruptedException("interrupted while waiting for a session's lock");
            }
            T taken;
            try {
                taken = attempt.run();
            } catch (IOException e) {
                if (!Thread.interrupted()) {
                    throw e;
                }
                // An interrupt during a command closes its socket (virtual threads do so). The SET
                // may have taken the lock before that: give it back, or its lease would keep it.
                try {
                    new RedisLock(key, token).close();
                } catch (IOException notReleased) {
                    e.addSuppressed(notReleased);
                }
                InterruptedException interrupted = new InterruptedException("interrupted while waiting for a session's lock");
                interrupted.initCause(e);
                throw interrupted;
            }
            if (taken != null) {
                return taken;
            }
            long left = wait - (System.nanoTime() - start);
            if (left <= 0) {
                throw new SessionLockTimeout("a session's lock was not free within " + timeout.toMillis() + " ms");
            }
            long sleep = Math.min(left, backoff / 2 + ThreadLocalRandom.current().nextLong(backoff / 2 + 1));
            Thread.sleep(Duration.ofNanos(sleep));
            backoff = Math.min(MOST_BACKOFF_NANOS, backoff * 2);
        }
    }

    /**
     * One run of the lock-and-read script. If the connection failed, the first run may have
     * taken the lock before its answer was lost: the second then finds the lock held, and it is
     * ours if it holds our token (the record is then read apart).
     */
    private Locked tryLockAndGet(byte[] lockKey, byte[] key, byte[] token) throws IOException {
        List<byte[]> keys = List.of(lockKey, key);
        List<byte[]> args = List.of(token, Long.toString(leaseMillis).getBytes(StandardCharsets.US_ASCII));
        return call("lock and load a session",
                () -> lockedOrNull(script(LOCK_AND_GET_SHA1, LOCK_AND_GET, keys, args), lockKey, token),
                () -> {
                    Locked again = lockedOrNull(script(LOCK_AND_GET_SHA1, LOCK_AND_GET, keys, args), lockKey, token);
                    if (again == null && Arrays.equals(token, client.get(lockKey))) {
                        return new Locked(new RedisLock(lockKey, token), client.get(key));
                    }
                    return again;
                });
    }

    private Locked lockedOrNull(Object reply, byte[] lockKey, byte[] token) {
        if (!(reply instanceof List<?> list) || list.isEmpty() || !Long.valueOf(1).equals(list.get(0))) {
            return null;
        }
        byte[] record = list.size() > 1 && list.get(1) instanceof byte[] b ? b : null;
        return new Locked(new RedisLock(lockKey, token), record);
    }

    /** Runs a script by its SHA-1, sending it whole when Redis does not have it (after a restart). */
    private Object script(byte[] sha1, byte[] script, List<byte[]> keys, List<byte[]> args) {
        try {
            return client.evalsha(sha1, keys, args);
        } catch (JedisNoScriptException e) {
            return client.eval(script, keys, args);
        }
    }

    /**
     * One {@code SET key token NX PX lease}. If the connection failed, the first try may have
     * taken the lock before its answer was lost: the second then finds the key taken, and the
     * lock is ours if the key holds our token.
     */
    private boolean tryLock(byte[] key, byte[] token) throws IOException {
        SetParams params = SetParams.setParams().nx().px(leaseMillis);
        return call("lock a session",
                () -> client.set(key, token, params) != null,
                () -> client.set(key, token, params) != null || Arrays.equals(token, client.get(key)));
    }

    private final class RedisLock implements Lock {
        private final byte[] key;
        private final byte[] token;
        private final AtomicBoolean released = new AtomicBoolean();

        RedisLock(byte[] key, byte[] token) {
            this.key = key;
            this.token = token;
        }

        @Override
        public void close() throws IOException {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            try {
                call("release a session's lock", this::release);
            } catch (IOException e) {
                // not released: a later close may try again, else the lease ends it
                released.set(false);
                throw e;
            }
        }

        private Object release() {
            // Redis forgets its scripts when it restarts: script() then sends it whole, and Redis keeps it again
            return script(RELEASE_SHA1, RELEASE, List.of(key), List.of(token));
        }

        RedisSessionStore store() {
            return RedisSessionStore.this;
        }
    }

    /** Always 0: Redis removes expired keys itself. */
    @Override
    public int cleanUp(Instant now) {
        return 0;
    }

    /** Closes the pool's connections; the records stay in Redis. */
    @Override
    public void close() throws IOException {
        try {
            client.close();
        } catch (JedisException e) {
            throw failure("close its connections", e);
        }
    }

    @Override
    public String toString() {
        return "RedisSessionStore[" + url + "]";
    }

    // --- commands ------------------------------------------------------------------------------

    /** A Redis command, or a few. */
    @FunctionalInterface
    private interface Command<T> {
        T run();
    }

    private <T> T call(String what, Command<T> command) throws IOException {
        return call(what, command, command);
    }

    /**
     * Runs the command; if its connection failed, drops the pool's idle connections (after a
     * restart of Redis they are all dead) and runs {@code retry} once on a new one.
     */
    private <T> T call(String what, Command<T> command, Command<T> retry) throws IOException {
        try {
            return command.run();
        } catch (JedisConnectionException first) {
            if (Thread.currentThread().isInterrupted()) {
                // the interrupt closed the connection, not Redis: the others are fine
                throw failure(what, first);
            }
            client.getPool().clear();
            try {
                return retry.run();
            } catch (JedisException e) {
                e.addSuppressed(first);
                throw failure(what, e);
            }
        } catch (JedisException e) {
            throw failure(what, e);
        }
    }

    private IOException failure(String what, JedisException e) {
        return new IOException("Redis at " + url + " could not " + what + ": " + e.getMessage(), e);
    }

    // --- ids and keys --------------------------------------------------------------------------

    /** Whether the id may be sent to Redis: 1 to 128 characters of {@code [0-9A-Za-z_-]}. */
    static boolean acceptable(String id) {
        if (id == null || id.isEmpty() || id.length() > MAX_ID_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            boolean ok = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || c == '-';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private byte[] key(String id) {
        return concat(prefix, ascii(id));
    }

    private static byte[] ascii(String id) {
        return id.getBytes(StandardCharsets.US_ASCII);
    }

    private static byte[] concat(byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        byte[] out = new byte[length];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    /** 128 random bits as hex: who holds a lock. */
    private byte[] newToken() {
        byte[] bits = new byte[16];
        random.nextBytes(bits);
        return HexFormat.of().formatHex(bits).getBytes(StandardCharsets.US_ASCII);
    }

    private static long saturatedNanos(Duration d) {
        try {
            return Math.max(0, d.toNanos());
        } catch (ArithmeticException e) {
            return d.isNegative() ? 0 : Long.MAX_VALUE;
        }
    }

    private static byte[] sha1Hex(byte[] script) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest(script);
            return HexFormat.of().formatHex(digest).getBytes(StandardCharsets.US_ASCII);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }
}
