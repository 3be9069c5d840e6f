package dev.morello;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Map;

/**
 * A site that takes uploads of any size, run with a small heap by {@link LargeUploadTest}: it
 * answers an upload with the part's size, its SHA-256 (read back from where the framework spooled
 * it), and the heap's peak so far and its cap, in MiB. The peak is sampled every 5 ms from the
 * start: the most the heap used, and the most it had committed (an upper bound of its footprint).
 */
public final class LargeUploadSite {
    private LargeUploadSite() {
    }

    public static class Root {
        @Expose
        public String upload(Part file) throws IOException, NoSuchAlgorithmException {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[64 * 1024];
            try (InputStream in = file.open()) {
                int n;
                while ((n = in.read(buffer)) > 0) {
                    sha.update(buffer, 0, n);
                }
            }
            return file.size() + " " + HexFormat.of().formatHex(sha.digest()) + " " + (peakUsed >> 20)
                    + " " + (peakCommitted >> 20) + " " + (Runtime.getRuntime().maxMemory() >> 20);
        }
    }

    private static volatile long peakUsed;
    private static volatile long peakCommitted;

    public static void main(String[] args) {
        Thread.ofPlatform().daemon().name("heap-sampler").start(() -> {
            Runtime rt = Runtime.getRuntime();
            while (true) {
                long committed = rt.totalMemory();
                long used = committed - rt.freeMemory();
                peakUsed = Math.max(peakUsed, used);
                peakCommitted = Math.max(peakCommitted, committed);
                try {
                    Thread.sleep(5);
                } catch (InterruptedException e) {
                    return;
                }
            }
        });
        Morello.quickstart(new Root(), "", Map.of("global", Map.of(
                "server.socket_host", "127.0.0.1",
                "server.socket_port", 0,
                "server.max_request_body_size", 0,
                "checker.on", false)));
    }
}
