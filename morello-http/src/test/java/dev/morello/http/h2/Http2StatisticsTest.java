package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.ServerStatistics;
import dev.morello.http.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The server's counters over HTTP/2: one connection, its streams counted as requests (and as
 * HTTP/2 requests), a stream whose handler runs counted in flight, the frames' bytes both ways.
 */
@Timeout(60)
class Http2StatisticsTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    @Test
    void streamsAreRequestsOfOneHttp2Connection() throws Exception {
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        HttpServer server = servers.start(b -> b.http2(true), ex -> {
            if (ex.path().equals("/block")) {
                entered.countDown();
                release.await(20, TimeUnit.SECONDS);
            }
            ex.send(200, "ok".getBytes(StandardCharsets.US_ASCII));
        });
        try (H2Client c = H2Client.open(server)) {
            c.get(1, "/a");
            assertEquals(200, c.response(1).status());
            c.get(3, "/block");
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            ServerStatistics s = server.statistics();
            assertEquals(1, s.requestsRunning(), s::toString);
            release.countDown();
            assertEquals(200, c.response(3).status());
            s = server.statistics();
            assertEquals(1, s.http2Connections(), s::toString);
            assertEquals(2, s.requests(), s::toString);
            assertEquals(2, s.http2Requests(), s::toString);
            assertTrue(s.bytesRead() > 24, "the preface and the frames were read: " + s);
            assertTrue(s.bytesWritten() > 0, s::toString);
        } finally {
            release.countDown();
        }
    }
}
