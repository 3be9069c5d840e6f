package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.internal.h2.ErrorCode;
import dev.morello.http.internal.h2.FrameType;
import dev.morello.http.internal.h2.FrameWriter;
import dev.morello.http.internal.h2.Frames;
import dev.morello.http.internal.h2.WireBuffer;
import dev.morello.http.testing.TestServers;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * RFC 9113 §10.5: what a peer could make costly is bounded, each attack answered on its own
 * connection while the server keeps serving the others (checked after every test).
 */
@Timeout(60)
class DenialOfServiceTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    private final AtomicInteger handled = new AtomicInteger();
    private final CountDownLatch holding = new CountDownLatch(1);
    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    private HttpServer server() {
        server = servers.start(b -> b.http2(true), ex -> {
            handled.incrementAndGet();
            if (ex.path().equals("/hold")) {
                holding.countDown();
                release.await(30, TimeUnit.SECONDS);
            }
            ex.send(200, "fine".getBytes(StandardCharsets.US_ASCII));
        });
        return server;
    }

    @AfterEach
    void otherConnectionsAreStillServed() throws Exception {
        try (H2Client c = H2Client.open(server)) {
            c.get(1, "/");
            assertEquals("fine", c.response(1).text());
        }
    }

    @Test
    void rapidResetEndsWithEnhanceYourCalm() throws Exception {
        // CVE-2023-44487: streams opened and reset at once, many times a second
        try (H2Client c = H2Client.open(server())) {
            byte[] block = c.encodeBlock(":method", "GET", ":scheme", "http", ":path", "/");
            c.frames(b -> {
                for (int id = 1; id < 2 * 1000; id += 2) {
                    FrameWriter.headers(b, id, true, true, block, 0, block.length);
                    FrameWriter.rstStream(b, id, ErrorCode.CANCEL);
                }
            });
            assertEquals(ErrorCode.ENHANCE_YOUR_CALM, c.goAway());
        }
    }

    @Test
    void aFloodOfEmptyContinuationFramesIsRefused() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            byte[] block = c.encodeBlock(":method", "GET", ":scheme", "http", ":path", "/");
            c.frames(b -> {
                FrameWriter.headers(b, 1, true, false, block, 0, block.length);
                for (int i = 0; i < 10_000; i++) {
                    FrameWriter.continuation(b, 1, false, block, 0, 0);
                }
            });
            assertEquals(ErrorCode.ENHANCE_YOUR_CALM, c.goAway());
            assertEquals(0, handled.get());
        }
    }

    @Test
    void aHeaderBlockGrowingPastItsBoundIsRefused() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            byte[] filler = new byte[Frames.DEFAULT_MAX_FRAME_SIZE];
            c.frames(b -> {
                FrameWriter.headers(b, 1, true, false, filler, 0, filler.length);
                for (int i = 0; i < 20; i++) {
                    FrameWriter.continuation(b, 1, false, filler, 0, filler.length);
                }
            });
            assertEquals(ErrorCode.ENHANCE_YOUR_CALM, c.goAway());
        }
    }

    @Test
    void anHpackBombIsAnswered431AndTheConnectionGoesOn() throws Exception {
        // one 4 KB field put in the dynamic table, then named by its index 1,000 times: 4 MB decoded
        try (H2Client c = H2Client.open(server())) {
            WireBuffer bomb = new WireBuffer(2048);
            bomb.write(c.encodeBlock(":method", "GET", ":scheme", "http", ":path", "/"));
            bomb.writeByte(0x40); // literal with incremental indexing, new name (RFC 7541 §6.2.1)
            bomb.writeByte(1);
            bomb.writeLatin1("x");
            bomb.writeByte(0x7f); // a 7-bit prefix full: the length continues
            bomb.writeByte((4000 - 127) & 0x7f | 0x80);
            bomb.writeByte((4000 - 127) >>> 7);
            bomb.writeLatin1("a".repeat(4000));
            for (int i = 0; i < 1000; i++) {
                bomb.writeByte(0x80 | 62); // the newest dynamic entry
            }
            c.frames(b -> FrameWriter.headerBlock(b, 1, true, bomb.array(), 0, bomb.length(), Frames.DEFAULT_MAX_FRAME_SIZE));
            assertEquals(431, c.response(1).status());
            assertEquals(0, handled.get());
            c.get(3, "/");
            assertEquals("fine", c.response(3).text());
        }
    }

    @Test
    void aSettingsFloodEndsWithEnhanceYourCalm() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.frames(b -> {
                for (int i = 0; i < 1000; i++) {
                    FrameWriter.settings(b, List.of());
                }
            });
            assertEquals(ErrorCode.ENHANCE_YOUR_CALM, c.goAway());
        }
    }

    @Test
    void aPingFloodEndsWithEnhanceYourCalm() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.frames(b -> {
                for (int i = 0; i < 1000; i++) {
                    FrameWriter.ping(b, false, i);
                }
            });
            assertEquals(ErrorCode.ENHANCE_YOUR_CALM, c.goAway());
        }
    }

    // ---- stream identifiers (RFC 9113 §5.1.1) ------------------------------------------------------

    @Test
    void theLastStreamIdIsServedAndNoNewStreamMayFollowIt() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(Integer.MAX_VALUE, "/");
            assertEquals("fine", c.response(Integer.MAX_VALUE).text());
            // ids are exhausted: any new stream now reuses one (§5.1.1: the connection must end)
            c.get(1, "/");
            H2Client.Frame goAway = c.await(FrameType.GOAWAY, 0);
            assertEquals(ErrorCode.PROTOCOL_ERROR, goAway.errorCode());
            assertEquals(Integer.MAX_VALUE, H2Client.readInt(goAway.payload(), 0), "the last stream served");
            assertEquals(1, handled.get());
        }
    }

    @Test
    void theReservedBitCannotStretchAStreamIdPastTheLast() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(Integer.MAX_VALUE, "/");
            assertEquals("fine", c.response(Integer.MAX_VALUE).text());
            // §4.1: the reserved bit is ignored, so 0xffffffff is stream 2^31-1 again
            byte[] block = c.encodeBlock(":method", "GET", ":scheme", "http", ":path", "/");
            c.frames(b -> {
                b.writeMedium(block.length);
                b.writeByte(FrameType.HEADERS.code());
                b.writeByte(Frames.FLAG_END_STREAM | Frames.FLAG_END_HEADERS);
                b.writeInt(0xffff_ffff);
                b.write(block);
            });
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.goAway());
            assertEquals(1, handled.get());
        }
    }

    @Test
    void aStreamIdUsedBeforeIsAConnectionError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/");
            assertEquals("fine", c.response(1).text());
            c.get(1, "/");
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.goAway());
            assertEquals(1, handled.get());
        }
    }

    @Test
    void aStreamIdReusedWhileItsResponseIsStillToComeIsAConnectionError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.get(1, "/hold");
            assertTrue(holding.await(20, TimeUnit.SECONDS));
            c.get(1, "/"); // a new request on stream 1, half-closed (remote) and not yet answered
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.goAway());
            release.countDown();
            assertEquals(1, handled.get());
        }
    }

    @Test
    void aStreamIdTheServerResetCannotBeUsedAgain() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            c.headers(1, true, ":method", "GET", ":scheme", "http", ":path", "/", "connection", "close");
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.await(FrameType.RST_STREAM, 1).errorCode(), "malformed: reset");
            c.get(1, "/"); // the same id again, for a new request
            assertEquals(ErrorCode.PROTOCOL_ERROR, c.goAway());
            assertEquals(0, handled.get());
        }
    }

    @Test
    void streamIdsOutOfOrderAreAConnectionError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            byte[] block = c.encodeBlock(":method", "GET", ":scheme", "http", ":path", "/");
            c.frames(b -> {
                FrameWriter.headers(b, 7, true, true, block, 0, block.length);
                FrameWriter.headers(b, 3, true, true, block, 0, block.length);
            });
            H2Client.Frame goAway = c.await(FrameType.GOAWAY, 0);
            assertEquals(ErrorCode.PROTOCOL_ERROR, goAway.errorCode());
            assertEquals(7, H2Client.readInt(goAway.payload(), 0), "stream 7 was taken, stream 3 not");
        }
    }

    @Test
    void aFrameLargerThanOurMaximumIsAFrameSizeError() throws Exception {
        try (H2Client c = H2Client.open(server())) {
            byte[] big = new byte[Frames.DEFAULT_MAX_FRAME_SIZE + 1];
            c.frames(b -> {
                FrameWriter.frameHeader(b, big.length, FrameType.DATA.code(), 0, 1);
                b.write(big);
            });
            assertEquals(ErrorCode.FRAME_SIZE_ERROR, c.goAway());
        }
    }
}
