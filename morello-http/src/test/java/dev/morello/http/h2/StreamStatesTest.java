package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.FrameType;
import dev.morello.http.testing.TestServers;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 9113 §5.1: stream identifiers and states, the concurrency limit we advertise (§5.1.2),
 * resets from the client, and GOAWAY when the server stops (§6.8).
 */
@Timeout(60)
class StreamStatesTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    private final CountDownLatch release = new CountDownLatch(1);
    private final CountDownLatch started = new CountDownLatch(1);

    private HttpServer server() {
        return servers.start(b -> b.http2(true).shutdownTimeout(Duration.ofSeconds(5)), ex -> {
            if (ex.path().equals("/wait")) {
                started.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            if (ex.path().equals("/endless")) {
                try (OutputStream o = ex.start(200, -1)) {
                    while (true) {
                        o.write(new byte[1024]);
                        o.flush();
                    }
                }
            }
            ex.send(200, "done".getBytes(StandardCharsets.US_ASCII));
        });
    }

    @Test
    void anEvenStreamIdIsAConnectionError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(2, "/");
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.goAway());
        }
    }

    @Test
    void aStreamIdBelowOneAlreadyUsedIsAConnectionError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(5, "/");
            assertEquals(200, c.response(5).status());
            c.get(3, "/");
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.goAway());
        }
    }

    @Test
    void dataOnAnIdleStreamIsAConnectionError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.data(7, true, new byte[3]);
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.goAway());
        }
    }

    @Test
    void moreStreamsThanAdvertisedAreRefused() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            for (int i = 0; i < 100; i++) {
                c.get(1 + 2 * i, "/wait");
            }
            c.get(201, "/");
            assertEquals(ErrorCode.REFUSED_STREAM, c.await(FrameType.RST_STREAM, 201).errorCode());
            release.countDown();
            java.util.List<Integer> ids = java.util.stream.IntStream.range(0, 100).map(i -> 1 + 2 * i).boxed().toList();
            java.util.Map<Integer, H2Client.Response> all = c.responses(ids);
            for (int id : ids) {
                assertEquals("done", all.get(id).text());
            }
            c.get(203, "/");
            assertEquals(200, c.response(203).status());
        }
    }

    @Test
    void aStreamTheClientResetsEndsAndTheConnectionGoesOn() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/endless");
            c.await(FrameType.DATA, 1);
            c.rst(1, ErrorCode.CANCEL);
            c.get(3, "/");
            assertEquals("done", c.response(3).text());
        }
    }

    @Test
    void stoppingSendsGoAwayAndLetsStreamsInFlightFinish() throws Exception {
        HttpServer s = server();
        try (H2Client c = H2Client.open(s)) {
            c.get(1, "/wait");
            assertTrue(started.await(20, TimeUnit.SECONDS));
            Thread stopper = Thread.ofVirtual().start(s::stop);
            H2Client.Frame goAway = c.await(FrameType.GOAWAY, 0);
            assertEquals(ErrorCode.NO_ERROR, goAway.errorCode());
            assertEquals(1, H2Client.readInt(goAway.payload(), 0), "the last stream the server will serve");
            release.countDown();
            assertEquals("done", c.response(1).text());
            stopper.join();
        }
    }
}
