package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedClass;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Host field (RFC 9112 §3.2, RFC 9110 §7.2): exactly one, a valid {@code uri-host [":" port]},
 * on every HTTP/1.1 request.
 */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class HostTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    HostTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient client() throws Exception {
        return servers.connect(servers.start(capture));
    }

    @Test
    void rejectsHttp11RequestWithoutHost() throws Exception {
        RawClient client = client();
        client.send("GET / HTTP/1.1\r\nAccept: */*\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void rejectsAbsoluteFormWithoutHostOnHttp11() throws Exception {
        // RFC 9112 §3.2: the Host field is required even when the target carries the authority.
        RawClient client = client();
        client.send("GET http://example.com/ HTTP/1.1\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> repeatedHosts() {
        return Stream.of(
                arguments(named("same value twice", new String[] {"Host: a.test", "Host: a.test"})),
                arguments(named("different values", new String[] {"Host: a.test", "Host: b.test"})),
                arguments(named("different case names", new String[] {"Host: a.test", "host: b.test"})),
                arguments(named("separated by another field", new String[] {"Host: a.test", "X: y", "HOST: a.test"})),
                arguments(named("second empty", new String[] {"Host: a.test", "Host:"})));
    }

    @ParameterizedTest
    @MethodSource("repeatedHosts")
    void rejectsMoreThanOneHost(String[] fieldLines) throws Exception {
        RawClient client = client();
        client.send("GET / HTTP/1.1\r\n" + String.join("\r\n", fieldLines) + "\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> invalidHosts() {
        return Stream.of(
                arguments(named("empty", "")),
                arguments(named("blank", "   ")),
                arguments(named("non-numeric port", "host:abc")),
                arguments(named("port with sign", "host:+80")),
                arguments(named("port too long", "host:123456")),
                arguments(named("two ports", "host:80:81")),
                arguments(named("port only", ":80")),
                arguments(named("bad IP literal", "[zz]")),
                arguments(named("two double colons", "[::1::2]")),
                arguments(named("nine groups", "[1:2:3:4:5:6:7:8:9]")),
                arguments(named("five-digit group", "[12345::1]")),
                arguments(named("single leading colon", "[:1]")),
                arguments(named("IPv4 literal in brackets", "[127.0.0.1]")),
                arguments(named("bad embedded IPv4", "[::ffff:300.0.0.1]")),
                arguments(named("empty IP literal", "[]")),
                arguments(named("unclosed IP literal", "[::1")),
                arguments(named("junk after IP literal", "[::1]x")),
                arguments(named("bad port after IP literal", "[::1]:x")),
                arguments(named("space inside", "a b")),
                arguments(named("userinfo", "u@h")),
                arguments(named("userinfo with password", "u:p@h")),
                arguments(named("path", "h/p")),
                arguments(named("query", "h?x")),
                arguments(named("fragment", "h#f")),
                arguments(named("backslash", "h\\x")),
                arguments(named("obs-text", "h\u00e9")),
                arguments(named("bad percent-encoding", "h%zz")),
                arguments(named("truncated percent-encoding", "h%4")));
    }

    @ParameterizedTest
    @MethodSource("invalidHosts")
    void rejectsInvalidHostValues(String host) throws Exception {
        RawClient client = client();
        client.send("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"example.com", "example.com:8080", "EXAMPLE.com", "127.0.0.1", "127.0.0.1:80", "[::1]",
        "[::1]:8080", "[2001:db8::1]", "[::ffff:192.0.2.1]:443", "[1::]", "[1:2:3:4:5:6:7:8]", "[::]",
        "[2001:db8::192.0.2.1]", "[ABCD:ef01::]", "xn--bcher-kva.example", "localhost:", "a-b_c~d.e",
        "h%41"})
    void acceptsValidHosts(String host) throws Exception {
        RawClient client = client();
        client.send("GET / HTTP/1.1\r\nHost: " + host + "\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        assertEquals(host, capture.next().host());
        TestServers.assertStillServes(client);
    }

    @Test
    void trimsWhitespaceAroundTheHost() throws Exception {
        RawClient client = client();
        client.send("GET / HTTP/1.1\r\nHost: \t example.com:81 \t\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        assertEquals("example.com:81", capture.next().host());
    }

    @Test
    void servesHttp10WithoutHost() throws Exception {
        RawClient client = client();
        client.send("GET /old HTTP/1.0\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertNull(capture.next().host());
        client.assertClosedByServer();
    }

    @Test
    void rejectsInvalidHostOnHttp10Too() throws Exception {
        RawClient client = client();
        client.send("GET / HTTP/1.0\r\nHost: a b\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void rejectsRepeatedHostOnHttp10Too() throws Exception {
        RawClient client = client();
        client.send("GET / HTTP/1.0\r\nHost: a\r\nHost: b\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void absoluteFormAuthorityOverridesHost() throws Exception {
        RawClient client = client();
        client.send("GET http://target.test:8443/x HTTP/1.1\r\nHost: field.test\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        Capture.Seen seen = capture.next();
        assertEquals("target.test:8443", seen.host());
        assertEquals("field.test", seen.header("Host"), "the field itself is still there to read");
    }
}
