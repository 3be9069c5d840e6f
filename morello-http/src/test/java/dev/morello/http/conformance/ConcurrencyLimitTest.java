package dev.morello.http.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpExchange;
import dev.morello.http.HttpServer;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The limits on concurrent work: handlers running at once (CherryPy's thread pool, with a queue
 * and 503 beyond it) and open connections (extra ones wait in the backlog), and the threads
 * handlers run on.
 */
@Timeout(30)
class ConcurrencyLimitTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    /** A handler that blocks on {@code /block} until released. */
    private static final class Blocking {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        void handle(HttpExchange ex) throws Exception {
            if (ex.path().equals("/block")) {
                entered.countDown();
                if (!release.await(10, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            }
            ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void answers503WhenEveryHandlerIsBusyAndTheQueueIsFull() throws Exception {
        Blocking blocking = new Blocking();
        HttpServer server = servers.start(b -> b.maxConcurrentRequests(1).requestQueueSize(0), blocking::handle);
        RawClient first = servers.connect(server);
        try {
            first.send(Requests.get("/block"));
            assertTrue(blocking.entered.await(5, TimeUnit.SECONDS));
            RawClient second = servers.connect(server);
            second.send(Requests.get("/second"));
            RawResponse busy = second.readResponse();
            assertEquals(503, busy.status(), busy::toString);
            assertTrue(busy.header("Content-Type").startsWith("text/plain"), busy::toString);
            blocking.release.countDown();
            assertEquals("/block", first.readResponse().bodyText());
            // Once the handler is free the refused client's connection serves again.
            if (!busy.saysClose()) {
                second.send(Requests.get("/again"));
                assertEquals("/again", second.readResponse().bodyText());
            }
        } finally {
            blocking.release.countDown();
        }
    }

    @Test
    void queuesRequestsWhileTheQueueHasRoom() throws Exception {
        Blocking blocking = new Blocking();
        HttpServer server = servers.start(b -> b.maxConcurrentRequests(1).requestQueueSize(1), blocking::handle);
        try {
            RawClient first = servers.connect(server);
            first.send(Requests.get("/block"));
            assertTrue(blocking.entered.await(5, TimeUnit.SECONDS));
            RawClient queued = servers.connect(server);
            queued.send(Requests.get("/queued"));
            queued.assertSilentFor(Duration.ofMillis(200));
            RawClient third = servers.connect(server);
            third.send(Requests.get("/third"));
            assertEquals(503, third.readResponse().status(), "the queue holds one");
            blocking.release.countDown();
            assertEquals("/block", first.readResponse().bodyText());
            assertEquals("/queued", queued.readResponse().bodyText());
        } finally {
            blocking.release.countDown();
        }
    }

    @Test
    void atTheLimitTheLongestIdleConnectionMakesRoom() throws Exception {
        HttpServer server = servers.start(b -> b.maxConnections(2), ex -> ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII)));
        RawClient older = servers.connect(server);
        older.send(Requests.get("/older"));
        assertEquals("/older", older.readResponse().bodyText());
        Thread.sleep(20);
        RawClient newer = servers.connect(server);
        newer.send(Requests.get("/newer"));
        assertEquals("/newer", newer.readResponse().bodyText());
        RawClient third = servers.connect(server);
        third.send(Requests.get("/third"));
        assertEquals("/third", third.readResponse().bodyText(), "a new client is served, not starved");
        older.assertClosedByServer();
        newer.send(Requests.get("/newer-again"));
        assertEquals("/newer-again", newer.readResponse().bodyText(), "only the longest idle one was closed");
    }

    @Test
    void atTheLimitWithNoIdleConnectionANewOneGetsAQuick503() throws Exception {
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = servers.start(b -> b.maxConnections(1), ex -> {
            started.countDown();
            release.await(10, TimeUnit.SECONDS);
            ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII));
        });
        try {
            RawClient busy = servers.connect(server);
            busy.send(Requests.get("/busy"));
            assertTrue(started.await(5, TimeUnit.SECONDS));
            RawClient late = servers.connect(server);
            late.send(Requests.get("/late"));
            RawResponse r = late.readResponse();
            assertEquals(503, r.status());
            assertEquals("1", r.header("Retry-After"));
            assertTrue(r.saysClose(), r::toString);
            late.assertClosedByServer();
            release.countDown();
            assertEquals("/busy", busy.readResponse().bodyText(), "the busy connection is not disturbed");
        } finally {
            release.countDown();
        }
    }

    @Test
    void runsHandlersOnVirtualThreads() throws Exception {
        Capture capture = Capture.create();
        RawClient client = servers.connect(servers.start(capture));
        client.send(Requests.get("/"));
        assertEquals(200, client.readResponse().status());
        assertTrue(capture.next().virtualThread());
    }

    @Test
    void servesManyConcurrentConnections() throws Exception {
        HttpServer server = servers.start(ex -> {
            byte[] body = ex.body().readAllBytes();
            ex.send(200, body);
        });
        int clients = 40;
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            CountDownLatch go = new CountDownLatch(1);
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int id = c;
                results.add(pool.submit(() -> {
                    go.await();
                    int ok = 0;
                    try (RawClient client = RawClient.connect(server.address())) {
                        for (int i = 0; i < 10; i++) {
                            String body = "client " + id + " request " + i;
                            client.send(Requests.withBody("POST", "/", body));
                            RawResponse r = client.readResponse();
                            if (r.status() == 200 && r.bodyText().equals(body)) {
                                ok++;
                            }
                        }
                    }
                    return ok;
                }));
            }
            go.countDown();
            for (Future<Integer> f : results) {
                assertEquals(10, f.get(20, TimeUnit.SECONDS));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void limitsRunningHandlersToMaxConcurrentRequests() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        HttpServer server = servers.start(b -> b.maxConcurrentRequests(2), ex -> {
            int now = running.incrementAndGet();
            most.accumulateAndGet(now, Math::max);
            Thread.sleep(30);
            running.decrementAndGet();
            ex.send(200, new byte[0]);
        });
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        try {
            List<Future<Integer>> results = new ArrayList<>();
            for (int c = 0; c < 8; c++) {
                results.add(pool.submit(() -> {
                    try (RawClient client = RawClient.connect(server.address())) {
                        client.send(Requests.get("/"));
                        return client.readResponse().status();
                    }
                }));
            }
            for (Future<Integer> f : results) {
                assertEquals(200, f.get(20, TimeUnit.SECONDS), "the default queue holds the waiting requests");
            }
        } finally {
            pool.shutdownNow();
        }
        assertFalse(most.get() > 2, "at most two handlers at once, saw " + most.get());
    }
}
