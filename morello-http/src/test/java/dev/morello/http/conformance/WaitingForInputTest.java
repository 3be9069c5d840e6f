package dev.morello.http.conformance;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Between requests a connection waits without a thread, and mid-request its thread waits for the
 * client: every way input and room to write can arrive late is served the same as when it comes
 * at once.
 */
@Timeout(60)
@ParameterizedClass
@EnumSource(Transport.class)
class WaitingForInputTest {
    private static final byte[] LARGE = new byte[8 << 20];

    static {
        for (int i = 0; i < LARGE.length; i++) {
            LARGE[i] = (byte) (i * 31 + (i >>> 11));
        }
    }

    @RegisterExtension
    final TestServers servers;

    WaitingForInputTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient client() throws Exception {
        return servers.connect(servers.start(ex -> {
            switch (ex.path()) {
                case "/slow" -> {
                    Thread.sleep(300);
                    ex.send(200, "slow".getBytes(StandardCharsets.US_ASCII));
                }
                case "/large" -> ex.send(200, LARGE);
                default -> {
                    byte[] body = ex.body().readAllBytes();
                    ex.send(200, (ex.method() + " " + ex.path() + " " + body.length).getBytes(StandardCharsets.US_ASCII));
                }
            }
        }));
    }

    @Test
    void answersARequestThatArrivesWhileTheLastIsStillBeingServed() throws Exception {
        RawClient client = client();
        client.send(Requests.get("/slow"));
        Thread.sleep(100);
        client.send(Requests.get("/next"));
        assertEquals("slow", client.readResponse().bodyText());
        assertEquals("GET /next 0", client.readResponse().bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void answersRequestsAfterLongIdlePeriods() throws Exception {
        RawClient client = client();
        client.send(Requests.get("/first"));
        assertEquals("GET /first 0", client.readResponse().bodyText());
        // idle past the point where a connection gives its buffers back
        Thread.sleep(1600);
        String large = "GET /big-head HTTP/1.1\r\nHost: test\r\nX-Filler: " + "a".repeat(6000) + "\r\n\r\n";
        client.send(large);
        assertEquals("GET /big-head 0", client.readResponse().bodyText());
        Thread.sleep(1600);
        client.send(Requests.get("/a") + Requests.withBody("POST", "/b", "bee"));
        assertEquals("GET /a 0", client.readResponse().bodyText());
        assertEquals("POST /b 3", client.readResponse().bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void readsAHeadThatArrivesInPieces() throws Exception {
        RawClient client = client();
        String head = Requests.get("/pieces");
        for (int i = 0; i < head.length(); i += 7) {
            client.send(head.substring(i, Math.min(head.length(), i + 7)));
            Thread.sleep(20);
        }
        assertEquals("GET /pieces 0", client.readResponse().bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void readsABodyThatArrivesInPieces() throws Exception {
        RawClient client = client();
        client.send("POST /upload HTTP/1.1\r\nHost: test\r\nContent-Length: 5000\r\n\r\n");
        byte[] piece = new byte[500];
        Arrays.fill(piece, (byte) 'x');
        for (int i = 0; i < 10; i++) {
            Thread.sleep(40);
            client.send(piece);
        }
        assertEquals("POST /upload 5000", client.readResponse().bodyText());
        TestServers.assertStillServes(client);
    }

    @Test
    void sendsALargeResponseWholeToAClientThatReadsLate() throws Exception {
        RawClient client = client();
        client.send(Requests.get("/large"));
        // the send buffers fill and the server's thread waits for room
        Thread.sleep(500);
        client.timeout(Duration.ofSeconds(20));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertArrayEquals(LARGE, r.body());
        TestServers.assertStillServes(client);
    }

    @Test
    void servesManyConnectionsThatTakeTurns() throws Exception {
        var server = servers.start(ex -> ex.send(200, ex.path().getBytes(StandardCharsets.US_ASCII)));
        RawClient[] clients = new RawClient[50];
        for (int i = 0; i < clients.length; i++) {
            clients[i] = servers.connect(server);
        }
        for (int round = 0; round < 20; round++) {
            for (int i = 0; i < clients.length; i++) {
                clients[i].send(Requests.get("/c" + i + "r" + round));
            }
            for (int i = 0; i < clients.length; i++) {
                assertEquals("/c" + i + "r" + round, clients[i].readResponse().bodyText());
            }
        }
    }
}
