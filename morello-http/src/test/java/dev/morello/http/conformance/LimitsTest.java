package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.http.ServerConfig;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The size limits that protect the server: request line (414), header section and field count
 * (431), body (413), each refused before anything reaches the handler, the body refused before it
 * is sent.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class LimitsTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    LimitsTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient client(Consumer<ServerConfig.Builder> config) throws Exception {
        return servers.connect(servers.start(config, capture));
    }

    /** {@code GET /xxx HTTP/1.1} exactly {@code length} bytes long, without its CRLF. */
    private static String requestLineOf(int length) {
        String fixed = "GET / HTTP/1.1";
        return "GET /" + "x".repeat(length - fixed.length()) + " HTTP/1.1";
    }

    // ---- request line ----------------------------------------------------------------------------

    @Test
    void servesARequestLineOfExactlyTheLimit() throws Exception {
        RawClient client = client(b -> b.maxRequestLine(1024));
        String line = requestLineOf(1024);
        client.send(line + "\r\nHost: test\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        assertEquals(line.substring(4, line.length() - 9), capture.next().target());
    }

    @ParameterizedTest
    @ValueSource(ints = {1025, 1100, 2000})
    void refusesALongerRequestLineWith414(int length) throws Exception {
        RawClient client = client(b -> b.maxRequestLine(1024));
        client.send(requestLineOf(length) + "\r\nHost: test\r\n\r\n");
        assertRefused(client, 414);
        capture.assertNotCalled();
    }

    @Test
    void refusesAnOverlongRequestLineBeforeItEnds() throws Exception {
        RawClient client = client(b -> b.maxRequestLine(1024));
        // No CRLF will ever come: the server must not wait for one.
        client.send("GET /" + "x".repeat(2000));
        assertRefused(client, 414);
        capture.assertNotCalled();
    }

    @Test
    void refusesAnOverlongMethodWith414() throws Exception {
        RawClient client = client(b -> b.maxRequestLine(1024));
        client.send("A".repeat(1500) + " / HTTP/1.1\r\nHost: test\r\n\r\n");
        assertRefused(client, 414);
        capture.assertNotCalled();
    }

    @Test
    void appliesTheDefaultRequestLineLimitOf8192() throws Exception {
        RawClient client = client(b -> { });
        client.send(requestLineOf(8192) + "\r\nHost: test\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        capture.next();
        RawClient second = client(b -> { });
        second.send(requestLineOf(8193) + "\r\nHost: test\r\n\r\n");
        assertRefused(second, 414);
    }

    // ---- header section --------------------------------------------------------------------------

    /** A head whose header section (field lines and the final CRLF) is exactly {@code size} bytes. */
    private static String headWithSectionOf(int size) {
        String host = "Host: test\r\n";
        String prefix = "X-Pad: ";
        int pad = size - host.length() - prefix.length() - 2 - 2;
        return "GET /h HTTP/1.1\r\n" + host + prefix + "p".repeat(pad) + "\r\n\r\n";
    }

    @Test
    void servesAHeaderSectionOfExactlyTheLimit() throws Exception {
        RawClient client = client(b -> b.maxHeaderSize(1024));
        client.send(headWithSectionOf(1024));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        capture.next();
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(ints = {1025, 2000, 3900})
    void refusesALargerHeaderSectionWith431(int size) throws Exception {
        RawClient client = client(b -> b.maxHeaderSize(1024));
        client.send(headWithSectionOf(size));
        assertRefused(client, 431);
        capture.assertNotCalled();
    }

    @Test
    void refusesManySmallFieldsAddingUpOverTheLimitWith431() throws Exception {
        // A high field limit, so that only the size limit can refuse the 150 fields (about 1.4 KB).
        RawClient client = client(b -> b.maxHeaderSize(1024).maxHeaderCount(1000));
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: test\r\n");
        for (int i = 0; i < 150; i++) {
            head.append("X-").append(i).append(": v\r\n");
        }
        client.send(head.append("\r\n").toString());
        assertRefused(client, 431);
        capture.assertNotCalled();
    }

    @Test
    void refusesAnOverlargeHeaderSectionBeforeItEnds() throws Exception {
        RawClient client = client(b -> b.maxHeaderSize(1024));
        client.send("GET / HTTP/1.1\r\nHost: test\r\nX-Endless: " + "e".repeat(3000));
        assertRefused(client, 431);
        capture.assertNotCalled();
    }

    @Test
    void appliesTheDefaultHeaderSectionLimitOf64KiB() throws Exception {
        RawClient client = client(b -> { });
        client.send(headWithSectionOf(64 * 1024));
        assertEquals(200, client.readResponse().status());
        RawClient second = client(b -> { });
        second.send(headWithSectionOf(64 * 1024 + 1));
        assertRefused(second, 431);
    }

    private static String headWithFields(int count) {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\nHost: test\r\n");
        for (int i = 1; i < count; i++) {
            head.append("X-F").append(i).append(": ").append(i).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    @Test
    void servesExactlyMaxHeaderCountFields() throws Exception {
        RawClient client = client(b -> b.maxHeaderCount(10));
        client.send(headWithFields(10));
        assertEquals(200, client.readResponse().status());
        assertEquals(10, capture.next().headers().size());
    }

    @Test
    void refusesMoreThanMaxHeaderCountFieldsWith431() throws Exception {
        RawClient client = client(b -> b.maxHeaderCount(10));
        client.send(headWithFields(11));
        assertRefused(client, 431);
        capture.assertNotCalled();
    }

    @Test
    void appliesTheDefaultHeaderCountOf100() throws Exception {
        RawClient client = client(b -> { });
        client.send(headWithFields(100));
        assertEquals(200, client.readResponse().status());
        RawClient second = client(b -> { });
        second.send(headWithFields(101));
        assertRefused(second, 431);
    }

    @Test
    void refusesAnOversizedTrailerSectionWith431() throws Exception {
        RawClient client = client(b -> b.maxHeaderSize(1024));
        client.send(Requests.chunked("/", "5\r\nhello\r\n0\r\nX-Big: " + "t".repeat(2000) + "\r\n\r\n"));
        assertRefused(client, 431);
        assertEquals(431, capture.next().bodyError().status());
    }

    @Test
    void refusesTooManyTrailerFieldsWith431() throws Exception {
        RawClient client = client(b -> b.maxHeaderCount(10));
        StringBuilder trailers = new StringBuilder();
        for (int i = 0; i < 11; i++) {
            trailers.append("X-T").append(i).append(": v\r\n");
        }
        client.send(Requests.chunked("/", "5\r\nhello\r\n0\r\n" + trailers + "\r\n"));
        assertRefused(client, 431);
        assertEquals(431, capture.next().bodyError().status());
    }

    // ---- body ------------------------------------------------------------------------------------

    @Test
    void refusesADeclaredLengthOverMaxBodySizeBeforeTheBodyIsSent() throws Exception {
        RawClient client = client(b -> b.maxBodySize(1000));
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: 1001\r\n\r\n");
        assertRefused(client, 413);
        capture.assertNotCalled();
    }

    @Test
    void servesABodyOfExactlyMaxBodySize() throws Exception {
        RawClient client = client(b -> b.maxBodySize(1000));
        client.send(Requests.withBody("POST", "/", "b".repeat(1000)));
        assertEquals(200, client.readResponse().status());
        assertEquals(1000, capture.next().body().length);
        TestServers.assertStillServes(client);
    }

    @Test
    void appliesTheDefaultBodyLimitOf100MiB() throws Exception {
        RawClient client = client(b -> { });
        client.send("POST / HTTP/1.1\r\nHost: test\r\nContent-Length: " + (100L * 1024 * 1024 + 1) + "\r\n\r\n");
        assertRefused(client, 413);
        capture.assertNotCalled();
    }

    @Test
    void hasNoBodyLimitWhenMaxBodySizeIsZero() throws Exception {
        RawClient client = client(b -> b.maxBodySize(0));
        String body = "z".repeat(300_000);
        client.send(Requests.withBody("POST", "/", body));
        assertEquals(200, client.readResponse().status());
        assertEquals(body, capture.next().bodyText());
    }
}
