package dev.morello.engine.plugins;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.engine.Bus;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class MonitorTest {

    @Test
    void runsItsTaskPeriodicallyWhileStarted() throws Exception {
        CountDownLatch three = new CountDownLatch(3);
        Bus bus = new Bus();
        Monitor monitor = new Monitor("ticker", Duration.ofMillis(10), three::countDown);
        monitor.subscribe(bus);
        bus.start();
        assertTrue(three.await(5, TimeUnit.SECONDS));
        assertTrue(monitor.running());
        bus.stop();
        assertFalse(monitor.running());
    }

    @Test
    void stopsRunningTheTaskOnStop() throws Exception {
        AtomicInteger runs = new AtomicInteger();
        Bus bus = new Bus();
        new Monitor("counter", Duration.ofMillis(5), runs::incrementAndGet).subscribe(bus);
        bus.start();
        Thread.sleep(50);
        bus.stop();
        int afterStop = runs.get();
        Thread.sleep(50);
        assertTrue(runs.get() == afterStop, "no run after stop");
    }

    @Test
    void gracefulRestartsIt() throws Exception {
        Bus bus = new Bus();
        CountDownLatch ran = new CountDownLatch(1);
        Monitor monitor = new Monitor("g", Duration.ofMillis(10), ran::countDown);
        monitor.subscribe(bus);
        bus.start();
        bus.graceful();
        assertTrue(monitor.running());
        assertTrue(ran.await(5, TimeUnit.SECONDS));
        bus.exit();
        assertFalse(monitor.running());
    }

    @Test
    void aFailingTaskStopsTheMonitor() throws Exception {
        Bus bus = new Bus();
        Monitor monitor = new Monitor("bad", Duration.ofMillis(5), () -> {
            throw new IllegalStateException("boom");
        });
        monitor.subscribe(bus);
        bus.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (monitor.running() && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertFalse(monitor.running());
        bus.exit();
    }

    @Test
    void refusesANonPositiveFrequency() {
        assertThrows(IllegalArgumentException.class, () -> new Monitor("x", Duration.ZERO, () -> { }));
    }
}
