package dev.morello.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.engine.plugins.ThreadManager;
import java.lang.System.Logger.Level;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The bus as CherryPy's process bus behaves: what each state change calls and logs, waiting for
 * states and blocking the main thread, and the thread manager's per-thread messages.
 */
class BusBehaviourTest {

    /** A bus whose log messages are recorded. */
    private static Bus loggedBus(List<String> log) {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        bus.subscribe(Bus.LOG, args -> log.add((String) args[0]));
        return bus;
    }

    private static Listener recorder(List<String> calls, String name) {
        return args -> calls.add(name + (args.length == 0 ? "" : List.of(args).toString()));
    }

    // ---- channels -------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {Bus.START, Bus.STOP, Bus.EXIT, Bus.GRACEFUL, Bus.MAIN, Bus.LOG})
    void everyBuiltInChannelRunsItsListenersByPriority(String channel) {
        Bus bus = new Bus();
        List<String> calls = new ArrayList<>();
        int[] priorities = {100, 50, 0, 51};
        for (int i = 0; i < priorities.length; i++) {
            bus.subscribe(channel, recorder(calls, "listener" + i), priorities[i]);
        }
        bus.publish(channel);
        bus.publish(channel, 79347);
        assertEquals(List.of("listener2", "listener1", "listener3", "listener0",
                "listener2[79347]", "listener1[79347]", "listener3[79347]", "listener0[79347]"), calls);
    }

    @Test
    void aFailingListenerIsLoggedAsAnErrorWithItsException() {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        List<Object[]> logged = new ArrayList<>();
        bus.subscribe(Bus.LOG, logged::add);
        IllegalStateException boom = new IllegalStateException("boom");
        bus.subscribe("custom", args -> {
            throw boom;
        });
        assertThrows(ChannelFailures.class, () -> bus.publish("custom"));
        assertEquals(1, logged.size());
        assertTrue(((String) logged.get(0)[0]).startsWith("Error in 'custom' listener"), (String) logged.get(0)[0]);
        assertSame(Level.ERROR, logged.get(0)[1]);
        assertSame(boom, logged.get(0)[2]);
    }

    @Test
    void logPublishesEachMessageInOrderWithItsError() {
        Bus bus = new Bus();
        List<Object[]> sunk = new ArrayList<>();
        bus.logSink((message, level, error) -> sunk.add(new Object[] {message, level, error}));
        List<String> seen = new ArrayList<>();
        bus.subscribe(Bus.LOG, args -> seen.add(args[0] + "/" + args[1] + "/" + args[2]));
        bus.log("O mah darlin'");
        bus.log("O mah darlin'");
        RuntimeException lost = new RuntimeException("lost and gone forever");
        bus.log("Clementine", Level.WARNING, lost);
        assertEquals(List.of("O mah darlin'/INFO/null", "O mah darlin'/INFO/null",
                "Clementine/WARNING/" + lost), seen);
        assertEquals(3, sunk.size());
        assertSame(lost, sunk.get(2)[2]);
    }

    // ---- state changes ----------------------------------------------------------------------

    @Test
    void startCallsEveryStartListenerAndLogsItsStates() {
        List<String> log = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        Bus bus = loggedBus(log);
        for (int i = 0; i < 3; i++) {
            bus.subscribe(Bus.START, recorder(calls, "start" + i));
        }
        bus.start();
        assertEquals(List.of("start0", "start1", "start2"), calls);
        assertSame(State.STARTED, bus.state());
        assertEquals(List.of("Bus STARTING", "Bus STARTED"), log);
        bus.exit();
    }

    @Test
    void stopCallsEveryStopListenerAndLogsItsStatesEvenWhenStopped() {
        List<String> log = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        Bus bus = loggedBus(log);
        for (int i = 0; i < 3; i++) {
            bus.subscribe(Bus.STOP, recorder(calls, "stop" + i));
        }
        bus.stop();
        assertEquals(List.of("stop0", "stop1", "stop2"), calls);
        assertSame(State.STOPPED, bus.state());
        assertEquals(List.of("Bus STOPPING", "Bus STOPPED"), log);
    }

    @Test
    void gracefulCallsItsListenersAndLeavesTheStateAlone() {
        List<String> log = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        Bus bus = loggedBus(log);
        for (int i = 0; i < 3; i++) {
            bus.subscribe(Bus.GRACEFUL, recorder(calls, "graceful" + i));
        }
        bus.start();
        log.clear();
        bus.graceful();
        assertEquals(List.of("graceful0", "graceful1", "graceful2"), calls);
        assertSame(State.STARTED, bus.state());
        assertEquals(List.of("Bus graceful"), log);
        bus.exit();
    }

    @Test
    void exitFromAStartedBusStopsThenExitsAndLogsEveryState() {
        List<String> log = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        Bus bus = loggedBus(log);
        bus.subscribe(Bus.STOP, recorder(calls, "stop"));
        bus.subscribe(Bus.EXIT, recorder(calls, "exit"));
        bus.start();
        log.clear();
        bus.exit();
        assertEquals(List.of("stop", "exit"), calls);
        assertSame(State.EXITING, bus.state());
        assertEquals(List.of("Bus STOPPING", "Bus STOPPED", "Bus EXITING", "Bus EXITED"), log);
    }

    @Test
    void exitFromANeverStartedBusStillRunsStopThenExitListeners() {
        List<String> log = new ArrayList<>();
        List<String> calls = new ArrayList<>();
        Bus bus = loggedBus(log);
        bus.subscribe(Bus.STOP, recorder(calls, "stop"));
        bus.subscribe(Bus.EXIT, recorder(calls, "exit"));
        bus.exit();
        assertSame(State.EXITING, bus.state());
        assertEquals(List.of("stop", "exit"), calls);
        assertEquals(List.of("Bus STOPPING", "Bus STOPPED", "Bus EXITING", "Bus EXITED"), log);
    }

    @Test
    void aFailingExitListenerStillLeavesTheBusExiting() {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        bus.subscribe(Bus.EXIT, args -> {
            throw new IllegalStateException("cannot clean up");
        });
        bus.start();
        ChannelFailures e = assertThrows(ChannelFailures.class, bus::exit);
        assertEquals("cannot clean up", e.getCause().getMessage());
        assertSame(State.EXITING, bus.state());
    }

    @Test
    void restartExitsAndAsksForARelaunch() {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        List<String> calls = new ArrayList<>();
        bus.subscribe(Bus.STOP, recorder(calls, "stop"));
        bus.subscribe(Bus.EXIT, recorder(calls, "exit"));
        bus.start();
        assertFalse(bus.restartRequested());
        bus.restart();
        assertTrue(bus.restartRequested());
        assertSame(State.EXITING, bus.state());
        assertEquals(List.of("stop", "exit"), calls);
    }

    // ---- waiting ------------------------------------------------------------------------------

    @Test
    void awaitStateFollowsEveryTransitionMadeByAnotherThread() throws Exception {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        List<Consumer<Bus>> transitions = List.of(Bus::start, Bus::stop, Bus::start, Bus::exit);
        List<State[]> awaited = List.of(new State[] {State.STARTED}, new State[] {State.STOPPED},
                new State[] {State.STARTING, State.STARTED}, new State[] {State.EXITING});
        for (int i = 0; i < transitions.size(); i++) {
            Consumer<Bus> transition = transitions.get(i);
            Thread t = Thread.ofPlatform().daemon().start(() -> {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                }
                transition.accept(bus);
            });
            assertTrue(bus.awaitState(Duration.ofSeconds(5), awaited.get(i)), "step " + i);
            assertTrue(List.of(awaited.get(i)).contains(bus.state()), "step " + i + ": " + bus.state());
            t.join();
        }
    }

    @Test
    void awaitStateReturnsAtOnceInTheStateAlready() throws Exception {
        Bus bus = new Bus();
        long start = System.nanoTime();
        assertTrue(bus.awaitState(Duration.ofSeconds(5), State.STOPPED));
        assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
    }

    @Test
    void blockWaitsForTheOtherNonDaemonThreadsAfterExit() throws Exception {
        List<String> log = new CopyOnWriteArrayList<>();
        Bus bus = loggedBus(log);
        bus.start();
        log.clear();
        Thread worker = Thread.ofPlatform().daemon(false).start(() -> {
            try {
                Thread.sleep(300);
            } catch (InterruptedException ignored) {
                // ends early
            }
        });
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                return;
            }
            bus.exit();
        });
        bus.block(Duration.ofMillis(10));
        assertSame(State.EXITING, bus.state());
        assertFalse(worker.isAlive(), "block returned before the worker ended");
        // the exit runs on another thread: block() may say it waits before or after "Bus EXITED"
        String waiting = "Waiting for child threads to terminate...";
        assertEquals(List.of("Bus STOPPING", "Bus STOPPED", "Bus EXITING", "Bus EXITED"),
                log.stream().filter(l -> !l.equals(waiting)).toList());
        assertEquals(1, log.stream().filter(waiting::equals).count(), log::toString);
        assertTrue(log.indexOf(waiting) > log.indexOf("Bus STOPPED"), log::toString);
    }

    @Test
    void interruptingABlockedMainThreadExitsTheBus() throws Exception {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        List<String> calls = new CopyOnWriteArrayList<>();
        bus.subscribe(Bus.EXIT, recorder(calls, "exit"));
        bus.start();
        AtomicBoolean stillInterrupted = new AtomicBoolean();
        Thread main = Thread.ofPlatform().daemon().start(() -> {
            bus.block(Duration.ofMillis(10));
            stillInterrupted.set(Thread.currentThread().isInterrupted());
        });
        Thread.sleep(50);
        main.interrupt();
        main.join(5000);
        assertFalse(main.isAlive());
        assertSame(State.EXITING, bus.state());
        assertEquals(List.of("exit"), calls);
        assertTrue(stillInterrupted.get(), "the interrupt is kept for the caller");
    }

    // ---- the thread manager -------------------------------------------------------------------

    @Nested
    class ThreadManagement {
        final Bus bus = new Bus();
        final ThreadManager manager = new ThreadManager(bus);
        final List<Integer> started = Collections.synchronizedList(new ArrayList<>());
        final List<Integer> stopped = Collections.synchronizedList(new ArrayList<>());

        ThreadManagement() {
            bus.logSink((message, level, error) -> { });
            manager.subscribe(bus);
            bus.subscribe(ThreadManager.START_THREAD, args -> started.add((Integer) args[0]));
            bus.subscribe(ThreadManager.STOP_THREAD, args -> stopped.add((Integer) args[0]));
        }

        private void acquireOnAnotherThread() throws InterruptedException {
            Thread t = Thread.ofPlatform().daemon().start(() -> bus.publish(ThreadManager.ACQUIRE_THREAD));
            t.join();
        }

        @Test
        void startThreadIsPublishedOnceForEachNewThreadWithItsNumber() throws Exception {
            bus.publish(ThreadManager.ACQUIRE_THREAD);
            bus.publish(ThreadManager.ACQUIRE_THREAD);
            assertEquals(List.of(1), started);
            acquireOnAnotherThread();
            assertEquals(List.of(1, 2), started);
            assertEquals(2, manager.size());
        }

        @Test
        void releaseThreadPublishesStopThreadForThatThread() {
            bus.publish(ThreadManager.ACQUIRE_THREAD);
            bus.publish(ThreadManager.RELEASE_THREAD);
            assertEquals(List.of(1), stopped);
            assertEquals(0, manager.size());
            bus.publish(ThreadManager.RELEASE_THREAD);
            assertEquals(List.of(1), stopped, "a thread not tracked is not released twice");
        }

        @Test
        void stoppingTheBusPublishesStopThreadForEveryTrackedThread() throws Exception {
            bus.start();
            bus.publish(ThreadManager.ACQUIRE_THREAD);
            acquireOnAnotherThread();
            bus.stop();
            assertEquals(List.of(1, 2), stopped.stream().sorted().toList());
            assertEquals(0, manager.size());
        }

        @Test
        void gracefulPublishesStopThreadAndThreadsAreTrackedAfresh() {
            bus.start();
            bus.publish(ThreadManager.ACQUIRE_THREAD);
            bus.graceful();
            assertEquals(List.of(1), stopped);
            bus.publish(ThreadManager.ACQUIRE_THREAD);
            assertEquals(List.of(1, 2), started);
            bus.exit();
        }

        @Test
        void theMainTickReleasesThreadsThatHaveEnded() throws Exception {
            bus.publish(ThreadManager.ACQUIRE_THREAD);
            acquireOnAnotherThread();
            bus.publish(Bus.MAIN);
            assertEquals(List.of(2), stopped);
            assertEquals(1, manager.size());
        }
    }
}
