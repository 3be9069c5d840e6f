package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A 2 GiB multipart upload to a site whose heap is capped at 64 MiB: the framework streams the
 * part to disk as it arrives, the handler reads it back whole, and the heap's peak stays far
 * below the upload's size.
 */
@Timeout(600)
class LargeUploadTest {
    private static final long SIZE = 2L << 30;
    private static final String BOUNDARY = "large-upload-boundary";

    @Test
    void twoGibibytesStreamToDiskThroughA64MibHeap() throws Exception {
        String tag = UUID.randomUUID().toString();
        List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"),
                "-Dmorello.test.tag=" + tag, "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), LargeUploadSite.class.getName());
        try (SiteProcess site = SiteProcess.wrap(command, tag)) {
            int port = site.awaitServing(1).port();
            byte[] block = new byte[64 * 1024];
            new Random(42).nextBytes(block);
            String head = "--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"big.bin\"\r\n"
                    + "Content-Type: application/octet-stream\r\n\r\n";
            String tail = "\r\n--" + BOUNDARY + "--\r\n";
            long length = head.length() + SIZE + tail.length();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long started = System.nanoTime();
            String body;
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
                s.setSoTimeout(300_000);
                OutputStream out = s.getOutputStream();
                out.write(("POST /upload HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n"
                        + "Content-Type: multipart/form-data; boundary=" + BOUNDARY + "\r\n"
                        + "Content-Length: " + length + "\r\n\r\n" + head).getBytes(StandardCharsets.US_ASCII));
                for (long sent = 0; sent < SIZE; sent += block.length) {
                    // each block differs from the last, so a block lost or repeated shows in the hash
                    block[(int) (sent / block.length % block.length)] ^= 1;
                    sha.update(block);
                    out.write(block);
                }
                out.write(tail.getBytes(StandardCharsets.US_ASCII));
                out.flush();
                InputStream in = s.getInputStream();
                String response = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                assertTrue(response.startsWith("HTTP/1.1 200 "), response);
                body = response.substring(response.indexOf("\r\n\r\n") + 4);
            }
            long seconds = Math.max(1, (System.nanoTime() - started) / 1_000_000_000L);
            String[] answer = body.trim().split(" ");
            assertEquals(Long.toString(SIZE), answer[0], "the part's size");
            assertEquals(HexFormat.of().formatHex(sha.digest()), answer[1], "the part's SHA-256");
            long peakUsed = Long.parseLong(answer[2]);
            long peakCommitted = Long.parseLong(answer[3]);
            long maxMiB = Long.parseLong(answer[4]);
            assertTrue(maxMiB <= 64, "the heap is capped: " + maxMiB + " MiB");
            assertTrue(peakUsed <= peakCommitted && peakCommitted <= maxMiB, "peak " + peakUsed + "/" + peakCommitted + " MiB");
            System.out.printf(Locale.ROOT, "2 GiB upload through a %d MiB heap: peak heap used %d MiB (committed %d MiB),"
                    + " %d s (%d MiB/s)%n", maxMiB, peakUsed, peakCommitted, seconds, (SIZE >> 20) / seconds);
        }
    }
}
