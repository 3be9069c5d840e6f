package dev.morello.logs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.testing.Site;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What the server refuses before the framework sees a request reaches the site's logs (an access
 * line in CherryPy's format, an error line with the reason, rate limited per address), and the
 * server's limits are set by {@code server.*} keys.
 */
@Timeout(60)
class ServerRefusalsTest {
    @TempDir
    Path dir;

    @AfterEach
    void reset() {
        Site.stop();
        Morello.reset();
    }

    private Path access;
    private Path errors;

    private void start(Map<String, Object> server) {
        access = dir.resolve("access.log");
        errors = dir.resolve("error.log");
        Site.start(() -> {
            Morello.config().update(Map.of("log.screen", false, "log.access_file", access.toString(),
                    "log.error_file", errors.toString()));
            Morello.config().update(server);
            Morello.tree().mount(new Pages());
        });
    }

    /** Sends bytes, returns the status line's code, or -1 when the connection ended without one. */
    private static int send(String raw) throws IOException {
        try (Socket s = new Socket("127.0.0.1", Site.port())) {
            s.setSoTimeout(15_000);
            s.getOutputStream().write(raw.getBytes(StandardCharsets.ISO_8859_1));
            return status(s.getInputStream());
        }
    }

    private static int status(InputStream in) throws IOException {
        byte[] head = new byte[12];
        int n = 0;
        int r;
        while (n < 12 && (r = in.read(head, n, 12 - n)) > 0) {
            n += r;
        }
        return n < 12 ? -1 : Integer.parseInt(new String(head, 9, 3, StandardCharsets.US_ASCII));
    }

    private static List<String> lines(Path file, String containing) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        List<String> found;
        do {
            found = Files.exists(file) ? Files.readAllLines(file).stream().filter(l -> l.contains(containing)).toList() : List.of();
            if (!found.isEmpty()) {
                return found;
            }
            Thread.sleep(20);
        } while (System.nanoTime() - deadline < 0);
        return found;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return e.toString();
        }
    }

    @Test
    void aMalformedRequestLeavesAnAccessLineAndAnErrorLineWithTheReason() throws Exception {
        start(Map.of());
        assertEquals(400, send("GET /a b c HTTP/1.1\r\nHost: t\r\n\r\n"));
        List<String> accessLines = lines(access, "\" 400 ");
        assertEquals(1, accessLines.size(), accessLines::toString);
        assertTrue(accessLines.get(0).matches("127\\.0\\.0\\.1 - - \\[\\d\\d/\\w{3}/\\d{4}:\\d\\d:\\d\\d:\\d\\d] \"\" 400 - \"\" \"\""),
                accessLines.get(0));
        List<String> errorLines = lines(errors, "Refused 400 to 127.0.0.1: ");
        assertEquals(1, errorLines.size(), errorLines::toString);
        assertTrue(errorLines.get(0).contains(" HTTP Refused 400"), errorLines.get(0));
    }

    @Test
    void aBodyOverTheLimitIsLoggedWithItsRequestLine() throws Exception {
        start(Map.of("server.max_request_body_size", 10));
        assertEquals(413, send("POST /page HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n"));
        List<String> accessLines = lines(access, "\"POST /page HTTP/1.1\" 413 -");
        assertEquals(1, accessLines.size(), accessLines::toString);
    }

    @Test
    void refusalsOfOneAddressAreRateLimited() throws Exception {
        start(Map.of());
        for (int i = 0; i < 40; i++) {
            assertEquals(400, send("GET /a b c HTTP/1.1\r\nHost: t\r\n\r\n"));
        }
        // the last refusal's line, if written, has been by the time the next request is served
        assertEquals(200, Site.get("/").status());
        Thread.sleep(200);
        assertEquals(10, Files.readAllLines(access).stream().filter(l -> l.contains("\" 400 ")).count(),
                "ten a window, the rest counted");
        assertEquals(10, Files.readAllLines(errors).stream().filter(l -> l.contains("Refused 400")).count());
    }

    @Test
    void maxRequestBodySizeZeroIsNoLimitAsInCherryPy() throws Exception {
        String overTheDefault = "POST / HTTP/1.1\r\nHost: t\r\nContent-Type: application/octet-stream\r\n"
                + "Content-Length: " + (100L * 1024 * 1024 + 1) + "\r\n\r\n";
        start(Map.of());
        assertEquals(413, send(overTheDefault), "100 MiB by default");
        Site.stop();
        start(Map.of("server.max_request_body_size", 0));
        assertTrue(Morello.server().httpServer().config().maxBodySize() == 0);
        // the head is taken: the handler answers without reading the body
        assertEquals(200, send(overTheDefault));
    }

    @Test
    void aBodyBelowTheMinimumRateIs408AndLogged() throws Exception {
        start(Map.of("server.socket_timeout", 2, "server.min_body_rate", 100));
        try (Socket s = new Socket("127.0.0.1", Site.port())) {
            s.setSoTimeout(15_000);
            OutputStream out = s.getOutputStream();
            out.write(("POST /page HTTP/1.1\r\nHost: t\r\nContent-Type: application/x-www-form-urlencoded\r\n"
                    + "Content-Length: 1000\r\n\r\nn=").getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            int sent = 2;
            while (sent < 1000 && in.available() == 0) {
                Thread.sleep(300);
                try {
                    out.write('x');
                } catch (IOException closed) {
                    break;
                }
                sent++;
            }
            assertEquals(408, status(in));
            assertTrue(sent < 100, sent + " bytes sent");
        }
        assertEquals(1, lines(access, "\"POST /page HTTP/1.1\" 408 ").size(), () -> read(access));
    }

    @Test
    void maxConnectionsPerAddressTurnsTheNextOneAwayWithA503() throws Exception {
        start(Map.of("server.max_connections_per_address", 1));
        try (Socket first = new Socket("127.0.0.1", Site.port())) {
            first.getOutputStream().write("GET / HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            assertEquals(200, status(first.getInputStream()));
            assertEquals(503, send("GET / HTTP/1.1\r\nHost: t\r\n\r\n"));
        }
        assertTrue(!lines(errors, "Refused 503 to 127.0.0.1: too many connections from one address").isEmpty());
    }

    @Test
    void aLimitOutOfRangeIsRefusedAtStart() {
        org.junit.jupiter.api.Assertions.assertThrows(RuntimeException.class,
                () -> start(Map.of("server.min_body_rate", -1)));
    }
}
