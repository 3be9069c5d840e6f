package dev.morello.sessions;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.HttpError;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.function.Executable;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The storage contract of {@link SessionStore}, as tests every store passes: records kept byte
 * for byte until they expire, deletion, clean-up, locks that exclude across threads and time
 * out, and ids a client made up that reach nothing. A store's test class extends this one and
 * says how to open a fresh, empty store; the contract closes it after each test.
 *
 * <pre>{@code
 * class MyStoreTest extends SessionStoreContract {
 *     @Override
 *     protected SessionStore store() {
 *         return new MyStore();
 *     }
 * }
 * }</pre>
 *
 * <p>Time: the tests hand the store {@link #now}, a fixed instant that {@link #elapse} moves
 * on, so a store that compares against the {@code now} it is given sees time pass at once. A
 * store that keeps its own clock (Redis expires keys itself) overrides {@code elapse} to sleep
 * as well; the timeouts that must run out are therefore short, one or two seconds.
 *
 * <p>The test methods are package-private, as JUnit prefers; a subclass in another package
 * inherits them all the same. The store's own concerns (its files, its keys, its arguments) are
 * tested beside it.
 */
@Timeout(120)
public abstract class SessionStoreContract {
    /** Long enough that no record saved with it expires during a test. */
    protected static final Duration LONG = Duration.ofHours(1);
    /** A timeout a test waits out. */
    protected static final Duration SHORT = Duration.ofSeconds(1);
    /** How long a test lets a locker wait for a lock that is, or is about to be, free. */
    protected static final Duration FREE_WAIT = Duration.ofSeconds(10);

    /**
     * The request time the tests pass to the store: fixed, so that nothing depends on the day
     * the tests run, and moved on only by {@link #elapse}.
     */
    protected Instant now = Instant.parse("2030-06-15T12:00:00Z");

    private SessionStore store;

    /** Opens a fresh, empty store; called once before each test, and closed after it. */
    protected abstract SessionStore store() throws Exception;

    /**
     * Lets {@code d} pass for the store: moves {@link #now} on. A store that keeps its own time
     * overrides this to sleep too (calling this one).
     */
    protected void elapse(Duration d) throws InterruptedException {
        now = now.plus(d);
    }

    /**
     * Whether records expire by themselves (Redis drops expired keys): then {@code cleanUp} has
     * nothing to remove and answers 0. Otherwise it must count each expired record it removed.
     */
    protected boolean expiresByItself() {
        return false;
    }

    @BeforeEach
    final void openStore() throws Exception {
        store = store();
        assertNotNull(store, "store() gave no store");
    }

    @AfterEach
    final void closeStore() throws Exception {
        if (store != null) {
            store.close();
        }
    }

    // --- records -------------------------------------------------------------------------------

    static Stream<Arguments> records() {
        byte[] everyValue = new byte[256];
        for (int i = 0; i < everyValue.length; i++) {
            everyValue[i] = (byte) i;
        }
        byte[] large = new byte[100 * 1024];
        new Random(100).nextBytes(large);
        return Stream.of(
                arguments(named("empty", new byte[0])),
                arguments(named("one byte", new byte[] {0})),
                arguments(named("every byte value", everyValue)),
                arguments(named("100 KiB", large)));
    }

    @ParameterizedTest
    @MethodSource("records")
    void aSavedRecordLoadsByteForByte(byte[] record) throws Exception {
        String id = newId();
        store.save(id, record.clone(), now, LONG);
        assertArrayEquals(record, store.load(id, now));
        assertTrue(store.exists(id, now));
    }

    @Test
    void onlySavedIdsExist() throws Exception {
        String saved = newId();
        store.save(saved, bytes("a"), now, LONG);
        assertTrue(store.exists(saved, now));
        assertFalse(store.exists(newId(), now));
    }

    @Test
    void anUnknownIdLoadsAsNull() throws Exception {
        assertNull(store.load(newId(), now));
    }

    @Test
    void savingAgainReplacesTheRecord() throws Exception {
        String id = newId();
        store.save(id, bytes("a longer first record"), now, LONG);
        store.save(id, bytes("short"), now, LONG);
        assertArrayEquals(bytes("short"), store.load(id, now), "the second record, nothing left of the first");
    }

    @Test
    void recordsUnderDifferentIdsAreApart() throws Exception {
        String a = newId();
        String b = newId();
        store.save(a, bytes("a"), now, LONG);
        store.save(b, bytes("b"), now, LONG);
        assertArrayEquals(bytes("a"), store.load(a, now));
        assertArrayEquals(bytes("b"), store.load(b, now));
    }

    @Test
    void aReaderSeesTheOldRecordOrTheNewNeverPartOfOne() throws Exception {
        String id = newId();
        byte[] first = filled(64 * 1024, 'a');
        byte[] second = filled(64 * 1024, 'b');
        store.save(id, first, now, LONG);
        AtomicBoolean writing = new AtomicBoolean(true);
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> writer = threads.submit(() -> {
                try {
                    for (int i = 0; i < 100; i++) {
                        store.save(id, i % 2 == 0 ? second : first, now, LONG);
                    }
                } finally {
                    writing.set(false);
                }
                return null;
            });
            Future<Integer> reader = threads.submit(() -> {
                int reads = 0;
                do {
                    byte[] seen = store.load(id, now);
                    assertNotNull(seen, "the record was missing while being replaced");
                    if (!Arrays.equals(seen, first) && !Arrays.equals(seen, second)) {
                        fail("a read saw neither record whole (" + seen.length + " bytes)");
                    }
                    reads++;
                } while (writing.get());
                return reads;
            });
            writer.get();
            assertTrue(reader.get() > 0);
        }
    }

    // --- expiry --------------------------------------------------------------------------------

    @Test
    void aRecordExpiresAfterItsTimeout() throws Exception {
        String id = newId();
        store.save(id, bytes("brief"), now, SHORT);
        assertTrue(store.exists(id, now));
        elapse(SHORT.multipliedBy(3).dividedBy(2));
        assertFalse(store.exists(id, now), "an expired record still exists");
        assertNull(store.load(id, now), "an expired record still loads");
    }

    @Test
    void savingAgainExtendsTheExpiry() throws Exception {
        // Saved at 0 and 1.2 s, each time for 2 s: at 2.4 s only the second save keeps it.
        Duration timeout = Duration.ofSeconds(2);
        Duration step = Duration.ofMillis(1200);
        String id = newId();
        store.save(id, bytes("first"), now, timeout);
        elapse(step);
        store.save(id, bytes("second"), now, timeout);
        elapse(step);
        assertTrue(store.exists(id, now), "the second save did not extend the expiry");
        assertArrayEquals(bytes("second"), store.load(id, now));
        elapse(step);
        assertFalse(store.exists(id, now), "the second save's expiry did not end it");
        assertNull(store.load(id, now));
    }

    @Test
    void cleanUpRemovesExpiredRecordsAndKeepsLiveOnes() throws Exception {
        String brief1 = newId();
        String brief2 = newId();
        String live = newId();
        store.save(brief1, bytes("1"), now, SHORT);
        store.save(brief2, bytes("2"), now, SHORT);
        store.save(live, bytes("live"), now, LONG);
        elapse(SHORT.multipliedBy(3).dividedBy(2));

        int removed = store.cleanUp(now);
        assertEquals(expiresByItself() ? 0 : 2, removed, "records cleanUp says it removed");
        assertFalse(store.exists(brief1, now));
        assertFalse(store.exists(brief2, now));
        assertArrayEquals(bytes("live"), store.load(live, now), "cleanUp touched a live record");
        assertEquals(0, store.cleanUp(now), "a second cleanUp found more to remove");
    }

    // --- deletion ------------------------------------------------------------------------------

    @Test
    void deleteRemovesTheRecord() throws Exception {
        String id = newId();
        String other = newId();
        store.save(id, bytes("gone"), now, LONG);
        store.save(other, bytes("kept"), now, LONG);
        store.delete(id);
        assertFalse(store.exists(id, now));
        assertNull(store.load(id, now));
        assertArrayEquals(bytes("kept"), store.load(other, now));
    }

    @Test
    void deletingAnUnknownIdDoesNothing() throws Exception {
        String kept = newId();
        store.save(kept, bytes("kept"), now, LONG);
        store.delete(newId());
        String deleted = newId();
        store.save(deleted, bytes("x"), now, LONG);
        store.delete(deleted);
        store.delete(deleted);
        assertArrayEquals(bytes("kept"), store.load(kept, now));
    }

    /** What the session tool does to regenerate an id: save the values under the new one, drop the old. */
    @Test
    void aRecordMovesToANewId() throws Exception {
        String old = newId();
        store.save(old, bytes("values"), now, LONG);
        try (SessionStore.Lock lock = store.lock(old, FREE_WAIT)) {
            byte[] record = store.load(old, now);
            String fresh = newId();
            store.save(fresh, record, now, LONG);
            store.delete(old);
            assertFalse(store.exists(old, now));
            assertNull(store.load(old, now));
            assertArrayEquals(bytes("values"), store.load(fresh, now));
        }
    }

    // --- locks ---------------------------------------------------------------------------------

    @Test
    void lockedUpdatesFromManyThreadsLoseNothing() throws Exception {
        int threads = 50;
        int rounds = 20;
        String id = newId();
        store.save(id, bytes("0"), now, LONG);
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger mostInside = new AtomicInteger();
        try (ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    for (int r = 0; r < rounds; r++) {
                        try (SessionStore.Lock lock = store.lock(id, Duration.ofSeconds(60))) {
                            mostInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                            int count = Integer.parseInt(new String(store.load(id, now), StandardCharsets.US_ASCII));
                            store.save(id, bytes(Integer.toString(count + 1)), now, LONG);
                            inside.decrementAndGet();
                        }
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertEquals(1, mostInside.get(), "threads held the lock at the same time");
        assertArrayEquals(bytes(Integer.toString(threads * rounds)), store.load(id, now), "updates were lost");
    }

    @Test
    void aSecondLockerTimesOutWhileTheLockIsHeld() throws Exception {
        String id = newId();
        Duration wait = Duration.ofMillis(300);
        try (SessionStore.Lock held = store.lock(id, FREE_WAIT)) {
            long start = System.nanoTime();
            Exception e = assertThrows(Exception.class, () -> elsewhere(() -> store.lock(id, wait)));
            long waited = System.nanoTime() - start;
            assertInstanceOf(SessionLockTimeout.class, e);
            assertTrue(waited >= wait.toNanos() / 2, "gave up after " + waited / 1_000_000 + " ms, before the timeout");
        }
        elsewhere(() -> store.lock(id, FREE_WAIT)).close();
    }

    @Test
    void aLockerWaitsUntilTheHolderReleases() throws Exception {
        String id = newId();
        SessionStore.Lock held = store.lock(id, FREE_WAIT);
        try (ExecutorService other = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<SessionStore.Lock> waiting = other.submit(() -> store.lock(id, FREE_WAIT));
            Thread.sleep(100);
            assertFalse(waiting.isDone(), "took the lock while it was held");
            held.close();
            waiting.get(FREE_WAIT.toSeconds(), TimeUnit.SECONDS).close();
        }
    }

    @Test
    void releasingTwiceDoesNothing() throws Exception {
        String id = newId();
        SessionStore.Lock first = store.lock(id, FREE_WAIT);
        first.close();
        first.close();
        SessionStore.Lock second = elsewhere(() -> store.lock(id, FREE_WAIT));
        // the first key no longer holds the lock: closing it again must not free the second's
        first.close();
        Exception e = assertThrows(Exception.class, () -> elsewhere(() -> store.lock(id, Duration.ofMillis(200))));
        assertInstanceOf(SessionLockTimeout.class, e, "a released key freed the lock another holds");
        second.close();
        elsewhere(() -> store.lock(id, FREE_WAIT)).close();
    }

    @Test
    void aReleasedLockCanBeTakenAgain() throws Exception {
        String id = newId();
        for (int i = 0; i < 3; i++) {
            store.lock(id, null).close();
        }
        elsewhere(() -> store.lock(id, null)).close();
        store.lock(id, FREE_WAIT).close();
    }

    @Test
    void locksOfDifferentIdsAreApart() throws Exception {
        String a = newId();
        String b = newId();
        try (SessionStore.Lock lockA = store.lock(a, FREE_WAIT)) {
            elsewhere(() -> store.lock(b, Duration.ofMillis(500))).close();
        }
    }

    @Test
    void aLockIsIndependentOfTheRecord() throws Exception {
        // the tool locks before it knows whether the record exists, and saves while holding it
        String id = newId();
        try (SessionStore.Lock lock = store.lock(id, FREE_WAIT)) {
            assertFalse(store.exists(id, now), "taking a lock made a record");
            store.save(id, bytes("saved under the lock"), now, LONG);
            store.delete(id);
        }
        assertFalse(store.exists(id, now));
    }

    @Test
    void aWaitingLockerCanBeInterrupted() throws Exception {
        String id = newId();
        AtomicReference<Object> outcome = new AtomicReference<>();
        try (SessionStore.Lock held = store.lock(id, FREE_WAIT)) {
            Thread waiter = Thread.ofVirtual().start(() -> {
                try (SessionStore.Lock l = store.lock(id, null)) {
                    outcome.set("took the lock");
                } catch (Exception e) {
                    outcome.set(e);
                }
            });
            Thread.sleep(50);
            waiter.interrupt();
            waiter.join(FREE_WAIT.toMillis());
            assertFalse(waiter.isAlive(), "an interrupted locker went on waiting");
        }
        assertInstanceOf(InterruptedException.class, outcome.get());
    }

    // --- the combined steps --------------------------------------------------------------------

    @Test
    void lockAndLoadReadsTheRecordUnderTheLock() throws Exception {
        String id = newId();
        SessionStore.Locked none = store.lockAndLoad(id, FREE_WAIT, now);
        assertNull(none.record(), "no record yet");
        none.lock().close();
        store.save(id, bytes("one"), now, LONG);
        SessionStore.Locked taken = store.lockAndLoad(id, FREE_WAIT, now);
        assertArrayEquals(bytes("one"), taken.record());
        assertThrows(SessionLockTimeout.class, () -> store.lock(id, Duration.ofMillis(100)), "the lock is held");
        taken.lock().close();
        store.lock(id, FREE_WAIT).close();
    }

    @Test
    void saveAndReleaseStoresAndFreesTheLock() throws Exception {
        String id = newId();
        SessionStore.Locked taken = store.lockAndLoad(id, FREE_WAIT, now);
        store.saveAndRelease(id, bytes("two"), now, LONG, taken.lock());
        assertArrayEquals(bytes("two"), store.load(id, now));
        SessionStore.Lock again = store.lock(id, Duration.ofMillis(500));
        assertNotNull(again, "the lock was freed");
        again.close();
    }

    @Test
    void saveAndReleaseWithALockReleasedBeforeLeavesAnothersLockAlone() throws Exception {
        String id = newId();
        SessionStore.Locked first = store.lockAndLoad(id, FREE_WAIT, now);
        first.lock().close();
        SessionStore.Lock second = store.lock(id, FREE_WAIT);
        store.saveAndRelease(id, bytes("late"), now, LONG, first.lock());
        assertArrayEquals(bytes("late"), store.load(id, now), "the record is saved all the same");
        assertThrows(SessionLockTimeout.class, () -> store.lock(id, Duration.ofMillis(100)), "the second holder still holds it");
        second.close();
    }

    // --- hostile ids ---------------------------------------------------------------------------

    /**
     * An id a client made up. A store may refuse one that holds path characters with a
     * {@code 400} (as the file store does, as CherryPy's does); anything else about it is absent.
     *
     * @param neighbours ids a careless store could reach with it, which must stay absent
     */
    record HostileId(String id, boolean pathLike, List<String> neighbours) {
    }

    static Stream<Arguments> hostileIds() {
        return Stream.of(
                hostile("parent directory", "../escaped", true, "escaped"),
                hostile("deep parent directories", "../../../../../../etc/passwd", true, "passwd"),
                hostile("a subdirectory", "sub/dir", true, "sub", "dir"),
                hostile("an absolute path", "/absolute", true, "absolute"),
                hostile("dot dot", "..", true),
                hostile("dot", ".", true),
                hostile("backslash parent", "..\\escaped", true, "escaped"),
                hostile("backslash", "back\\slash", true, "back", "slash"),
                hostile("NUL", "nul\u0000byte", true, "nul", "byte"),
                hostile("10 KiB long", "a".repeat(10 * 1024), false),
                hostile("empty", "", false),
                hostile("spaces", " white space ", false, "white", "space"),
                hostile("line break", "line\r\nbreak", false, "line", "break"),
                hostile("wildcards", "*", false),
                hostile("non-ASCII", "\u00e9t\u00e9\u2603", false));
    }

    private static Arguments hostile(String name, String id, boolean pathLike, String... neighbours) {
        return arguments(named(name, new HostileId(id, pathLike, List.of(neighbours))));
    }

    @ParameterizedTest
    @MethodSource("hostileIds")
    void aHostileIdIsAbsentAndReachesNothing(HostileId hostile) throws Throwable {
        String victim = newId();
        store.save(victim, bytes("victim"), now, LONG);

        absentOr400(hostile, () -> assertFalse(store.exists(hostile.id(), now), "exists"));
        absentOr400(hostile, () -> assertNull(store.load(hostile.id(), now), "load"));
        // the framework saves and locks only ids it made or found stored: a store may refuse others
        absentOr400(hostile, () -> refusedOrDone(() -> store.save(hostile.id(), bytes("hostile"), now, LONG)));
        absentOr400(hostile, () -> refusedOrDone(() -> {
            try (SessionStore.Lock lock = store.lock(hostile.id(), FREE_WAIT)) {
                assertNotNull(lock);
            }
        }));
        for (String n : hostile.neighbours()) {
            assertFalse(store.exists(n, now), "saving under the hostile id made '" + n + "' exist");
        }
        absentOr400(hostile, () -> store.delete(hostile.id()));
        assertArrayEquals(bytes("victim"), store.load(victim, now), "the hostile id reached another record");
        assertEquals(0, store.cleanUp(now), "a hostile id left something expired");
    }

    /** Runs a save or a lock under an id the framework never makes: it may be refused with an IOException. */
    private static void refusedOrDone(Executable step) throws Throwable {
        try {
            step.execute();
        } catch (java.io.IOException e) {
            assertNotNull(e.getMessage(), "a refusal says why");
        }
    }

    /** Runs the step; only an id with path characters may be refused, and then only with a 400. */
    private static void absentOr400(HostileId hostile, Executable step) throws Throwable {
        try {
            step.execute();
        } catch (HttpError e) {
            assertTrue(hostile.pathLike(), "refused an id without path characters: " + e);
            assertEquals(400, e.status(), "refused with another status than 400");
        }
    }

    // --- helpers -------------------------------------------------------------------------------

    /** An id as the framework makes them: 40 lowercase hex digits. */
    protected static String newId() {
        byte[] random = new byte[20];
        ThreadLocalRandom.current().nextBytes(random);
        return HexFormat.of().formatHex(random);
    }

    protected static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] filled(int length, char c) {
        byte[] b = new byte[length];
        Arrays.fill(b, (byte) c);
        return b;
    }

    /**
     * Runs the call on another thread (a lock is held by threads, not reentrant) and gives back
     * its result, or throws what it threw.
     */
    protected static <T> T elsewhere(Callable<T> call) throws Exception {
        try (ExecutorService other = Executors.newVirtualThreadPerTaskExecutor()) {
            return other.submit(call).get();
        } catch (ExecutionException e) {
            switch (e.getCause()) {
                case Exception cause -> throw cause;
                case Error cause -> throw cause;
                case null, default -> throw e;
            }
        }
    }
}
