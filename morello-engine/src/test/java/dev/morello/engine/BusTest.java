package dev.morello.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class BusTest {

    @Test
    void runsListenersInPriorityOrderThenSubscriptionOrder() {
        Bus bus = new Bus();
        List<String> calls = new ArrayList<>();
        bus.subscribe("x", a -> calls.add("75"), 75);
        bus.subscribe("x", a -> calls.add("50a"));
        bus.subscribe("x", a -> calls.add("25"), 25);
        bus.subscribe("x", a -> calls.add("50b"));
        bus.publish("x");
        assertEquals(List.of("25", "50a", "50b", "75"), calls);
    }

    @Test
    void passesArgumentsToListeners() {
        Bus bus = new Bus();
        List<Object> seen = new ArrayList<>();
        bus.subscribe("thread", a -> seen.addAll(List.of(a)));
        bus.publish("thread", 3, "name");
        assertEquals(List.of(3, "name"), seen);
    }

    @Test
    void runsEveryListenerThenThrowsAllFailures() {
        Bus bus = new Bus();
        List<String> calls = new ArrayList<>();
        bus.subscribe("x", a -> { calls.add("first"); throw new IllegalStateException("one"); }, 10);
        bus.subscribe("x", a -> calls.add("second"), 20);
        bus.subscribe("x", a -> { calls.add("third"); throw new IllegalArgumentException("two"); }, 30);
        ChannelFailures failures = assertThrows(ChannelFailures.class, () -> bus.publish("x"));
        assertEquals(List.of("first", "second", "third"), calls);
        assertEquals(2, failures.failures().size());
        assertEquals("one", failures.failures().get(0).getMessage());
        assertEquals("two", failures.failures().get(1).getMessage());
        assertEquals("x", failures.channel());
    }

    @Test
    void publishingOnAnUnknownChannelDoesNothing() {
        new Bus().publish("nobody-listens", 1, 2);
    }

    @Test
    void unsubscribeRemovesTheListener() {
        Bus bus = new Bus();
        AtomicInteger calls = new AtomicInteger();
        Listener l = a -> calls.incrementAndGet();
        bus.subscribe("x", l);
        bus.publish("x");
        bus.unsubscribe("x", l);
        bus.publish("x");
        assertEquals(1, calls.get());
    }

    @Test
    void goesThroughTheStatesAndPublishesTheirChannels() {
        Bus bus = new Bus();
        List<String> seen = new CopyOnWriteArrayList<>();
        bus.subscribe(Bus.START, a -> seen.add("start in " + bus.state()));
        bus.subscribe(Bus.STOP, a -> seen.add("stop in " + bus.state()));
        bus.subscribe(Bus.EXIT, a -> seen.add("exit in " + bus.state()));
        assertSame(State.STOPPED, bus.state());
        bus.start();
        assertSame(State.STARTED, bus.state());
        bus.stop();
        assertSame(State.STOPPED, bus.state());
        bus.start();
        bus.exit();
        assertSame(State.EXITING, bus.state());
        assertEquals(List.of("start in STARTING", "stop in STOPPING", "start in STARTING",
                "stop in STOPPING", "exit in EXITING"), seen);
    }

    @Test
    void aFailingStartListenerExitsTheBusAndRethrows() {
        Bus bus = new Bus();
        AtomicInteger stops = new AtomicInteger();
        bus.subscribe(Bus.START, a -> { throw new IllegalStateException("port in use"); });
        bus.subscribe(Bus.STOP, a -> stops.incrementAndGet());
        ChannelFailures e = assertThrows(ChannelFailures.class, bus::start);
        assertEquals("port in use", e.getCause().getMessage());
        assertSame(State.EXITING, bus.state());
        assertEquals(1, stops.get());
    }

    @Test
    void blockPublishesMainUntilExitFromAnotherThread() throws Exception {
        Bus bus = new Bus();
        AtomicInteger mains = new AtomicInteger();
        bus.subscribe(Bus.MAIN, a -> {
            if (mains.incrementAndGet() == 3) {
                Thread.ofPlatform().daemon().start(bus::exit);
            }
        });
        bus.start();
        bus.block(Duration.ofMillis(10));
        assertSame(State.EXITING, bus.state());
        assertTrue(mains.get() >= 3);
    }

    @Test
    void awaitStateWaitsForAnotherThread() throws Exception {
        Bus bus = new Bus();
        Thread.ofPlatform().daemon().start(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException ignored) {
                return;
            }
            bus.start();
        });
        assertTrue(bus.awaitState(Duration.ofSeconds(5), State.STARTED));
        assertTrue(!bus.awaitState(Duration.ofMillis(20), State.EXITING));
    }

    @Test
    void aRefusalStopsTheListenersAfterItAndTheStart() {
        Bus bus = new Bus();
        List<String> calls = new CopyOnWriteArrayList<>();
        bus.subscribe(Bus.START, a -> calls.add("first"), 0);
        bus.subscribe(Bus.START, a -> {
            throw new Refusal("site.conf:4: not understood");
        }, 1);
        bus.subscribe(Bus.START, a -> calls.add("server"), 75);
        bus.subscribe(Bus.STOP, a -> calls.add("stop"));
        ChannelFailures e = assertThrows(ChannelFailures.class, bus::start);
        assertTrue(e.failures().get(0) instanceof Refusal);
        assertEquals("site.conf:4: not understood", e.failures().get(0).getMessage());
        assertEquals(List.of("first", "stop"), calls, "nothing after the veto starts; stop listeners still run");
        assertEquals(State.EXITING, bus.state());
    }
}
