package dev.morello.engine.plugins;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.engine.Bus;
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
            assertTrue(bus.awaitState(java.time.Duration.ofSeconds(5), dev.morello.engine.State.EXITING));
        } finally {
            handler.unsubscribe(bus);
        }
    }
}
