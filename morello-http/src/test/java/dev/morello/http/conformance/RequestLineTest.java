package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.http.HttpServer;
import dev.morello.http.HttpVersion;
import dev.morello.http.Leniency;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.Requests;
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

/** The request line (RFC 9112 §3): method, request-target forms, version, line endings, length. */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class RequestLineTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    RequestLineTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient connect(HttpServer server) throws Exception {
        return servers.connect(server);
    }

    // ---- method --------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"GET", "PURGE", "M-SEARCH", "X_CUSTOM", "MKCOL", "BREW", "!#$%&'*+-.^_`|~09"})
    void passesAnyUpperCaseMethodTokenToTheHandler(String method) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send(method + " /m HTTP/1.1\r\nHost: test\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        assertEquals(method, capture.next().method());
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "Get", "gET", "post", "m-search", "PROPfind", "brew"})
    void refusesMethodsWithLowerCaseLettersAsCherootDoes(String method) throws Exception {
        // RFC 9110 §9.1: methods are case-sensitive, so "get" is not GET but an unknown method;
        // every registered one is upper-case (§16.1.1). Cheroot answers 400 with these words.
        RawClient client = connect(servers.start(capture));
        client.send(method + " / HTTP/1.1\r\nHost: test\r\n\r\n");
        RawResponse r = assertRefused(client, 400);
        assertEquals("Malformed method name: According to RFC 2616 (section 5.1.1) and its successors RFC 7230"
                + " (section 3.1.1) and RFC 7231 (section 4.1) method names are case-sensitive and uppercase.",
                r.bodyText());
        capture.assertNotCalled();
    }

    @Test
    void refusesALowerCaseMethodWhereverTheRequestLineIsSplit() throws Exception {
        String request = "get /split HTTP/1.1\r\nHost: test\r\n\r\n";
        HttpServer server = servers.start(capture);
        for (int split = 1; split < request.length(); split++) {
            try (RawClient client = servers.open(server)) {
                client.send(request.substring(0, split));
                Thread.sleep(1);
                client.trySend(request.substring(split));
                RawResponse r = client.readResponse();
                assertEquals(400, r.status(), "split at " + split + ": " + r);
                assertTrue(r.bodyText().startsWith("Malformed method name"), "split at " + split + ": " + r);
            }
        }
        capture.assertNotCalled();
    }

    @Test
    void refusesALowerCaseMethodWithAnUnsupportedVersionWith505AsCherootDoes() throws Exception {
        // Cheroot checks the version before the method's case.
        RawClient client = connect(servers.start(capture));
        client.send("get / HTTP/2.0\r\nHost: test\r\n\r\n");
        assertRefused(client, 505);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"get", "Get", "m-search", "!#$%&'*+-.^_`|~09az"})
    void passesLowerCaseMethodsCasePreservedWithLeniency(String method) throws Exception {
        RawClient client = connect(servers.start(b -> b.allow(Leniency.LOWER_CASE_METHODS), capture));
        client.send(method + " /m HTTP/1.1\r\nHost: test\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        assertEquals(method, capture.next().method(), "a method stays case-sensitive for the handler");
        TestServers.assertStillServes(client);
    }

    static Stream<Arguments> malformedMethods() {
        return Stream.of(
                arguments(named("empty method", " / HTTP/1.1")),
                arguments(named("parenthesis", "G(T / HTTP/1.1")),
                arguments(named("slash", "GE/T / HTTP/1.1")),
                arguments(named("at sign", "G@T / HTTP/1.1")),
                arguments(named("NUL", "GE\0T / HTTP/1.1")),
                arguments(named("obs-text", "G\u00c9T / HTTP/1.1")),
                arguments(named("colon", "GET: / HTTP/1.1")));
    }

    @ParameterizedTest
    @MethodSource("malformedMethods")
    void rejectsMethodsThatAreNotTokens(String line) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send(line + "\r\nHost: test\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    // ---- request-target forms ------------------------------------------------------------------

    @Test
    void servesOriginFormWithPathAndQuery() throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send(Requests.get("/a/b%20c?x=1&y=%41"));
        assertEquals(200, client.readResponse().status());
        Capture.Seen seen = capture.next();
        assertEquals("/a/b%20c?x=1&y=%41", seen.target());
        assertEquals("/a/b%20c", seen.path());
        assertEquals("x=1&y=%41", seen.query());
        assertEquals("test", seen.host());
    }

    @Test
    void originFormWithoutQueryHasEmptyQuery() throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send(Requests.get("/plain"));
        assertEquals(200, client.readResponse().status());
        Capture.Seen seen = capture.next();
        assertEquals("/plain", seen.path());
        assertEquals("", seen.query());
    }

    @Test
    void absoluteFormAuthorityOverridesHost() throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("GET http://example.com:8080/p?q HTTP/1.1\r\nHost: other.test\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        Capture.Seen seen = capture.next();
        assertEquals("http://example.com:8080/p?q", seen.target());
        assertEquals("/p", seen.path());
        assertEquals("q", seen.query());
        assertEquals("example.com:8080", seen.host());
        TestServers.assertStillServes(client);
    }

    @Test
    void absoluteFormAcceptsAnIpLiteralHost() throws Exception {
        // RFC 9112 §3.2.2: absolute-form is absolute-URI, whose authority may be an IP-literal
        // (RFC 3986 §3.2.2): the brackets are part of the grammar.
        RawClient client = connect(servers.start(capture));
        client.send("GET http://[::1]:8080/p?q HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        Capture.Seen seen = capture.next();
        assertEquals("/p", seen.path());
        assertEquals("[::1]:8080", seen.host());
    }

    @Test
    void passesAuthorityFormConnectWithAnIpLiteralToTheHandler() throws Exception {
        // RFC 9112 §3.2.3: authority-form = uri-host ":" port, and uri-host may be an IP-literal.
        Capture connect = Capture.replying(ex -> ex.send(405, new byte[0]));
        RawClient client = connect(servers.start(connect));
        client.send("CONNECT [2001:db8::1]:443 HTTP/1.1\r\nHost: [2001:db8::1]:443\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(405, r.status(), r::toString);
        assertEquals("[2001:db8::1]:443", connect.next().host());
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://example.com", "http://example.com?x=1", "HTTP://Example.com", "https://example.com"})
    void absoluteFormWithoutPathHasRootPath(String target) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("GET " + target + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        Capture.Seen seen = capture.next();
        assertEquals("/", seen.path());
        assertEquals(target.contains("?") ? "x=1" : "", seen.query());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "http://user@example.com/", "http://user:pw@example.com/", "http:///p", "http://", "ftp://example.com/",
        "example.com/p", "../secret", "http://exa mple.com/", "http://[zz]/", "http://example.com:80a/"})
    void rejectsMalformedAbsoluteForms(String target) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("GET " + target + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void servesAsteriskFormForOptions() throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("OPTIONS * HTTP/1.1\r\nHost: test\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        Capture.Seen seen = capture.next();
        assertEquals("*", seen.target());
        assertEquals("*", seen.path());
        assertEquals("", seen.query());
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "HEAD", "POST", "options", "CONNECT"})
    void rejectsAsteriskFormWithOtherMethods(String method) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send(method + " * HTTP/1.1\r\nHost: test\r\n\r\n");
        // For HEAD, assertRefused also shows no body follows the head: the server must close
        // right after it (RFC 9110 §9.3.2: no content in a response to HEAD, error or not).
        assertRefused(client, 400, method.equals("HEAD"));
        capture.assertNotCalled();
    }

    @Test
    void sendsNoFramingFieldsInA2xxResponseToConnect() throws Exception {
        // RFC 9110 §9.3.6: a server MUST NOT send Content-Length or Transfer-Encoding in a 2xx
        // response to CONNECT; after its head the connection is a tunnel, not HTTP, so a server
        // that cannot tunnel must end it rather than read it as further requests.
        Capture connect = Capture.replying(ex -> ex.send(200, new byte[0]));
        RawClient client = connect(servers.start(connect));
        client.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        RawResponse r = client.readHeadResponse();
        assertEquals(200, r.status(), r::toString);
        assertNull(r.header("Content-Length"), r::toString);
        assertNull(r.header("Transfer-Encoding"), r::toString);
        client.assertClosedByServer();
    }

    @Test
    void passesAuthorityFormConnectToTheHandler() throws Exception {
        Capture connect = Capture.replying(ex -> ex.send(405, new byte[0]));
        RawClient client = connect(servers.start(connect));
        client.send("CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n");
        assertEquals(405, client.readResponse().status());
        Capture.Seen seen = connect.next();
        assertEquals("CONNECT", seen.method());
        assertEquals("example.com:443", seen.target());
        assertEquals("example.com:443", seen.path());
        assertEquals("example.com:443", seen.host());
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "OPTIONS"})
    void rejectsAuthorityFormWithoutConnect(String method) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send(method + " example.com:443 HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/", "/path", "example.com", "example.com:", "user@example.com:443", "http://example.com:443/",
        "[zz]:443", "example.com:99999999"})
    void rejectsConnectWithoutHostAndPort(String target) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("CONNECT " + target + " HTTP/1.1\r\nHost: example.com\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> badTargetBytes() {
        return Stream.of(
                arguments(named("NUL", "/a\0b")),
                arguments(named("DEL", "/a\u007fb")),
                arguments(named("SOH", "/a\u0001b")),
                arguments(named("less-than", "/a<b")),
                arguments(named("greater-than", "/a>b")),
                arguments(named("double quote", "/a\"b")),
                arguments(named("open brace", "/a{b")),
                arguments(named("close brace", "/a}b")),
                arguments(named("pipe", "/a|b")),
                arguments(named("backslash", "/a\\b")),
                arguments(named("caret", "/a^b")),
                arguments(named("backtick", "/a`b")),
                arguments(named("obs-text 0x80", "/a\u0080b")),
                arguments(named("obs-text 0xFF", "/a\u00ffb")),
                arguments(named("fragment", "/a#frag")),
                arguments(named("fragment in absolute-form", "http://example.com/a#frag")),
                arguments(named("space inside", "/a b")),
                arguments(named("percent then letters", "/a%zz")),
                arguments(named("percent then one digit at end", "/a%4")),
                arguments(named("percent then one hex digit", "/a%4g")),
                arguments(named("lone percent", "/%")),
                arguments(named("percent in query", "/a?q=%x1")),
                arguments(named("brackets in path", "/a[b]")),
                arguments(named("brackets in query", "/a?q=[1]")),
                arguments(named("brackets in absolute-form path", "http://example.com/[x]")));
    }

    @ParameterizedTest
    @MethodSource("badTargetBytes")
    void rejectsInvalidTargets(String target) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%41%2f%2F%e9", "/a;b=c,d!$&'()*+", "/~user/_x-y.z", "/a/b?x=/?:@", "/@:"})
    void acceptsValidTargetCharacters(String target) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send(Requests.get(target));
        assertEquals(200, client.readResponse().status());
        assertEquals(target, capture.next().target());
    }

    @Test
    void acceptsUnencodedTargetCharactersWithLeniency() throws Exception {
        RawClient client = connect(servers.start(b -> b.allow(Leniency.UNENCODED_TARGET_CHARACTERS), capture));
        client.send(Requests.get("/a<b>\"c\"{d}|e\\f^g`h"));
        assertEquals(200, client.readResponse().status());
        assertEquals("/a<b>\"c\"{d}|e\\f^g`h", capture.next().path());
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/a\0b", "/a\u007fb", "/a#b", "/a\u00e9b"})
    void refusesControlsFragmentsAndObsTextEvenWithLeniency(String target) throws Exception {
        RawClient client = connect(servers.start(b -> b.allow(Leniency.UNENCODED_TARGET_CHARACTERS), capture));
        client.send("GET " + target + " HTTP/1.1\r\nHost: test\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void refusesATlsHandshakeAtOnce() throws Exception {
        // A TLS ClientHello sent to the plain port: no CRLF will come, so refuse on the first byte.
        RawClient client = connect(servers.start(capture));
        client.send(new byte[] {0x16, 0x03, 0x01, 0x00, (byte) 0xa5, 0x01, 0x00, 0x00, (byte) 0xa1, 0x03, 0x03});
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void refusesTheHttp2PrefaceWith505() throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n");
        assertRefused(client, 505);
        capture.assertNotCalled();
    }

    // ---- version -------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.0", "HTTP/1.1"})
    void servesHttp10AndHttp11(String version) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("GET /v " + version + "\r\nHost: test\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertEquals("HTTP/1.1", r.version(), "a server answers with its own version (RFC 9110 §6.2)");
        assertEquals(HttpVersion.of(version), capture.next().version());
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/1.2", "HTTP/1.9"})
    void servesHigherMinorVersionsAsHttp11(String version) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("GET /v " + version + "\r\nHost: test\r\n\r\n");
        RawResponse r = client.readResponse();
        assertEquals(200, r.status());
        assertFalse(r.saysClose(), "served as 1.1, the connection persists");
        assertEquals(HttpVersion.HTTP_1_1, capture.next().version());
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"HTTP/2.0", "HTTP/0.9", "HTTP/3.0", "HTTP/9.1", "HTTP/0.0"})
    void refusesOtherMajorVersionsWith505(String version) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("GET / " + version + "\r\nHost: test\r\n\r\n");
        assertRefused(client, 505);
        capture.assertNotCalled();
    }

    static Stream<Arguments> malformedRequestLines() {
        return Stream.of(
                arguments(named("two spaces after method", "GET  / HTTP/1.1")),
                arguments(named("two spaces before version", "GET /  HTTP/1.1")),
                arguments(named("leading space", " GET / HTTP/1.1")),
                arguments(named("trailing space", "GET / HTTP/1.1 ")),
                arguments(named("tab after method", "GET\t/ HTTP/1.1")),
                arguments(named("tab before version", "GET /\tHTTP/1.1")),
                arguments(named("lowercase protocol", "GET / http/1.1")),
                arguments(named("mixed-case protocol", "GET / Http/1.1")),
                arguments(named("no minor version", "GET / HTTP/1")),
                arguments(named("empty minor version", "GET / HTTP/1.")),
                arguments(named("empty major version", "GET / HTTP/.1")),
                arguments(named("trailing garbage", "GET / HTTP/1.1x")),
                arguments(named("two-digit major", "GET / HTTP/11.1")),
                arguments(named("two-digit minor", "GET / HTTP/1.10")),
                arguments(named("comma for dot", "GET / HTTP/1,1")),
                arguments(named("no slash", "GET / HTTP1.1")),
                arguments(named("missing version", "GET /")),
                arguments(named("missing version after space", "GET / ")),
                arguments(named("missing target", "GET HTTP/1.1")),
                arguments(named("empty target", "GET  HTTP/1.1")),
                arguments(named("only a method", "GET")),
                arguments(named("four parts", "GET / HTTP/1.1 extra")),
                arguments(named("bare CR inside", "GET /\r HTTP/1.1")),
                arguments(named("NUL after version", "GET / HTTP/1.1\0")));
    }

    @ParameterizedTest
    @MethodSource("malformedRequestLines")
    void rejectsMalformedRequestLines(String line) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send(line + "\r\nHost: test\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    // ---- line endings and leading empty lines ---------------------------------------------------

    static Stream<Arguments> badLineEndings() {
        return Stream.of(
                arguments(named("bare CR after request line", "GET / HTTP/1.1\rHost: test\r\n\r\n")),
                arguments(named("bare LF after request line", "GET / HTTP/1.1\nHost: test\r\n\r\n")),
                arguments(named("bare LF everywhere", "GET / HTTP/1.1\nHost: test\n\n")),
                arguments(named("bare CR everywhere", "GET / HTTP/1.1\rHost: test\r\r")),
                arguments(named("LF CR", "GET / HTTP/1.1\n\rHost: test\r\n\r\n")),
                arguments(named("bare LF leading line", "\nGET / HTTP/1.1\r\nHost: test\r\n\r\n")),
                arguments(named("bare CR leading line", "\rGET / HTTP/1.1\r\nHost: test\r\n\r\n")));
    }

    @ParameterizedTest
    @MethodSource("badLineEndings")
    void rejectsLinesNotEndedByCrlf(String request) throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send(request);
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> bareLfRequests() {
        return Stream.of(
                arguments(named("bare LF everywhere", "GET /lf HTTP/1.1\nHost: test\n\n")),
                arguments(named("bare LF after request line", "GET /lf HTTP/1.1\nHost: test\r\n\r\n")),
                arguments(named("bare LF ending the head", "GET /lf HTTP/1.1\r\nHost: test\r\n\n")),
                arguments(named("bare LF leading line", "\nGET /lf HTTP/1.1\nHost: test\n\n")));
    }

    @ParameterizedTest
    @MethodSource("bareLfRequests")
    void servesBareLfLineEndingsWithLeniency(String request) throws Exception {
        RawClient client = connect(servers.start(b -> b.allow(Leniency.BARE_LF_LINE_ENDINGS), capture));
        client.send(request);
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        Capture.Seen seen = capture.next();
        assertEquals("/lf", seen.target());
        assertEquals("test", seen.header("Host"));
        TestServers.assertStillServes(client);
    }

    @Test
    void refusesBareCrEvenWithBareLfLeniency() throws Exception {
        RawClient client = connect(servers.start(b -> b.allow(Leniency.BARE_LF_LINE_ENDINGS), capture));
        client.send("GET / HTTP/1.1\rHost: test\n\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void skipsOneLeadingEmptyLine() throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("\r\nGET /after-empty-line HTTP/1.1\r\nHost: test\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        assertEquals("/after-empty-line", capture.next().target());
        TestServers.assertStillServes(client);
    }

    @Test
    void rejectsTwoLeadingEmptyLines() throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("\r\n\r\nGET / HTTP/1.1\r\nHost: test\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void handlerSeesNoHostForHttp10WithoutOne() throws Exception {
        RawClient client = connect(servers.start(capture));
        client.send("GET /old HTTP/1.0\r\n\r\n");
        assertEquals(200, client.readResponse().status());
        assertNull(capture.next().host());
    }
}
