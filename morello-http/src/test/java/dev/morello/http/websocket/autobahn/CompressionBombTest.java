package dev.morello.http.websocket.autobahn;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A compression bomb: 100 MB of zeros deflated to about 100 KB, sent as one compressed message.
 * The server counts a message inflated and stops inflating at its limit (16 MiB by default), so
 * it refuses the message with 1009; run in a process whose heap is far smaller than the bomb,
 * the server survives it and goes on serving.
 */
@Timeout(60)
class CompressionBombTest {
    private static final long BOMB = 100_000_000;

    @Test
    void refusesACompressionBombWithinBoundedMemory() throws Exception {
        byte[] bomb = deflateZeros(BOMB);
        assertTrue(bomb.length < 200_000, "the bomb takes " + bomb.length + " bytes");
        try (EchoChild.Running child = EchoChild.start("64m")) {
            try (FrameClient c = FrameClient.connect(child.port(), "permessage-deflate")) {
                c.send(new Frame(true, Frame.RSV1, Frame.BINARY, bomb));
                c.expectClose(1009);
            }
            try (FrameClient after = FrameClient.connect(child.port())) {
                after.send(Frame.text("still serving"));
                after.expectText("still serving");
                after.closeNormally();
            }
            assertTrue(child.alive());
        }
    }

    /** {@code count} zeros deflated as one permessage-deflate message, fed a slice at a time. */
    private static byte[] deflateZeros(long count) {
        Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
        byte[] zeros = new byte[1 << 20];
        byte[] buf = new byte[64 * 1024];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            for (long fed = 0; fed < count; fed += zeros.length) {
                deflater.setInput(zeros, 0, (int) Math.min(zeros.length, count - fed));
                while (!deflater.needsInput()) {
                    out.write(buf, 0, deflater.deflate(buf, 0, buf.length, Deflater.NO_FLUSH));
                }
            }
            int n;
            do {
                n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
                out.write(buf, 0, n);
            } while (n == buf.length);
        } finally {
            deflater.end();
        }
        byte[] all = out.toByteArray();
        return Arrays.copyOf(all, all.length - 4); // RFC 7692 §7.2.1: without the flush's 00 00 FF FF
    }
}
