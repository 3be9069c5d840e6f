package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Who the instance believes, in the scale-out deployment: nginx (127.0.0.1) with the committed
 * {@code deploy/nginx.conf} sets {@code X-Forwarded-For}, {@code X-Forwarded-Host} and
 * {@code X-Forwarded-Proto} itself, so a client's own never reach the instance; and a client
 * that reaches the instance directly from another address cannot claim one, since the proxy tool
 * trusts only 127.0.0.1.
 */
@Timeout(300)
class ScaleOutProxyTrustTest {
    private static final String FORGED = "X-Forwarded-For: 203.0.113.66\r\nX-Forwarded-Host: evil.example\r\n"
            + "X-Forwarded-Proto: https\r\n";

    private static RedisProcess redis;
    private static SiteInstance instance;
    private static NginxProcess nginx;

    @BeforeAll
    static void deploy() throws Exception {
        redis = RedisProcess.start();
        instance = SiteInstance.launch("a", redis.url());
        int port = instance.awaitServing();
        // both upstream servers of the sample are this one instance
        nginx = NginxProcess.start(p -> ScaleOutEndToEndTest.sampleConfig(p, port, port));
    }

    @AfterAll
    static void undeploy() throws Exception {
        try (RedisProcess r = redis; SiteInstance i = instance; NginxProcess n = nginx) {
            // closed in reverse order: nginx, the instance, Redis
        }
    }

    /** A response: status, head and body. */
    private record Reply(int status, String head, String body) {
        String header(String name) {
            for (String line : head.split("\r\n")) {
                if (line.toLowerCase(Locale.ROOT).startsWith(name.toLowerCase(Locale.ROOT) + ":")) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    /** Sends {@code request} from the local address {@code from} to 127.0.0.1:{@code port}; reads the response to the close. */
    private static Reply send(String from, int port, String request) throws IOException {
        try (Socket s = new Socket()) {
            s.bind(new InetSocketAddress(InetAddress.getByName(from), 0));
            s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
            s.setSoTimeout(30_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            int end = all.indexOf("\r\n\r\n");
            assertTrue(end > 0, "no response head: " + all);
            return new Reply(Integer.parseInt(all.substring(9, 12)), all.substring(0, end), all.substring(end + 4));
        }
    }

    @Test
    void throughNginxTheClientsOwnForwardedHeadersNeverReachTheInstance() throws IOException {
        String host = "127.0.0.1:" + nginx.port();
        Reply r = send("127.0.0.1", nginx.port(), "GET /whoami HTTP/1.1\r\nHost: " + host + "\r\n" + FORGED
                + "Connection: close\r\n\r\n");
        assertEquals(200, r.status(), r.head() + "\n" + nginx.log());
        assertEquals("client 127.0.0.1\nbase http://" + host + "\nscheme http\ninstance a\n", r.body());
    }

    @Test
    void aLoginThroughNginxRedirectsToNginxWhateverTheClientClaims() throws IOException {
        String host = "127.0.0.1:" + nginx.port();
        String form = "username=alice&password=wonderland";
        Reply r = send("127.0.0.1", nginx.port(), "POST /login HTTP/1.1\r\nHost: " + host + "\r\n" + FORGED
                + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + form.length()
                + "\r\nConnection: close\r\n\r\n" + form);
        assertEquals(303, r.status(), r.head());
        assertEquals("http://" + host + "/", r.header("Location"));
        assertEquals("a", r.header("X-Instance"));
    }

    @Test
    void aClientReachingTheInstanceFromAnotherAddressCannotClaimOne() throws IOException {
        // All of 127.0.0.0/8 is this machine (Linux): a client bound to 127.0.0.2 is not the trusted proxy.
        String host = "127.0.0.1:" + instance.port();
        Reply r = send("127.0.0.2", instance.port(), "GET /whoami HTTP/1.1\r\nHost: " + host + "\r\n" + FORGED
                + "Connection: close\r\n\r\n");
        assertEquals(200, r.status(), r.head());
        assertEquals("client 127.0.0.2\nbase http://" + host + "\nscheme http\ninstance a\n", r.body());
    }

    @Test
    void theTrustedProxysHeadersAreBelieved() throws IOException {
        // the same request from 127.0.0.1, the address the instance trusts, as if nginx sent it
        String host = "127.0.0.1:" + instance.port();
        Reply r = send("127.0.0.1", instance.port(), "GET /whoami HTTP/1.1\r\nHost: " + host + "\r\n" + FORGED
                + "Connection: close\r\n\r\n");
        assertEquals(200, r.status(), r.head());
        assertEquals("client 203.0.113.66\nbase https://evil.example\nscheme https\ninstance a\n", r.body());
    }
}
