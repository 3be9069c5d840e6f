package dev.morello.json.testing;

import dev.morello.Morello;
import dev.morello.engine.State;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Serves a site on an ephemeral port for one test class and sends it requests written out byte for
 * byte, so that a test controls the framing (a Content-Length, chunks, or a missing header).
 *
 * <pre>{@code
 * @BeforeAll static void serve() { TestSite.start(() -> Morello.tree().mount(new Root(), "", config)); }
 * @AfterAll static void stop() { TestSite.stop(); }
 * TestSite.Reply r = TestSite.post("/echo", "application/json", "{\"a\": 1}");
 * }</pre>
 */
public final class TestSite {
    private static final int TIMEOUT_MILLIS = 10_000;

    private TestSite() {
    }

    /** Resets the framework, lets the test mount its tree, and starts the engine on a free port. */
    public static void start(Runnable mount) {
        Morello.reset();
        Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
        mount.run();
        Morello.engine().start();
    }

    public static void stop() {
        if (Morello.engine().state() == State.STARTED) {
            Morello.engine().stop();
        }
    }

    public static int port() {
        return Morello.server().port();
    }

    /** The base URL, for {@code java.net.http.HttpClient}. */
    public static String url(String path) {
        return "http://127.0.0.1:" + port() + path;
    }

    /** A response as it came off the wire. */
    public record Reply(int status, Map<String, String> headers, byte[] bodyBytes) {
        public String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public static Reply get(String target) throws IOException {
        return send(head("GET", target) + "\r\n");
    }

    /** A POST with a Content-Length; a null content type sends no Content-Type header. */
    public static Reply post(String target, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        return send(head("POST", target) + (contentType == null ? "" : "Content-Type: " + contentType + "\r\n")
                + "Content-Length: " + bytes.length + "\r\n\r\n" + body);
    }

    /** A POST whose body is sent in chunks, one per piece, without a Content-Length. */
    public static Reply postChunked(String target, String contentType, String... pieces) throws IOException {
        StringBuilder b = new StringBuilder(head("POST", target));
        b.append("Content-Type: ").append(contentType).append("\r\nTransfer-Encoding: chunked\r\n\r\n");
        for (String piece : pieces) {
            int size = piece.getBytes(StandardCharsets.UTF_8).length;
            b.append(Integer.toHexString(size)).append("\r\n").append(piece).append("\r\n");
        }
        return send(b.append("0\r\n\r\n").toString());
    }

    private static String head(String method, String target) {
        return method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n";
    }

    /** Sends the request as written (it should ask to close) and reads the one response. */
    public static Reply send(String request) throws IOException {
        try (Socket socket = new Socket("127.0.0.1", port())) {
            socket.setSoTimeout(TIMEOUT_MILLIS);
            OutputStream out = socket.getOutputStream();
            out.write(request.getBytes(StandardCharsets.UTF_8));
            out.flush();
            return read(socket.getInputStream(), request.startsWith("HEAD "));
        }
    }

    private static Reply read(InputStream in, boolean head) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (String line = line(in); !line.isEmpty(); line = line(in)) {
            int colon = line.indexOf(':');
            headers.merge(line.substring(0, colon).trim().toLowerCase(Locale.ROOT), line.substring(colon + 1).trim(),
                    (a, b) -> a + ", " + b);
        }
        byte[] body;
        if (head || status == 204 || status == 304) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (int size = chunkSize(line(in)); size > 0; size = chunkSize(line(in))) {
                all.write(in.readNBytes(size));
                line(in);
            }
            while (!line(in).isEmpty()) {
                // trailer fields: none expected
            }
            body = all.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, headers, body);
    }

    private static int chunkSize(String line) {
        int semi = line.indexOf(';');
        return Integer.parseInt((semi < 0 ? line : line.substring(0, semi)).trim(), 16);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        for (int c = in.read(); c >= 0 && c != '\n'; c = in.read()) {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
