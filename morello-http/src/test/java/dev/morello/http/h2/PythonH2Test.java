package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.testing.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A second, independent HTTP/2 implementation as the client: Python's h2 package (Debian's
 * python3-h2, for {@code /usr/bin/python3}; CI installs it), driven by {@code h2_client.py} next
 * to this class's resources. It checks every frame the server sends against RFC 9113 as it reads
 * it, and sends its streams concurrently, with flow control both ways: an upload three times the
 * server's stream window, and a download larger than the client's. Without the package the test
 * fails, saying what to install.
 */
@Timeout(120)
class PythonH2Test {
    private static final String PYTHON = "/usr/bin/python3";
    private static final int UPLOAD = 3 << 20;
    private static final int BIG = 2 << 20;

    @RegisterExtension
    final TestServers servers = new TestServers();

    /** The four GETs of /together: each is answered once all four handlers run at once. */
    private final CountDownLatch together = new CountDownLatch(4);

    /** The client ports the server saw requests come from: one connection, one port. */
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    /** Byte {@code i} of the script's upload and of /big: 0, 1, ... 255, 0, 1 ... */
    private static byte[] pattern(int length) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) i;
        }
        return b;
    }

    private static String sha256(byte[] b) throws NoSuchAlgorithmException {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    private HttpServer server() {
        byte[] big = pattern(BIG);
        return servers.start(b -> b.http2(true), ex -> {
            clientPorts.add(((InetSocketAddress) ex.remoteAddress()).getPort());
            switch (ex.path()) {
                case "/together" -> {
                    together.countDown();
                    boolean all = together.await(30, TimeUnit.SECONDS);
                    ex.send(200, (all ? "together" : "alone").getBytes(StandardCharsets.US_ASCII));
                }
                case "/upload" -> {
                    byte[] body = ex.body().readAllBytes();
                    ex.send(200, ("got " + body.length + " sha256=" + sha256(body) + " trailer=" + ex.requestTrailers().get("x-sum"))
                            .getBytes(StandardCharsets.US_ASCII));
                }
                case "/big" -> {
                    try (OutputStream o = ex.start(200, -1)) {
                        o.write(big);
                        ex.responseTrailers().set("X-Checksum", "done");
                    }
                }
                default -> ex.send(404, new byte[0]);
            }
        });
    }

    private static Path script() throws URISyntaxException {
        return Path.of(PythonH2Test.class.getResource("h2_client.py").toURI());
    }

    @Test
    void concurrentStreamsAndFlowControlBothWaysWithPythonsH2() throws Exception {
        HttpServer s = server();
        Process p;
        try {
            p = new ProcessBuilder(PYTHON, script().toString(), Integer.toString(s.port())).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError(PYTHON + " is needed for this test (Debian: apt-get install python3 python3-h2)", e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the script did not finish");
        assertEquals(0, p.exitValue(), out);
        String expected = """
                stream 1: 200 together
                stream 3: 200 together
                stream 5: 200 together
                stream 7: 200 together
                stream 9: 200 got %d sha256=%s trailer=abc
                stream 11: 200 %d bytes sha256=%s trailers=x-checksum:done
                upload window updates: some
                """.formatted(UPLOAD, sha256(pattern(UPLOAD)), BIG, sha256(pattern(BIG)));
        assertEquals(expected, out);
        assertEquals(1, clientPorts.size(), "every stream came on one connection: " + clientPorts);
    }
}
