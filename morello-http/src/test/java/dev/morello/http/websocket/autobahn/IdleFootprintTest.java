package dev.morello.http.websocket.autobahn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * What an open WebSocket costs while it waits for the client's next frame: thousands held open
 * must weigh little on the heap. Weighed in a process of its own after full collections, so
 * nothing else in the test JVM counts; then every one of them must still echo.
 *
 * <p>The count is 2,000 here to keep the test quick; {@code -Dws.footprint.count=10000} weighs more.
 */
@Timeout(120)
class IdleFootprintTest {
    private static final int CONNECTIONS = Integer.getInteger("ws.footprint.count", 2000);
    /**
     * A bound with room: about 11 KiB measured (the session, its parked thread's stack, the
     * connection and the JDK's socket objects; the read buffer given back after a quiet second).
     * With the 8 KiB read buffer kept it was about 19 KiB.
     */
    private static final long MAX_BYTES_PER_CONNECTION = 16 * 1024;

    @Test
    void anOpenIdleWebSocketHoldsLittleHeap() throws Exception {
        List<FrameClient> clients = new ArrayList<>(CONNECTIONS);
        try (EchoChild.Running child = EchoChild.start("1g")) {
            try {
                // every code path a WebSocket takes has run once before the baseline is weighed
                try (FrameClient warm = FrameClient.connect(child.port())) {
                    warm.send(Frame.text("warm"));
                    warm.expectText("warm");
                    warm.closeNormally();
                }
                long before = child.heap();
                for (int i = 0; i < CONNECTIONS; i++) {
                    FrameClient c = FrameClient.connect(child.port());
                    clients.add(c);
                    c.send(Frame.text("c" + i));
                }
                // each has echoed once: its session is in its read loop, waiting
                for (int i = 0; i < CONNECTIONS; i++) {
                    clients.get(i).expectText("c" + i);
                }
                // past the second after which a quiet WebSocket gives its read buffer back
                Thread.sleep(2500);
                long after = child.heap();
                long perConnection = (after - before) / CONNECTIONS;
                System.out.println("an idle WebSocket holds " + perConnection + " bytes of heap (" + CONNECTIONS
                        + " connections, before " + before + ", after " + after + ")");
                assertTrue(perConnection < MAX_BYTES_PER_CONNECTION, "each idle WebSocket holds " + perConnection + " bytes");
                for (int i = 0; i < CONNECTIONS; i++) {
                    clients.get(i).send(Frame.text("again" + i));
                }
                for (int i = 0; i < CONNECTIONS; i++) {
                    clients.get(i).expectText("again" + i);
                }
            } finally {
                for (FrameClient c : clients) {
                    closeQuietly(c);
                }
            }
        }
    }

    private static void closeQuietly(FrameClient c) {
        try {
            c.close();
        } catch (IOException e) {
            // the child is going too
        }
    }
}
