package dev.morello.engine.plugins;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.engine.Bus;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

class ThreadManagerTest {
    private final Bus bus = new Bus();
    private final ThreadManager manager = new ThreadManager(bus);
    private final List<Integer> started = new CopyOnWriteArrayList<>();
    private final List<Integer> stopped = new CopyOnWriteArrayList<>();

    ThreadManagerTest() {
        manager.subscribe(bus);
        bus.subscribe(ThreadManager.START_THREAD, args -> started.add((Integer) args[0]));
        bus.subscribe(ThreadManager.STOP_THREAD, args -> stopped.add((Integer) args[0]));
    }

    private void serveOnNewThread(int requests) throws InterruptedException {
        Thread t = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < requests; i++) {
                bus.publish(ThreadManager.ACQUIRE_THREAD);
            }
        });
        t.join();
    }

    @Test
    void publishesStartThreadOncePerThread() throws Exception {
        serveOnNewThread(3);
        serveOnNewThread(2);
        assertEquals(List.of(1, 2), started);
        assertEquals(2, manager.size());
    }

    @Test
    void publishesStopThreadForEndedThreadsOnTheMainTick() throws Exception {
        serveOnNewThread(1);
        bus.publish(Bus.MAIN);
        assertEquals(List.of(1), stopped);
        assertEquals(0, manager.size());
    }

    @Test
    void releaseThreadStopsTrackingTheCurrentThread() {
        bus.publish(ThreadManager.ACQUIRE_THREAD);
        bus.publish(ThreadManager.RELEASE_THREAD);
        assertEquals(List.of(1), started);
        assertEquals(List.of(1), stopped);
    }

    @Test
    void stopAndGracefulReleaseEveryThread() throws Exception {
        bus.publish(ThreadManager.ACQUIRE_THREAD);
        bus.start();
        bus.graceful();
        assertEquals(List.of(1), stopped);
        bus.publish(ThreadManager.ACQUIRE_THREAD);
        bus.stop();
        assertEquals(List.of(1, 2), stopped);
    }

    @Test
    void forgetsEndedThreadsWithoutAMainLoop() throws Exception {
        for (int i = 0; i < 1100; i++) {
            serveOnNewThread(1);
        }
        assertTrue(manager.size() < 1100, "ended threads were kept: " + manager.size());
        assertTrue(stopped.size() >= 1024, "stop_thread was published for the ended threads");
    }
}
