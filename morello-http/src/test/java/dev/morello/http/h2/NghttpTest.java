package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpHandler;
import dev.morello.http.HttpServer;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real client, nghttp (nghttp2's, Debian's nghttp2-client), against the server: h2c by prior
 * knowledge on plain TCP (RFC 9113 §3.3) and h2 by ALPN over TLS (§3.2), GETs and a POST larger
 * than the server's stream window, several requests on one connection, trailers both ways. The
 * tool is installed wherever the build runs (CI installs it): without it these tests fail.
 */
@Timeout(120)
class NghttpTest {
    @RegisterExtension
    final TestServers plain = new TestServers();

    @RegisterExtension
    final TestServers tls = new TestServers(Transport.TLS);

    @TempDir
    Path dir;

    /** The client ports the server saw requests come from: one connection, one port. */
    private final Set<Integer> clientPorts = ConcurrentHashMap.newKeySet();

    private final HttpHandler site = ex -> {
        clientPorts.add(((InetSocketAddress) ex.remoteAddress()).getPort());
        switch (ex.path()) {
            case "/upload" -> {
                MessageDigest sha = sha256();
                byte[] piece = new byte[8192];
                long total = 0;
                for (int n; (n = ex.body().read(piece)) > 0; ) {
                    sha.update(piece, 0, n);
                    total += n;
                }
                ex.send(200, ("got " + total + " sha256=" + HexFormat.of().formatHex(sha.digest()) + " trailer="
                        + ex.requestTrailers().get("x-sum") + "\n").getBytes(StandardCharsets.US_ASCII));
            }
            case "/trailers" -> {
                ex.responseHeaders().set("Trailer", "X-Checksum");
                try (OutputStream o = ex.start(200, -1)) {
                    o.write("body before trailers\n".getBytes(StandardCharsets.US_ASCII));
                    ex.responseTrailers().set("X-Checksum", "abc123");
                }
            }
            default -> ex.send(200, (ex.method() + " " + ex.target() + " " + ex.version() + " secure=" + ex.secure() + "\n")
                    .getBytes(StandardCharsets.US_ASCII));
        }
    };

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }

    private HttpServer h2c() {
        return plain.start(b -> b.http2(true), site);
    }

    private HttpServer h2() {
        return tls.start(b -> b.http2(true), site);
    }

    /** What nghttp wrote (standard output and error together), after checking it exited 0. */
    private static String nghttp(String... args) throws Exception {
        List<String> command = new ArrayList<>();
        command.add("nghttp");
        command.add("--timeout=30");
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("nghttp is needed for this test: install it (Debian: apt-get install nghttp2-client)", e);
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "nghttp did not finish");
        assertEquals(0, p.exitValue(), () -> String.join(" ", command) + "\n" + out);
        return out;
    }

    /** The :status values nghttp received, one per response, in order. */
    private static List<String> statuses(String verbose) {
        List<String> all = new ArrayList<>();
        Matcher m = Pattern.compile("recv \\(stream_id=\\d+\\) :status: (\\d+)").matcher(verbose);
        while (m.find()) {
            all.add(m.group(1));
        }
        return all;
    }

    private static String base(HttpServer s, String scheme) {
        return scheme + "://127.0.0.1:" + s.port();
    }

    @Test
    void getsAPageByPriorKnowledge() throws Exception {
        String out = nghttp(base(h2c(), "http") + "/a?q=1");
        assertEquals("GET /a?q=1 HTTP/2.0 secure=false\n", out);
    }

    @Test
    void getsAPageOverTlsByAlpn() throws Exception {
        String out = nghttp("-v", base(h2(), "https") + "/b");
        assertTrue(out.contains("GET /b HTTP/2.0 secure=true\n"), out);
        assertTrue(out.contains("h2 selected") || out.contains("negotiated protocol: h2"), out);
        assertEquals(List.of("200"), statuses(out));
    }

    @Test
    void severalRequestsShareOneConnection() throws Exception {
        HttpServer s = h2c();
        String out = nghttp("-nv", base(s, "http") + "/one", base(s, "http") + "/two", base(s, "http") + "/three");
        assertEquals(List.of("200", "200", "200"), statuses(out));
        assertEquals(1, clientPorts.size(), "every request came on one connection: " + clientPorts);
        Matcher m = Pattern.compile("send HEADERS frame <[^>]*stream_id=(\\d+)>").matcher(out);
        Set<String> streams = new TreeSet<>();
        while (m.find()) {
            streams.add(m.group(1));
        }
        assertEquals(3, streams.size(), "three streams: " + streams);
    }

    @Test
    void postsABodyLargerThanTheStreamWindowWithATrailer() throws Exception {
        byte[] body = new byte[3 << 20]; // three times the server's 1 MiB stream window
        for (int i = 0; i < body.length; i++) {
            body[i] = (byte) (i * 31 + (i >>> 11));
        }
        Path file = Files.write(dir.resolve("upload.bin"), body);
        String expected = "got " + body.length + " sha256=" + HexFormat.of().formatHex(sha256().digest(body)) + " trailer=abc\n";
        for (HttpServer s : List.of(h2c(), h2())) {
            String scheme = s.isTls() ? "https" : "http";
            String out = nghttp("-v", "-d", file.toString(), "--trailer=x-sum: abc", base(s, scheme) + "/upload");
            assertTrue(out.contains(expected), out);
            assertTrue(Pattern.compile("recv WINDOW_UPDATE frame <[^>]*stream_id=[1-9]").matcher(out).find(),
                    "the server gave the stream's window back as it read");
        }
    }

    @Test
    void showsTheResponseTrailers() throws Exception {
        String out = nghttp("-v", base(h2c(), "http") + "/trailers");
        assertTrue(out.contains("body before trailers\n"), out);
        // the trailers come after the body, in a HEADERS frame that ends the stream (flags END_STREAM | END_HEADERS)
        int data = out.indexOf("recv DATA frame");
        Matcher trailer = Pattern.compile("recv \\(stream_id=\\d+\\) x-checksum: abc123").matcher(out);
        assertTrue(data >= 0 && trailer.find() && trailer.start() > data, out);
        assertTrue(out.substring(data).contains("recv HEADERS frame <length="), out);
        assertTrue(Pattern.compile("recv HEADERS frame <[^>]*flags=0x05[^>]*>").matcher(out.substring(data)).find(), out);
    }
}
