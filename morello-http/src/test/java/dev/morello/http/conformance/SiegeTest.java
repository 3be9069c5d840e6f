package dev.morello.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.RefusalListener.Refusal;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Clients that try to hold the server: bodies that trickle in below the minimum data rate, many
 * connections from one address, and the refusals the server sends itself, which it reports.
 */
@Timeout(120)
class SiegeTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    /** Reads the whole body, then answers with its length. */
    private HttpServer echoLength(java.util.function.Consumer<dev.morello.http.ServerConfig.Builder> config) {
        return servers.start(config, ex -> {
            byte[] body = ex.body().readAllBytes();
            ex.send(200, Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
        });
    }

    private static String head(int contentLength) {
        return "POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: " + contentLength + "\r\n\r\n";
    }

    @Test
    void aBodyTricklingBelowTheMinimumRateGets408() throws Exception {
        // each byte comes well within the read timeout, so only the rate can end it
        HttpServer server = echoLength(b -> b.readTimeout(Duration.ofSeconds(2)).minBodyRate(100));
        RawClient slow = servers.connect(server);
        slow.timeout(Duration.ofSeconds(15));
        slow.send(head(1000));
        long start = System.nanoTime();
        int sent = 0;
        while (sent < 1000 && !slow.awaitAnything(Duration.ofMillis(300))) {
            if (!slow.trySend("x")) {
                break;
            }
            sent++;
        }
        RawResponse r = slow.readResponse();
        long tookMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();
        assertEquals(408, r.status(), r::toString);
        assertTrue(sent < 100, "ended long before the body was whole: " + sent + " bytes sent");
        assertTrue(tookMillis < 10_000, "408 after " + tookMillis + " ms");
        slow.assertClosedByServer();
    }

    @Test
    void aBodyAtAnHonestPaceIsReadWhole() throws Exception {
        HttpServer server = echoLength(b -> b.readTimeout(Duration.ofSeconds(2)).minBodyRate(100));
        RawClient client = servers.connect(server);
        client.send(head(1000));
        for (int i = 0; i < 10; i++) {
            Thread.sleep(150); // about 650 bytes a second, with pauses longer than a byte's worth
            client.send("y".repeat(100));
        }
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        assertEquals("1000", r.bodyText());
    }

    @Test
    void aPausedHandlerIsNotChargedToTheClient() throws Exception {
        // the rate counts only time spent waiting for the client: a handler that reads slowly is
        // its own business
        HttpServer server = servers.start(b -> b.readTimeout(Duration.ofSeconds(1)).minBodyRate(1000), ex -> {
            var in = ex.body();
            int total = 0;
            byte[] buf = new byte[10];
            int n;
            while ((n = in.read(buf)) >= 0) {
                total += n;
                Thread.sleep(50);
            }
            ex.send(200, Integer.toString(total).getBytes(StandardCharsets.US_ASCII));
        });
        RawClient client = servers.connect(server);
        client.send(head(400) + "z".repeat(400));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        assertEquals("400", r.bodyText());
    }

    /**
     * The siege: a thousand connections send a body a byte a second. They are all answered 408
     * within a few read timeouts, while another client, new connections included, is served
     * throughout.
     */
    @Test
    void aThousandSlowBodiesAreClosedWhileOthersAreServed() throws Exception {
        int slowCount = 1000;
        List<Long> refusedAt = new CopyOnWriteArrayList<>();
        HttpServer server = servers.start(
                b -> b.readTimeout(Duration.ofSeconds(2)).maxConnections(4 * slowCount).refusals(r -> {
                    if (r.status() == 408) {
                        refusedAt.add(System.nanoTime());
                    }
                }),
                ex -> {
                    byte[] body = ex.body().readAllBytes();
                    ex.send(200, Integer.toString(body.length).getBytes(StandardCharsets.US_ASCII));
                });
        InetSocketAddress address = (InetSocketAddress) server.address();
        List<RawClient> slow = new ArrayList<>();
        try {
            for (int i = 0; i < slowCount; i++) {
                RawClient c = RawClient.connect(address);
                c.send(head(100_000));
                slow.add(c);
            }
            long sieged = System.nanoTime();
            AtomicBoolean trickling = new AtomicBoolean(true);
            Thread trickler = Thread.ofPlatform().daemon().start(() -> {
                while (trickling.get()) {
                    for (RawClient c : slow) {
                        c.trySend("s");
                    }
                    try {
                        Thread.sleep(1000);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            // a normal client, on a kept connection and on new ones, while the siege lasts
            NormalClient normal = serveMeanwhile(address, Duration.ofSeconds(8));
            // every slow body was answered 408 and closed
            int answered408 = 0;
            for (RawClient c : slow) {
                c.timeout(Duration.ofSeconds(20));
                RawResponse r = c.readResponse();
                if (r.status() == 408) {
                    answered408++;
                }
                c.assertClosedByServer();
            }
            List<Long> closed = new ArrayList<>(refusedAt);
            Collections.sort(closed);
            trickling.set(false);
            trickler.interrupt();
            System.out.printf("siege: %d slow bodies, %d answered 408, the first %d ms and the last %d ms after"
                            + " the siege began; %s%n",
                    slowCount, answered408, Duration.ofNanos(closed.get(0) - sieged).toMillis(),
                    Duration.ofNanos(closed.get(closed.size() - 1) - sieged).toMillis(), normal);
            assertEquals(slowCount, closed.size(), "each 408 was reported");
            assertTrue(closed.get(closed.size() - 1) - sieged < Duration.ofSeconds(8).toNanos(),
                    "the slow bodies were all ended within a few read timeouts");
            assertEquals(0, normal.failures(), "the normal client was served throughout");
            assertEquals(slowCount, answered408, "every slow body got its 408");
            assertTrue(normal.latencies().size() > 50, "the normal client got through: " + normal);
        } finally {
            for (RawClient c : slow) {
                c.close();
            }
        }
    }

    /**
     * Slowloris: two hundred connections send a request head a byte every 200 ms, a header field
     * that never ends. The header timeout ends each, with a 408 and the close, while another
     * client is served. (TimeoutsTest has one trickled head; this is the storm of them.)
     */
    @Test
    void twoHundredTricklingHeadsAreEndedByTheHeaderTimeoutWhileOthersAreServed() throws Exception {
        int slowCount = 200;
        Duration headerTimeout = Duration.ofSeconds(2);
        List<Long> refusedAt = new CopyOnWriteArrayList<>();
        HttpServer server = echoLength(b -> b.headerTimeout(headerTimeout).maxConnections(4 * slowCount).refusals(r -> {
            if (r.status() == 408) {
                refusedAt.add(System.nanoTime());
            }
        }));
        InetSocketAddress address = (InetSocketAddress) server.address();
        List<RawClient> slow = new ArrayList<>();
        AtomicBoolean trickling = new AtomicBoolean(true);
        try {
            long sieged = System.nanoTime();
            for (int i = 0; i < slowCount; i++) {
                RawClient c = RawClient.connect(address);
                c.send("GET /slow HTTP/1.1\r\nHost: t\r\nX-Padding: ");
                slow.add(c);
            }
            Thread trickler = Thread.ofPlatform().daemon().start(() -> {
                while (trickling.get()) {
                    for (RawClient c : slow) {
                        c.trySend("p");
                    }
                    try {
                        Thread.sleep(200);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            // served while the heads trickle (on a slow machine, perhaps after: that is no failure)
            NormalClient normal = serveMeanwhile(address, headerTimeout.dividedBy(2));
            int answered408 = 0;
            for (RawClient c : slow) {
                c.timeout(Duration.ofSeconds(20));
                if (c.readResponse().status() == 408) {
                    answered408++;
                }
                c.assertClosedByServer();
            }
            long lastEnded = System.nanoTime() - sieged;
            trickling.set(false);
            trickler.interrupt();
            System.out.printf("slowloris: %d trickling heads, %d answered 408, all ended %d ms after the first connected; %s%n",
                    slowCount, answered408, Duration.ofNanos(lastEnded).toMillis(), normal);
            assertEquals(slowCount, answered408, "every trickling head got its 408, then the close");
            assertEquals(slowCount, refusedAt.size(), "each 408 was reported");
            assertTrue(lastEnded < Duration.ofSeconds(15).toNanos(), "all ended well within a few header timeouts");
            assertEquals(0, normal.failures(), "the normal client was served");
            assertFalse(normal.latencies().isEmpty(), "the normal client got through");
        } finally {
            trickling.set(false);
            for (RawClient c : slow) {
                c.close();
            }
        }
    }

    /** What a normal client got while a siege went on: its latencies (sorted), and its failures. */
    private record NormalClient(List<Long> latencies, int failures) {
        @Override
        public String toString() {
            long p50 = latencies.isEmpty() ? 0 : latencies.get(latencies.size() / 2);
            long p99 = latencies.isEmpty() ? 0
                    : latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1));
            return String.format(Locale.ROOT, "normal client %d requests, %d failed, p50 %.1f ms, p99 %.1f ms",
                    latencies.size(), failures, p50 / 1e6, p99 / 1e6);
        }
    }

    /**
     * A normal client for {@code length}: {@code POST /} with a 5-byte body, every 20 ms,
     * alternately on one kept connection and on a new one; each answer must be 200 and "5".
     */
    private static NormalClient serveMeanwhile(InetSocketAddress address, Duration length) throws Exception {
        List<Long> latencies = new ArrayList<>();
        int failures = 0;
        try (RawClient kept = RawClient.connect(address)) {
            long until = System.nanoTime() + length.toNanos();
            int i = 0;
            while (System.nanoTime() - until < 0) {
                long t0 = System.nanoTime();
                RawResponse r;
                if (i++ % 2 == 0) {
                    kept.send(Requests.withBody("POST", "/", "hello"));
                    r = kept.readResponse();
                } else {
                    try (RawClient fresh = RawClient.connect(address)) {
                        fresh.send(Requests.withBody("POST", "/", "hello"));
                        r = fresh.readResponse();
                    }
                }
                latencies.add(System.nanoTime() - t0);
                if (r.status() != 200 || !r.bodyText().equals("5")) {
                    failures++;
                }
                Thread.sleep(20);
            }
        }
        Collections.sort(latencies);
        return new NormalClient(latencies, failures);
    }

    @Test
    void aClientAddressOverItsLimitGetsAQuick503() throws Exception {
        HttpServer server = servers.start(b -> b.maxConnectionsPerAddress(2),
                ex -> ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII)));
        RawClient one = servers.connect(server);
        RawClient two = servers.connect(server);
        one.send(Requests.get("/one"));
        assertEquals("/one", one.readResponse().bodyText());
        two.send(Requests.get("/two"));
        assertEquals("/two", two.readResponse().bodyText());
        RawClient three = servers.connect(server);
        three.send(Requests.get("/three"));
        RawResponse r = three.readResponse();
        assertEquals(503, r.status());
        assertEquals("1", r.header("Retry-After"));
        three.assertClosedByServer();
        // the address's own connections go on; once one closes, a new one is taken
        one.send(Requests.get("/one-again"));
        assertEquals("/one-again", one.readResponse().bodyText());
        two.close();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        RawResponse four;
        do {
            RawClient c = servers.connect(server);
            c.send(Requests.get("/four"));
            four = c.readResponse();
        } while (four.status() == 503 && System.nanoTime() - deadline < 0 && sleep(20));
        assertEquals(200, four.status());
    }

    private static boolean sleep(long millis) throws InterruptedException {
        Thread.sleep(millis);
        return true;
    }

    @Test
    void refusalsBeforeTheHandlerAreReported() throws Exception {
        LinkedBlockingQueue<Refusal> refusals = new LinkedBlockingQueue<>();
        AtomicInteger handled = new AtomicInteger();
        HttpServer server = servers.start(b -> b.refusals(refusals::add).maxBodySize(10)
                        .headerTimeout(Duration.ofMillis(500)),
                ex -> {
                    handled.incrementAndGet();
                    ex.body().readAllBytes();
                    ex.send(200, new byte[0]);
                });

        RawClient bad = servers.connect(server);
        bad.send("GET /a b c HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(400, bad.readResponse().status());
        Refusal r400 = refusals.poll(5, TimeUnit.SECONDS);
        assertNotNull(r400);
        assertEquals(400, r400.status());
        assertTrue(r400.remote() instanceof InetSocketAddress a && a.getAddress().isLoopbackAddress(), r400::toString);
        assertTrue(!r400.reason().isBlank(), r400::toString);

        RawClient big = servers.connect(server);
        big.send("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n");
        assertEquals(413, big.readResponse().status());
        Refusal r413 = refusals.poll(5, TimeUnit.SECONDS);
        assertNotNull(r413);
        assertEquals(413, r413.status());
        assertEquals("POST /big HTTP/1.1", r413.requestLine());

        RawClient stalled = servers.connect(server);
        stalled.send("GET /stalled HTTP/1.1\r\nHo");
        RawResponse timeout = stalled.readResponse();
        assertEquals(408, timeout.status());
        Refusal r408 = refusals.poll(5, TimeUnit.SECONDS);
        assertNotNull(r408);
        assertEquals(408, r408.status());

        assertTrue(refusals.isEmpty(), refusals::toString);
    }

    @Test
    void aFailingRefusalListenerDoesNotHurtTheServer() throws Exception {
        HttpServer server = servers.start(b -> b.refusals(r -> {
            throw new IllegalStateException("listener broken");
        }), ex -> ex.send(200, new byte[0]));
        RawClient bad = servers.connect(server);
        bad.send("GET /a b c HTTP/1.1\r\nHost: t\r\n\r\n");
        assertEquals(400, bad.readResponse().status());
        RawClient good = servers.connect(server);
        good.send(Requests.get("/"));
        assertEquals(200, good.readResponse().status());
    }

    /** Requests many clients send while the server stops: each one it read is answered. */
    @Test
    void aStopUnderLoadAnswersEveryRequestItRead() throws Exception {
        for (int round = 0; round < 5; round++) {
            List<String> read = new CopyOnWriteArrayList<>();
            HttpServer server = servers.start(ex -> {
                read.add(ex.path());
                ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII));
            });
            InetSocketAddress address = (InetSocketAddress) server.address();
            int clients = 32;
            ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
            List<String> answered = new CopyOnWriteArrayList<>();
            CountDownLatch going = new CountDownLatch(clients);
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                done.add(pool.submit(() -> {
                    int i = 0;
                    going.countDown();
                    while (true) {
                        try (RawClient client = RawClient.connect(address)) {
                            client.timeout(Duration.ofSeconds(10));
                            while (true) {
                                String path = "/c" + id + "/r" + i++;
                                if (!client.trySend(Requests.get(path))) {
                                    break;
                                }
                                RawResponse r;
                                try {
                                    r = client.readResponse();
                                } catch (IOException | AssertionError e) {
                                    break; // closed: the request was not read, or it would be answered
                                }
                                assertEquals(path, r.bodyText());
                                answered.add(path);
                                if (r.saysClose()) {
                                    break;
                                }
                            }
                        } catch (IOException e) {
                            return null; // no longer accepting
                        }
                    }
                }));
            }
            going.await();
            Thread.sleep(300);
            server.stop(Duration.ofSeconds(5));
            for (Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
            pool.shutdown();
            List<String> lost = new ArrayList<>(read);
            lost.removeAll(answered);
            assertTrue(lost.isEmpty(), "round " + round + ": read but not answered: " + lost);
            assertTrue(answered.size() > clients, "round " + round + ": load ran: " + answered.size());
        }
    }
}
