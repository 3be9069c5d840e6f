package dev.morello.testing;

import dev.morello.Morello;
import dev.morello.engine.State;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the site on an ephemeral port for a test class, and talks to it over raw sockets.
 *
 * <pre>{@code
 * @BeforeAll static void serve() { Site.start(tree -> tree.mount(new Root())); }
 * @AfterAll static void stop() { Site.stop(); }
 * ... Site.Reply r = Site.get("/page"); assertEquals(200, r.status());
 * }</pre>
 */
public final class Site {
    private Site() {
    }

    /** Resets the site, lets the test mount what it needs, and starts the engine on a free port. */
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

    /** A response as read off the wire. */
    public record Reply(int status, String statusLine, Map<String, String> headers, byte[] bodyBytes, String raw) {
        public String body() {
            return new String(bodyBytes, StandardCharsets.UTF_8);
        }

        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    public static Reply get(String target) throws IOException {
        return request("GET " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n\r\n");
    }

    public static Reply get10(String target) throws IOException {
        return request("GET " + target + " HTTP/1.0\r\n\r\n");
    }

    public static Reply method(String method, String target) throws IOException {
        return request(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n\r\n");
    }

    public static Reply post(String target, String contentType, String body) throws IOException {
        byte[] b = body.getBytes(StandardCharsets.UTF_8);
        return request("POST " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nConnection: close\r\n"
                + "Content-Type: " + contentType + "\r\nContent-Length: " + b.length + "\r\n\r\n" + body);
    }

    public static Reply form(String target, String body) throws IOException {
        return post(target, "application/x-www-form-urlencoded", body);
    }

    /** Sends the exact request text and reads one response (the request should ask to close). */
    public static Reply request(String raw) throws IOException {
        return request(raw.getBytes(StandardCharsets.UTF_8), raw.startsWith("HEAD "));
    }

    public static Reply request(byte[] raw, boolean head) throws IOException {
        try (Socket s = new Socket("127.0.0.1", port())) {
            s.setSoTimeout((int) Duration.ofSeconds(10).toMillis());
            OutputStream out = s.getOutputStream();
            out.write(raw);
            out.flush();
            return read(s.getInputStream(), head);
        }
    }

    static Reply read(InputStream in, boolean head) throws IOException {
        ByteArrayOutputStream headBytes = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) {
                throw new IOException("connection closed before the response head ended: " + headBytes);
            }
            headBytes.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1
                    : c == '\r' ? 1 : 0;
        }
        String head0 = headBytes.toString(StandardCharsets.ISO_8859_1);
        String[] lines = head0.split("\r\n");
        String statusLine = lines[0];
        int status = Integer.parseInt(statusLine.substring(9, 12));
        Map<String, String> headers = new LinkedHashMap<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon > 0) {
                String name = lines[i].substring(0, colon).trim().toLowerCase(Locale.ROOT);
                String value = lines[i].substring(colon + 1).trim();
                headers.merge(name, value, (a, b) -> a + ", " + b);
            }
        }
        byte[] body;
        if (head || status == 204 || status == 304 || status < 200) {
            body = new byte[0];
        } else if ("chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            while (true) {
                String sizeLine = line(in);
                int semi = sizeLine.indexOf(';');
                int size = Integer.parseInt((semi < 0 ? sizeLine : sizeLine.substring(0, semi)).trim(), 16);
                if (size == 0) {
                    while (!line(in).isEmpty()) {
                        // trailers
                    }
                    break;
                }
                out.write(in.readNBytes(size));
                line(in);
            }
            body = out.toByteArray();
        } else if (headers.containsKey("content-length")) {
            body = in.readNBytes(Integer.parseInt(headers.get("content-length")));
        } else {
            body = in.readAllBytes();
        }
        return new Reply(status, statusLine, headers, body, head0);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0 && c != '\n') {
            if (c != '\r') {
                b.append((char) c);
            }
        }
        return b.toString();
    }
}
