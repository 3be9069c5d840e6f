package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.morello.http.HttpServer;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.FrameType;
import dev.morello.http.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 9113 §5.1.2: MAX_CONCURRENT_STREAMS counts open and half-closed streams. A stream whose
 * response has ended (the request having ended before) is closed, even while its handler has
 * not returned yet: a client that keeps 100 streams in flight, opening one as another ends (as
 * h2load and browsers do), must never be refused. The handlers still finishing are bounded
 * apart (twice the limit).
 */
@Timeout(60)
class StreamConcurrencyTest {
    private static final int LIMIT = 100;

    @RegisterExtension
    final TestServers servers = new TestServers();

    /** Holds the handlers of /linger after their response is out. */
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void releaseHandlers() {
        release.countDown();
    }

    private HttpServer server() {
        return servers.start(b -> b.http2(true), ex -> {
            ex.send(200, "sent".getBytes(StandardCharsets.US_ASCII));
            if (ex.path().equals("/linger")) {
                release.await(30, TimeUnit.SECONDS);
            }
        });
    }

    /** Requests {@code path} on streams first, first + 2, ... and reads their responses. */
    private static Map<Integer, H2Client.Response> batch(H2Client c, int first, int count, String path) throws Exception {
        List<Integer> ids = IntStream.range(0, count).map(i -> first + 2 * i).boxed().toList();
        for (int id : ids) {
            c.get(id, path);
        }
        return c.responses(ids);
    }

    @Test
    void aStreamWhoseResponseEndedNoLongerCounts() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            Map<Integer, H2Client.Response> lingering = batch(c, 1, LIMIT, "/linger");
            // 100 handlers still run, but all 100 streams are closed: 100 more are served
            Map<Integer, H2Client.Response> next = batch(c, 1 + 2 * LIMIT, LIMIT, "/");
            for (Map<Integer, H2Client.Response> responses : List.of(lingering, next)) {
                for (H2Client.Response r : responses.values()) {
                    assertNull(r.reset());
                    assertEquals(200, r.status());
                    assertEquals("sent", r.text());
                }
            }
        }
    }

    @Test
    void handlersStillFinishingAreBoundedApart() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            batch(c, 1, LIMIT, "/linger");
            batch(c, 1 + 2 * LIMIT, LIMIT, "/linger");
            // 200 handlers still run: the next stream waits for one to return, then is refused,
            // though no stream is open
            int refused = 1 + 4 * LIMIT;
            c.get(refused, "/");
            assertEquals(ErrorCode.REFUSED_STREAM, c.await(FrameType.RST_STREAM, refused).errorCode());
            release.countDown();
            // once they return, streams are served again (the handlers end a moment after the latch)
            int id = refused + 2;
            H2Client.Response r;
            do {
                c.get(id, "/");
                r = c.response(id);
                id += 2;
            } while (r.reset() == ErrorCode.REFUSED_STREAM && id < refused + 2000);
            assertNull(r.reset());
            assertEquals(200, r.status());
        }
    }
}
