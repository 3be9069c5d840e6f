package dev.morello.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.FieldSource;

/**
 * Every bench server answers the TechEmpower endpoints the same way: the same bodies and types,
 * a {@code Server} and a {@code Date}, 404 elsewhere, and pipelined requests in order. Each server
 * starts once for the class, on a free loopback port.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(20)
class BenchServersTest {
    static final List<String> SERVERS = BenchServer.NAMES;
    private static final DateTimeFormatter IMF_FIXDATE =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);

    private final Map<String, BenchServer> running = new HashMap<>();
    private final Map<String, Integer> ports = new HashMap<>();
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();

    @ParameterizedTest
    @FieldSource("SERVERS")
    void answersPlaintext(String name) throws Exception {
        HttpResponse<String> response = get(name, "/plaintext");
        assertEquals(200, response.statusCode());
        assertEquals("Hello, World!", response.body());
        assertTrue(contentType(response).startsWith("text/plain"), contentType(response));
        assertServerAndDate(response);
    }

    @ParameterizedTest
    @FieldSource("SERVERS")
    void answersJsonSerializedPerRequest(String name) throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get(name, "/json");
            assertEquals(200, response.statusCode());
            assertEquals("{\"message\":\"Hello, World!\"}", response.body());
            assertTrue(contentType(response).startsWith("application/json"), contentType(response));
            assertServerAndDate(response);
        }
    }

    @ParameterizedTest
    @FieldSource("SERVERS")
    void answersOtherPathsWith404(String name) throws Exception {
        assertEquals(404, get(name, "/plaintext/more").statusCode());
        assertEquals(404, get(name, "/").statusCode());
    }

    @ParameterizedTest
    @FieldSource("SERVERS")
    void answersPipelinedRequestsInOrderOnOneConnection(String name) throws Exception {
        int port = start(name);
        String one = "GET %s HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String batch = one.formatted("/plaintext") + one.formatted("/json") + one.formatted("/plaintext");
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
            socket.setSoTimeout(5000);
            socket.getOutputStream().write(batch.getBytes(StandardCharsets.US_ASCII));
            socket.getOutputStream().flush();
            InputStream in = socket.getInputStream();
            List<String> bodies = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                bodies.add(readBody(in));
            }
            assertEquals(List.of("Hello, World!", "{\"message\":\"Hello, World!\"}", "Hello, World!"), bodies);
        }
    }

    @AfterAll
    void stopServers() {
        running.values().forEach(BenchServer::close);
    }

    private HttpResponse<String> get(String name, String path) throws Exception {
        int port = start(name);
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofString());
    }

    /** Starts the server on first use and returns its port. */
    private int start(String name) throws Exception {
        Integer port = ports.get(name);
        if (port != null) {
            return port;
        }
        int free = freePort();
        BenchServer server = BenchServer.named(name);
        running.put(name, server);
        server.start("127.0.0.1", free);
        ports.put(name, free);
        return free;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    private static void assertServerAndDate(HttpResponse<?> response) {
        assertTrue(response.headers().firstValue("Server").filter(s -> !s.isBlank()).isPresent(), "Server header");
        String date = response.headers().firstValue("Date").orElse(null);
        assertNotNull(date, "Date header");
        // IMF-fixdate (RFC 9110 §5.6.7), and the current time to within a minute.
        ZonedDateTime sent = ZonedDateTime.parse(date, IMF_FIXDATE);
        long skew = Math.abs(Duration.between(sent, ZonedDateTime.now()).toSeconds());
        assertTrue(skew < 60, "Date is " + skew + " s off: " + date);
    }

    /** Reads one response framed by Content-Length and returns its body. */
    private static String readBody(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed within a response head");
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        assertTrue(text.startsWith("HTTP/1.1 200 "), text);
        int length = -1;
        for (String line : text.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).equalsIgnoreCase("Content-Length")) {
                length = Integer.parseInt(line.substring(colon + 1).trim());
            }
        }
        assertTrue(length >= 0, "no Content-Length in " + text);
        return new String(in.readNBytes(length), StandardCharsets.US_ASCII);
    }
}
