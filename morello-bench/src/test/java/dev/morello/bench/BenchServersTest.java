package dev.morello.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpDate;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
    /** Morello's own servers send IMF-fixdate exactly (RFC 9110 §5.6.7): a two-digit day, always. */
    private static final Pattern IMF_FIXDATE = Pattern.compile(
            "(Mon|Tue|Wed|Thu|Fri|Sat|Sun), [0-3][0-9] (Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)"
                    + " [0-9]{4} [0-2][0-9]:[0-5][0-9]:[0-6][0-9] GMT");
    private static final Set<String> OURS = Set.of("morello", "morello-fw", "morello-fw-stats");

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
        assertServerAndDate(name, response);
    }

    @ParameterizedTest
    @FieldSource("SERVERS")
    void answersJsonSerializedPerRequest(String name) throws Exception {
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> response = get(name, "/json");
            assertEquals(200, response.statusCode());
            assertEquals("{\"message\":\"Hello, World!\"}", response.body());
            assertTrue(contentType(response).startsWith("application/json"), contentType(response));
            assertServerAndDate(name, response);
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

    /** The peer check reads every form a recipient should, whatever the day of the month. */
    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "Mon, 07 Dec 2026 04:07:25 GMT",
        "Mon, 7 Dec 2026 04:07:25 GMT",
        "Monday, 07-Dec-26 04:07:25 GMT",
        "Mon Dec  7 04:07:25 2026",
    })
    void readsEveryDateFormARecipientAccepts(String date) {
        assertEquals(Instant.parse("2026-12-07T04:07:25Z"), readDate(date, Instant.parse("2026-12-07T04:07:30Z")));
    }

    @Test
    void holdsOurServersToATwoDigitDay() {
        assertTrue(IMF_FIXDATE.matcher("Mon, 07 Dec 2026 04:07:25 GMT").matches());
        assertFalse(IMF_FIXDATE.matcher("Mon, 7 Dec 2026 04:07:25 GMT").matches());
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
        if (name.startsWith("morello-fw")) {
            // the framework serves one site a JVM (its engine and tree are the process's): the
            // other framework server, if one runs, stops first, and starts again when asked for
            for (String other : List.copyOf(running.keySet())) {
                if (other.startsWith("morello-fw")) {
                    running.remove(other).close();
                    ports.remove(other);
                }
            }
        }
        FreePorts.Started started = FreePorts.start(() -> BenchServer.named(name));
        running.put(name, started.server());
        ports.put(name, started.port());
        return started.port();
    }

    private static String contentType(HttpResponse<?> response) {
        return response.headers().firstValue("Content-Type").orElse("");
    }

    /**
     * What the bench needs of every server: a {@code Server} and a {@code Date} that a recipient
     * reads as the current time. Morello's own are held to IMF-fixdate; a peer's date may be any
     * form RFC 9110 §5.6.7 has recipients accept, or the RFC 5322 date it asks them to be robust
     * to (Helidon writes {@code Mon, 7 Dec 2026 ...}, a one-digit day).
     */
    private static void assertServerAndDate(String server, HttpResponse<?> response) {
        assertTrue(response.headers().firstValue("Server").filter(s -> !s.isBlank()).isPresent(), "Server header");
        String date = response.headers().firstValue("Date").orElse(null);
        assertNotNull(date, "Date header");
        Instant now = Instant.now();
        if (OURS.contains(server)) {
            assertTrue(IMF_FIXDATE.matcher(date).matches(), server + " sent a Date that is not an IMF-fixdate: " + date);
        }
        Instant sent = readDate(date, now);
        assertNotNull(sent, server + " sent a Date no recipient reads: " + date);
        // the current time, to within a minute: a wrong clock or time zone would show here
        long skew = Math.abs(Duration.between(sent, now).toSeconds());
        assertTrue(skew < 60, "Date is " + skew + " s off: " + date);
    }

    /** An HTTP-date in any of the three forms, or an RFC 5322 date-time; null when neither. */
    static Instant readDate(String date, Instant now) {
        Instant http = HttpDate.parse(date, now);
        if (http != null) {
            return http;
        }
        try {
            return ZonedDateTime.parse(date.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            return null;
        }
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
