package dev.morello.sse;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.testing.Site;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.zip.Inflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Server-sent events through a real server: the format (multi-line data, ids, retry, comments),
 * events going out as they are sent (also through gzip), heartbeats, {@code Last-Event-ID}, a
 * client that went away found at the next write, a client too slow to read, groups, the caching
 * tool leaving the stream alone, and the site's stop ending open streams cleanly.
 */
@Timeout(60)
class EventStreamTest {
    /** Steps a test releases one at a time, so that it reads each event before the next is sent. */
    static final BlockingQueue<String> STEPS = new LinkedBlockingQueue<>();
    static final BlockingQueue<Boolean> SEND_RESULTS = new LinkedBlockingQueue<>();
    static final CountDownLatch CLOSED = new CountDownLatch(1);
    static final EventGroup GROUP = new EventGroup();
    static volatile String lastEventId = "unset";

    public static class Root {
        @Expose
        public EventStream three(Request request) {
            return EventStream.open(request, events -> {
                events.send(Event.of("one"));
                events.send(Event.of("two\nlines").named("multi").id("2"));
                events.send(Event.of("three").retry(Duration.ofSeconds(3)));
            });
        }

        @Expose
        public EventStream stepped(Request request) {
            lastEventId = request.headers().get("Last-Event-ID");
            EventStream stream = EventStream.open(request, events -> {
                String step;
                while (!(step = STEPS.take()).equals("end")) {
                    SEND_RESULTS.add(events.send(step));
                }
            });
            stream.heartbeat(Duration.ofMillis(100));
            stream.onClose(CLOSED::countDown);
            assertEquals(lastEventId, stream.lastEventId());
            return stream;
        }

        @Expose
        public EventStream quiet(Request request) {
            return EventStream.open(request).heartbeat(Duration.ofMillis(50));
        }

        @Expose
        public EventStream group(Request request) {
            return GROUP.add(EventStream.open(request).heartbeat(Duration.ofMillis(50)));
        }

        @Expose
        public EventStream flood(Request request) {
            String big = "x".repeat(64 * 1024);
            return EventStream.open(request, events -> {
                for (int i = 0; i < 100_000; i++) {
                    if (!events.send(big)) {
                        SEND_RESULTS.add(false);
                        return;
                    }
                }
                SEND_RESULTS.add(true);
            });
        }
    }

    @AfterEach
    void stop() {
        STEPS.add("end");
        Site.stop();
        Morello.reset();
        STEPS.clear();
        SEND_RESULTS.clear();
    }

    private static void serve(Map<String, Object> config) {
        Site.start(() -> Morello.tree().mount(new Root(), "", Map.of("/", config)));
    }

    // ---- the format ---------------------------------------------------------------------------

    @Test
    void eventsAreWrittenInTheStreamFormat() {
        assertEquals("data: a\n\n", text(Event.of("a")));
        assertEquals("data: a\ndata: b\ndata: c\ndata: \ndata: d\n\n", text(Event.of("a\r\nb\rc\n\nd")));
        assertEquals("data: \n\n", text(Event.of("")));
        assertEquals("event: tick\nid: 7\nretry: 2500\ndata: x\n\n",
                text(Event.of("x").named("tick").id("7").retry(Duration.ofMillis(2500))));
        assertEquals(": still here\n\n", text(Event.comment("still here")));
        assertEquals("data: caf\u00e9 \u2603\n\n", new String(Event.of("caf\u00e9 \u2603").encode(), StandardCharsets.UTF_8));
        assertThrows(IllegalArgumentException.class, () -> Event.of("x").id("a\nb"));
        assertThrows(IllegalArgumentException.class, () -> Event.of("x").id("a\0b"));
        assertThrows(IllegalArgumentException.class, () -> Event.of("x").named("a\rb"));
        assertThrows(IllegalArgumentException.class, () -> Event.comment("a\nb"));
    }

    private static String text(Event e) {
        return new String(e.encode(), StandardCharsets.UTF_8);
    }

    // ---- through the server ------------------------------------------------------------------

    @Test
    void aProducersEventsMakeTheResponseWhichEndsWithIt() throws Exception {
        serve(Map.of());
        Site.Reply r = Site.get("/three");
        assertEquals(200, r.status());
        // the framework adds the charset of text types; the format is UTF-8 whatever it says
        assertTrue(r.header("Content-Type").startsWith("text/event-stream"), r.header("Content-Type"));
        assertEquals("no-cache", r.header("Cache-Control"));
        assertEquals("chunked", r.header("Transfer-Encoding"));
        assertEquals("data: one\n\nevent: multi\nid: 2\ndata: two\ndata: lines\n\nretry: 3000\ndata: three\n\n", r.body());
    }

    @Test
    void eachEventGoesOutWhenItIsSentAndLastEventIdArrives() throws Exception {
        serve(Map.of());
        try (Stream s = Stream.open("/stepped", "Last-Event-ID: 41\r\n")) {
            assertEquals("41", lastEventId);
            for (String step : new String[] {"first", "second", "third"}) {
                STEPS.add(step);
                assertEquals("data: " + step + "\n\n", s.nextEventSkippingHeartbeats(), "the event came before the next was sent");
                assertEquals(Boolean.TRUE, SEND_RESULTS.poll(10, TimeUnit.SECONDS));
            }
            STEPS.add("end");
            assertNull(s.nextEventSkippingHeartbeats(), "the producer returned: the response ended");
        }
    }

    @Test
    void aQuietStreamSendsHeartbeats() throws Exception {
        serve(Map.of());
        try (Stream s = Stream.open("/quiet", "")) {
            assertEquals(":\n\n", s.nextEvent());
            assertEquals(":\n\n", s.nextEvent());
        }
    }

    @Test
    void aClientThatWentAwayIsFoundAtTheNextWrite() throws Exception {
        serve(Map.of());
        try (Stream s = Stream.open("/stepped", "")) {
            STEPS.add("hello");
            assertEquals("data: hello\n\n", s.nextEventSkippingHeartbeats());
            assertEquals(Boolean.TRUE, SEND_RESULTS.poll(10, TimeUnit.SECONDS));
        }
        // the next heartbeat's write fails: the stream closes and its close actions run
        assertTrue(CLOSED.await(20, TimeUnit.SECONDS), "the stream saw the client go");
        STEPS.add("anyone?");
        assertEquals(Boolean.FALSE, SEND_RESULTS.poll(10, TimeUnit.SECONDS), "send says the stream is closed");
    }

    @Test
    void aClientThatDoesNotReadIsClosedOnceEventsPileUp() throws Exception {
        serve(Map.of());
        try (Stream s = Stream.open("/flood", "")) {
            // never reads: the socket's buffers fill, then the stream's queue
            assertEquals(Boolean.FALSE, SEND_RESULTS.poll(30, TimeUnit.SECONDS), "the stream refused more events");
        }
    }

    @Test
    void aGroupSendsToEveryMemberAndForgetsThoseThatLeave() throws Exception {
        serve(Map.of());
        try (Stream a = Stream.open("/group", ""); Stream b = Stream.open("/group", "")) {
            waitFor(() -> GROUP.size() == 2);
            assertEquals(2, GROUP.send(Event.of("news").named("headline")));
            assertEquals("event: headline\ndata: news\n\n", a.nextEventSkippingHeartbeats());
            assertEquals("event: headline\ndata: news\n\n", b.nextEventSkippingHeartbeats());
            b.close();
            waitFor(() -> GROUP.size() == 1);
            assertEquals(1, GROUP.send(Event.of("more")));
            assertEquals("data: more\n\n", a.nextEventSkippingHeartbeats());
        }
    }

    @Test
    void throughGzipEachEventIsFlushedNotHeld() throws Exception {
        serve(Map.of("tools.gzip.on", true, "tools.gzip.mime_types", java.util.List.of("text/event-stream")));
        try (Stream s = Stream.open("/stepped", "Accept-Encoding: gzip\r\n")) {
            assertEquals("gzip", s.headers.get("content-encoding"), s.headers.toString());
            GunzipAsItComes gunzip = new GunzipAsItComes();
            for (String step : new String[] {"first", "second"}) {
                STEPS.add(step);
                String got = "";
                while (!got.endsWith("data: " + step + "\n\n")) {
                    byte[] chunk = s.nextChunk();
                    assertTrue(chunk != null, "the stream ended early");
                    // heartbeats may come between the events
                    got = (got + gunzip.feed(chunk)).replace(":\n\n", "");
                }
                assertEquals("data: " + step + "\n\n", got);
            }
        }
    }

    @Test
    void theCachingToolNeitherStoresNorHoldsAStream() throws Exception {
        serve(Map.of("tools.caching.on", true));
        try (Stream first = Stream.open("/quiet", ""); Stream second = Stream.open("/quiet", "")) {
            // the second reader is not made to wait for the first's response to end (anti-stampede)
            assertEquals(":\n\n", second.nextEvent());
            assertEquals(":\n\n", first.nextEvent());
        }
        Site.Reply r = Site.get("/three");
        assertEquals(200, r.status());
        assertNull(r.header("Age"), "not served from a cache");
        Site.Reply again = Site.get("/three");
        assertNull(again.header("Age"), "not served from a cache");
    }

    @Test
    void theSitesStopEndsOpenStreamsCleanly() throws Exception {
        serve(Map.of());
        try (Stream s = Stream.open("/quiet", "")) {
            assertEquals(":\n\n", s.nextEvent());
            Thread stopper = Thread.ofPlatform().start(() -> Morello.engine().stop());
            // the response ends with its last chunk, not with the connection cut
            String e;
            while ((e = s.nextEvent()) != null) {
                assertEquals(":\n\n", e);
            }
            assertTrue(s.endedCleanly, "the chunked body was terminated");
            stopper.join(30_000);
            assertFalse(stopper.isAlive());
        }
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        for (int i = 0; i < 2000 && !condition.getAsBoolean(); i++) {
            Thread.sleep(10);
        }
        assertTrue(condition.getAsBoolean(), "the condition never held");
    }

    /** A raw connection reading a chunked event stream as it comes. */
    static final class Stream implements AutoCloseable {
        final Socket socket;
        final InputStream in;
        final Map<String, String> headers = new java.util.HashMap<>();
        private final StringBuilder pending = new StringBuilder();
        boolean endedCleanly;

        private Stream(Socket socket) throws IOException {
            this.socket = socket;
            this.in = socket.getInputStream();
        }

        static Stream open(String path, String extraHeaders) throws IOException {
            Socket socket = new Socket("127.0.0.1", Site.port());
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extraHeaders + "\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            Stream s = new Stream(socket);
            String status = s.line();
            assertTrue(status.startsWith("HTTP/1.1 200"), status);
            String h;
            while (!(h = s.line()).isEmpty()) {
                int colon = h.indexOf(':');
                s.headers.put(h.substring(0, colon).trim().toLowerCase(java.util.Locale.ROOT), h.substring(colon + 1).trim());
            }
            return s;
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("closed mid-line");
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        /** The next chunk's bytes; null after the last chunk (or when the connection ends). */
        byte[] nextChunk() throws IOException {
            String size;
            try {
                size = line();
            } catch (IOException e) {
                return null;
            }
            int n = Integer.parseInt(size.trim(), 16);
            if (n == 0) {
                line();
                endedCleanly = true;
                return null;
            }
            byte[] b = in.readNBytes(n);
            line();
            return b;
        }

        /** The next event (up to its blank line); null when the response ended. */
        String nextEvent() throws IOException {
            while (true) {
                int end = pending.indexOf("\n\n");
                if (end >= 0) {
                    String e = pending.substring(0, end + 2);
                    pending.delete(0, end + 2);
                    return e;
                }
                byte[] chunk = nextChunk();
                if (chunk == null) {
                    return null;
                }
                pending.append(new String(chunk, StandardCharsets.UTF_8));
            }
        }

        String nextEventSkippingHeartbeats() throws IOException {
            String e;
            while ((e = nextEvent()) != null && e.equals(":\n\n")) {
                // a heartbeat
            }
            return e;
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    /** Inflates a gzip stream from the pieces that have arrived so far. */
    static final class GunzipAsItComes {
        private final Inflater inflater = new Inflater(true);
        private int headerLeft = 10;

        String feed(byte[] bytes) throws Exception {
            int off = Math.min(headerLeft, bytes.length);
            headerLeft -= off;
            inflater.setInput(bytes, off, bytes.length - off);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            int n;
            while ((n = inflater.inflate(buf)) > 0) {
                out.write(buf, 0, n);
            }
            return out.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void theGunzipHelperReadsWhatGzipWrites() throws Exception {
        byte[] data = "data: x\n\n".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(b)) {
            gz.write(data);
        }
        assertArrayEquals(data, new GunzipAsItComes().feed(b.toByteArray()).getBytes(StandardCharsets.UTF_8));
    }
}
