package dev.morello.engine.plugins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.engine.Bus;
import dev.morello.engine.State;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import sun.misc.Signal;

class SignalHandlerTest {

    @Test
    void turnsASignalIntoItsActionAndPublishesIt() throws Exception {
        Bus bus = new Bus();
        CountDownLatch acted = new CountDownLatch(1);
        CountDownLatch published = new CountDownLatch(1);
        bus.subscribe("SIGUSR2", a -> published.countDown());
        SignalHandler handler = new SignalHandler(bus).on("USR2", acted::countDown);
        handler.subscribe(bus);
        try {
            Signal.raise(new Signal("USR2"));
            assertTrue(acted.await(5, TimeUnit.SECONDS));
            assertTrue(published.await(5, TimeUnit.SECONDS));
        } finally {
            handler.unsubscribe(bus);
        }
    }

    @Test
    void usr1PublishesGracefulAndLeavesTheBusRunning() throws Exception {
        Bus bus = new Bus();
        CountDownLatch graceful = new CountDownLatch(1);
        bus.subscribe(Bus.GRACEFUL, a -> graceful.countDown());
        SignalHandler handler = new SignalHandler(bus);
        handler.subscribe(bus);
        try {
            bus.start();
            Signal.raise(new Signal("USR1"));
            assertTrue(graceful.await(5, TimeUnit.SECONDS));
            assertTrue(bus.state() == dev.morello.engine.State.STARTED, bus.state().toString());
        } finally {
            handler.unsubscribe(bus);
            bus.exit();
        }
    }

    @Test
    void termExitsTheBus() throws Exception {
        Bus bus = new Bus();
        SignalHandler handler = new SignalHandler(bus);
        handler.subscribe(bus);
        try {
            bus.start();
            Signal.raise(new Signal("TERM"));
            assertTrue(bus.awaitState(Duration.ofSeconds(5), State.EXITING));
        } finally {
            handler.unsubscribe(bus);
        }
    }

    @Test
    void usr1MakesTheBusGraceful() throws Exception {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        CountDownLatch graceful = new CountDownLatch(1);
        bus.subscribe(Bus.GRACEFUL, args -> graceful.countDown());
        SignalHandler handler = new SignalHandler(bus, () -> false);
        handler.subscribe(bus);
        try {
            bus.start();
            Signal.raise(new Signal("USR1"));
            assertTrue(graceful.await(5, TimeUnit.SECONDS));
            assertSame(State.STARTED, bus.state(), "graceful does not stop the bus");
        } finally {
            handler.unsubscribe(bus);
            bus.exit();
        }
    }

    @Test
    void hupWithNoTerminalRestartsTheBus() throws Exception {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        SignalHandler handler = new SignalHandler(bus, () -> false);
        handler.subscribe(bus);
        try {
            bus.start();
            Signal.raise(new Signal("HUP"));
            assertTrue(bus.awaitState(Duration.ofSeconds(5), State.EXITING));
            assertTrue(bus.restartRequested(), "daemonized: HUP restarts");
        } finally {
            handler.unsubscribe(bus);
        }
    }

    @Test
    void hupOnATerminalExitsTheBus() throws Exception {
        Bus bus = new Bus();
        bus.logSink((message, level, error) -> { });
        List<String> log = new CopyOnWriteArrayList<>();
        bus.subscribe(Bus.LOG, args -> log.add((String) args[0]));
        SignalHandler handler = new SignalHandler(bus, () -> true);
        handler.subscribe(bus);
        try {
            bus.start();
            Signal.raise(new Signal("HUP"));
            assertTrue(bus.awaitState(Duration.ofSeconds(5), State.EXITING));
            assertFalse(bus.restartRequested(), "the terminal was closed: HUP exits");
            assertTrue(log.contains("SIGHUP caught with a terminal attached. Exiting."), log.toString());
        } finally {
            handler.unsubscribe(bus);
        }
    }
}
