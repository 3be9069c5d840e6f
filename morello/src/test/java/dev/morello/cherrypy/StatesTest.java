package dev.morello.cherrypy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.engine.Bus;
import dev.morello.engine.Listener;
import dev.morello.engine.State;
import dev.morello.engine.plugins.ThreadManager;
import dev.morello.testing.Site;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The engine driving the server: start, stop and restart change whether the site is served, the
 * server announces where it listens, and the thread manager tracks the serving threads.
 */
class StatesTest {
    static final List<String> LOG = new CopyOnWriteArrayList<>();
    static final List<Integer> STARTED_THREADS = new CopyOnWriteArrayList<>();
    static final List<Integer> STOPPED_THREADS = new CopyOnWriteArrayList<>();
    static final AtomicInteger DEPENDENCY_STARTS = new AtomicInteger();
    static final AtomicBoolean DEPENDENCY_RUNNING = new AtomicBoolean();

    static final Listener LOG_LISTENER = args -> LOG.add(String.valueOf(args[0]));
    static final Listener ON_START_THREAD = args -> STARTED_THREADS.add((Integer) args[0]);
    static final Listener ON_STOP_THREAD = args -> STOPPED_THREADS.add((Integer) args[0]);
    static final Listener DEPENDENCY_START = args -> {
        DEPENDENCY_RUNNING.set(true);
        DEPENDENCY_STARTS.incrementAndGet();
    };
    static final Listener DEPENDENCY_STOP = args -> DEPENDENCY_RUNNING.set(false);

    public static class Root {
        @Expose public String index() {
            return "Hello World";
        }

        @Expose public String state() {
            return Morello.engine().state().name();
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root());
            Bus engine = Morello.engine();
            engine.subscribe(Bus.LOG, LOG_LISTENER);
            engine.subscribe(ThreadManager.START_THREAD, ON_START_THREAD);
            engine.subscribe(ThreadManager.STOP_THREAD, ON_STOP_THREAD);
            engine.subscribe(Bus.START, DEPENDENCY_START);
            engine.subscribe(Bus.STOP, DEPENDENCY_STOP);
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
        Bus engine = Morello.engine();
        engine.unsubscribe(Bus.LOG, LOG_LISTENER);
        engine.unsubscribe(ThreadManager.START_THREAD, ON_START_THREAD);
        engine.unsubscribe(ThreadManager.STOP_THREAD, ON_STOP_THREAD);
        engine.unsubscribe(Bus.START, DEPENDENCY_START);
        engine.unsubscribe(Bus.STOP, DEPENDENCY_STOP);
    }

    @BeforeEach
    void started() {
        if (Morello.engine().state() != State.STARTED) {
            Morello.engine().start();
        }
    }

    // ---- a keep-alive client -------------------------------------------------------------

    /** Sends {@code count} requests on one connection and returns the bodies. */
    static List<String> onOneConnection(String path, int count) throws IOException {
        try (Socket s = new Socket("127.0.0.1", Site.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            InputStream in = s.getInputStream();
            List<String> bodies = new CopyOnWriteArrayList<>();
            for (int i = 0; i < count; i++) {
                out.write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port() + "\r\n\r\n")
                        .getBytes(StandardCharsets.US_ASCII));
                out.flush();
                bodies.add(readResponse(in));
            }
            return bodies;
        }
    }

    private static String readResponse(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("closed inside the head: " + head);
            }
            head.write(c);
        }
        int length = 0;
        for (String line : head.toString(StandardCharsets.ISO_8859_1).split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        return new String(in.readNBytes(length), StandardCharsets.UTF_8);
    }

    // ---- states ------------------------------------------------------------------------------

    @Test
    void startingLogsWhereTheServerListensBetweenTheBusStates() {
        int serving = LOG.indexOf("Serving on http://127.0.0.1:" + Site.port());
        assertTrue(serving >= 0, LOG.toString());
        int starting = LOG.lastIndexOf("Bus STARTING");
        int started = LOG.lastIndexOf("Bus STARTED");
        assertTrue(starting >= 0 && starting < serving && serving < started, LOG.toString());
    }

    @Test
    void aStartedEngineServesAndStartedItsListeners() throws IOException {
        assertSame(State.STARTED, Morello.engine().state());
        assertTrue(DEPENDENCY_RUNNING.get());
        assertEquals("Hello World", Site.get("/").body());
        assertEquals("STARTED", Site.get("/state").body());
    }

    @Test
    void stopEndsServingAndStartResumesIt() throws IOException {
        assertEquals("Hello World", Site.get("/").body());
        int port = Site.port();
        int starts = DEPENDENCY_STARTS.get();

        Morello.engine().stop();
        assertSame(State.STOPPED, Morello.engine().state());
        assertFalse(DEPENDENCY_RUNNING.get());
        assertEquals(-1, Site.port());
        assertTrue(LOG.contains("HTTP Server http://127.0.0.1:" + port + " shut down"), LOG.toString());
        assertThrows(ConnectException.class, () -> new Socket("127.0.0.1", port).close());

        LOG.clear();
        Morello.engine().start();
        assertSame(State.STARTED, Morello.engine().state());
        assertTrue(DEPENDENCY_RUNNING.get());
        assertEquals(starts + 1, DEPENDENCY_STARTS.get());
        assertTrue(LOG.contains("Serving on http://127.0.0.1:" + Site.port()), LOG.toString());
        assertEquals("Hello World", Site.get("/").body());
    }

    @Test
    void restartingTwiceInARowKeepsServing() throws IOException {
        for (int i = 0; i < 2; i++) {
            Morello.engine().stop();
            Morello.engine().start();
            assertEquals("Hello World", Site.get("/").body());
        }
    }

    // ---- the thread manager -------------------------------------------------------------------

    @Test
    void startThreadIsPublishedOncePerServingThread() throws IOException {
        STARTED_THREADS.clear();
        assertEquals(List.of("Hello World", "Hello World", "Hello World"), onOneConnection("/", 3));
        assertEquals(1, STARTED_THREADS.size(), STARTED_THREADS.toString());

        onOneConnection("/", 2);
        assertEquals(2, STARTED_THREADS.size(), STARTED_THREADS.toString());
        assertNotEquals(STARTED_THREADS.get(0), STARTED_THREADS.get(1));
    }

    @Test
    void stoppingTheEnginePublishesStopThreadForEveryTrackedThread() throws IOException {
        Morello.engine().stop();
        Morello.engine().start();
        STARTED_THREADS.clear();
        STOPPED_THREADS.clear();
        onOneConnection("/", 2);
        onOneConnection("/", 1);
        assertEquals(2, STARTED_THREADS.size(), STARTED_THREADS.toString());

        Morello.engine().stop();
        assertEquals(new HashSet<>(STARTED_THREADS), new HashSet<>(STOPPED_THREADS));
        assertEquals(0, Morello.threadManager().size());
    }

    @Test
    void gracefulReleasesTheThreadsAndKeepsServing() throws IOException {
        STARTED_THREADS.clear();
        STOPPED_THREADS.clear();
        onOneConnection("/", 1);
        assertEquals(1, STARTED_THREADS.size());

        Morello.engine().graceful();
        assertSame(State.STARTED, Morello.engine().state());
        assertTrue(STOPPED_THREADS.containsAll(STARTED_THREADS), STOPPED_THREADS.toString());

        assertEquals("Hello World", Site.get("/").body());
        assertEquals(2, STARTED_THREADS.size(), "a thread after graceful is tracked afresh");
    }
}
