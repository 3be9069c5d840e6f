package dev.morello.http.conformance;

import static dev.morello.http.testing.Requests.assertRefused;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Named.named;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.http.HeaderName;
import dev.morello.http.Leniency;
import dev.morello.http.testing.Capture;
import dev.morello.http.testing.RawClient;
import dev.morello.http.testing.RawResponse;
import dev.morello.http.testing.TestServers;
import dev.morello.http.testing.Transport;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
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

/** Header field syntax (RFC 9110 §5, RFC 9112 §5): names, values, whitespace, folding. */
@Timeout(30)
@ParameterizedClass
@EnumSource(Transport.class)
class HeaderFieldTest {
    @RegisterExtension
    final TestServers servers;

    private final Capture capture = Capture.create();

    HeaderFieldTest(Transport transport) {
        servers = new TestServers(transport);
    }

    private RawClient client() throws Exception {
        return servers.connect(servers.start(capture));
    }

    private static String request(String... fieldLines) {
        StringBuilder b = new StringBuilder("GET /h HTTP/1.1\r\nHost: test\r\n");
        for (String f : fieldLines) {
            b.append(f).append("\r\n");
        }
        return b.append("\r\n").toString();
    }

    // ---- names -----------------------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {"Foo\\Bar: x", "Foo@Bar: x", "Foo(Bar: x", "Foo)Bar: x", "Foo/Bar: x", "Foo[Bar: x",
        "Foo]Bar: x", "Foo\"Bar: x", "Foo{Bar: x", "Foo}Bar: x", "Foo=Bar: x", "Foo,Bar: x", "Foo;Bar: x",
        "Foo?Bar: x", "Foo<Bar: x", "Foo>Bar: x", "Foo\u00e9Bar: x", "Foo\0Bar: x", "Foo\u007fBar: x", ": x",
        ":", "Foo Bar: x", "NoColonAtAll"})
    void rejectsNamesThatAreNotTokens(String fieldLine) throws Exception {
        RawClient client = client();
        client.send(request(fieldLine));
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length : 5", "Transfer-Encoding : chunked", "Host : test", "X-Foo\t: bar",
        "X-Foo  : bar"})
    void rejectsWhitespaceBetweenNameAndColon(String fieldLine) throws Exception {
        // RFC 9112 §5.1: a server MUST reject such a request with 400.
        RawClient client = client();
        client.send("POST /h HTTP/1.1\r\nHost: test\r\n" + fieldLine + "\r\n\r\nhello");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void acceptsEveryTokenCharacterInNames() throws Exception {
        RawClient client = client();
        String name = "!#$%&'*+-.^_`|~09AZaz";
        client.send(request(name + ": v"));
        assertEquals(200, client.readResponse().status());
        assertEquals("v", capture.next().header(name));
    }

    // ---- whitespace and folding ------------------------------------------------------------------

    @ParameterizedTest
    @ValueSource(strings = {" Host: test", "\tHost: test", " X-First: 1"})
    void rejectsWhitespaceBeforeTheFirstField(String firstLine) throws Exception {
        // RFC 9112 §2.2: whitespace between the start line and the first field must be refused.
        RawClient client = client();
        client.send("GET /h HTTP/1.1\r\n" + firstLine + "\r\nHost: test\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void rejectsWhitespaceBeforeTheFirstFieldEvenWithObsFoldLeniency() throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.allow(Leniency.OBS_FOLD_AS_SPACE), capture));
        client.send("GET /h HTTP/1.1\r\n X-First: 1\r\nHost: test\r\n\r\n");
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> foldedFields() {
        return Stream.of(
                arguments(named("space fold", "X-Folded: a\r\n b")),
                arguments(named("tab fold", "X-Folded: a\r\n\tb")),
                arguments(named("fold with several spaces", "X-Folded: a  \r\n   b")),
                arguments(named("two folds", "X-Folded: a\r\n b\r\n c")));
    }

    @ParameterizedTest
    @MethodSource("foldedFields")
    void rejectsObsFold(String folded) throws Exception {
        // RFC 9112 §5.2: a server may reject obs-fold with 400; strict by default.
        RawClient client = client();
        client.send(request(folded));
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @ParameterizedTest
    @MethodSource("foldedFields")
    void joinsObsFoldWithSpacesWithLeniency(String folded) throws Exception {
        // RFC 9112 §5.2: each obs-fold (OWS CRLF RWS) is replaced by one or more SP.
        RawClient client = servers.connect(servers.start(b -> b.allow(Leniency.OBS_FOLD_AS_SPACE), capture));
        client.send(request(folded, "X-After: z"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        Capture.Seen seen = capture.next();
        String value = seen.header("X-Folded");
        String expected = folded.endsWith("c") ? "a +b +c" : "a +b";
        assertTrue(value.matches(expected), () -> "value seen: " + RawClient.printable(value));
        assertEquals("z", seen.header("X-After"));
        assertEquals(3, seen.headers().size(), "a folded line continues its field, it is not a field");
        TestServers.assertStillServes(client);
    }

    static Stream<Arguments> blankFolds() {
        return Stream.of(
                arguments(named("empty value then a fold", "X-Folded:\r\n b"), "b"),
                arguments(named("blank continuation line", "X-Folded: a\r\n "), "a"),
                arguments(named("blank continuation of tabs", "X-Folded: a\r\n \t "), "a"),
                arguments(named("empty value, blank fold, then a fold", "X-Folded:\r\n \r\n b"), "b"),
                arguments(named("only blank folds", "X-Folded:\r\n \r\n\t"), ""));
    }

    @ParameterizedTest
    @MethodSource("blankFolds")
    void trimsBlankFoldsWithLeniency(String folded, String expected) throws Exception {
        RawClient client = servers.connect(servers.start(b -> b.allow(Leniency.OBS_FOLD_AS_SPACE), capture));
        client.send(request(folded, "X-After: z"));
        RawResponse r = client.readResponse();
        assertEquals(200, r.status(), r::toString);
        Capture.Seen seen = capture.next();
        assertEquals(expected, seen.header("X-Folded"));
        assertEquals("z", seen.header("X-After"));
        TestServers.assertStillServes(client);
    }

    @ParameterizedTest
    @ValueSource(strings = {"X:   a b  \t", "X:\ta b\t", "X: a b", "X:a b", "X:  \t a b \t  "})
    void trimsOptionalWhitespaceAroundValues(String fieldLine) throws Exception {
        RawClient client = client();
        client.send(request(fieldLine));
        assertEquals(200, client.readResponse().status());
        assertEquals("a b", capture.next().header("X"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"X:", "X: ", "X:\t \t"})
    void acceptsEmptyValues(String fieldLine) throws Exception {
        RawClient client = client();
        client.send(request(fieldLine));
        assertEquals(200, client.readResponse().status());
        assertEquals("", capture.next().header("X"));
    }

    // ---- value bytes ---------------------------------------------------------------------------

    static Stream<Arguments> controlBytesInValues() {
        return Stream.of(
                arguments(named("NUL", "X: a\0b")),
                arguments(named("SOH", "X: a\u0001b")),
                arguments(named("BS", "X: a\bb")),
                arguments(named("VT", "X: a\u000bb")),
                arguments(named("FF", "X: a\fb")),
                arguments(named("ESC", "X: a\u001bb")),
                arguments(named("US", "X: a\u001fb")),
                arguments(named("DEL", "X: a\u007fb")),
                arguments(named("bare CR inside", "X: a\rb")),
                arguments(named("bare LF inside", "X: a\nb")),
                arguments(named("bare CR at end", "X: a\r")),
                arguments(named("CR CR LF", "X: a\r\r")),
                arguments(named("NUL at end", "X: a\0")));
    }

    @ParameterizedTest
    @MethodSource("controlBytesInValues")
    void rejectsControlBytesInValues(String fieldLine) throws Exception {
        RawClient client = client();
        client.send(request(fieldLine));
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    static Stream<Arguments> bareLineEndsInTheHeaderSection() {
        return Stream.of(
                arguments(named("bare CR between fields", "GET / HTTP/1.1\r\nHost: test\rX: y\r\n\r\n")),
                arguments(named("bare CR ending the head", "GET / HTTP/1.1\r\nHost: test\r\n\r\r\n")),
                arguments(named("bare LF between fields", "GET / HTTP/1.1\r\nHost: test\nX: y\r\n\r\n")),
                arguments(named("bare LF ending the head", "GET / HTTP/1.1\r\nHost: test\r\n\n")),
                arguments(named("CR alone as a line", "GET / HTTP/1.1\r\nHost: test\r\n\rX: y\r\n\r\n")));
    }

    @ParameterizedTest
    @MethodSource("bareLineEndsInTheHeaderSection")
    void rejectsBareCrOrLfInTheHeaderSection(String request) throws Exception {
        RawClient client = client();
        client.send(request);
        assertRefused(client, 400);
        capture.assertNotCalled();
    }

    @Test
    void decodesObsTextInValuesAsLatin1() throws Exception {
        RawClient client = client();
        client.send(request("X-Latin: caf\u00e9 \u0080\u00ff", "X-Utf8: " + utf8AsLatin1("é")));
        assertEquals(200, client.readResponse().status());
        Capture.Seen seen = capture.next();
        assertEquals("caf\u00e9 \u0080\u00ff", seen.header("X-Latin"));
        assertEquals("\u00c3\u00a9", seen.header("X-Utf8"), "each byte is one ISO-8859-1 character");
    }

    private static String utf8AsLatin1(String s) {
        return new String(s.getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    }

    // ---- lookups ---------------------------------------------------------------------------------

    @Test
    void looksUpNamesCaseInsensitively() throws Exception {
        Map<String, Object> seen = new ConcurrentHashMap<>();
        RawClient client = servers.connect(servers.start(ex -> {
            seen.put("content-TYPE", String.valueOf(ex.headers().get("content-TYPE")));
            seen.put("CONTENT_TYPE", String.valueOf(ex.headers().get(HeaderName.CONTENT_TYPE)));
            seen.put("x-custom", String.valueOf(ex.headers().get("x-CUSTOM")));
            seen.put("of", String.valueOf(ex.headers().get(HeaderName.of("X-Custom"))));
            seen.put("all", ex.headers().all("x-multi"));
            seen.put("name0", ex.headers().name(1));
            seen.put("contains", ex.headers().contains("HOST"));
            seen.put("absent", String.valueOf(ex.headers().get("X-Absent")));
            ex.send(200, new byte[0]);
        }));
        client.send(request("cOnTeNt-TyPe: text/x", "X-Custom: c", "x-multi: 1", "X-MULTI: 2", "X-Multi: 3"));
        assertEquals(200, client.readResponse().status());
        assertEquals("text/x", seen.get("content-TYPE"));
        assertEquals("text/x", seen.get("CONTENT_TYPE"));
        assertEquals("c", seen.get("x-custom"));
        assertEquals("c", seen.get("of"));
        assertEquals(List.of("1", "2", "3"), seen.get("all"));
        assertEquals("cOnTeNt-TyPe", seen.get("name0"), "names are given as sent");
        assertEquals(true, seen.get("contains"));
        assertEquals("null", seen.get("absent"));
    }

    @Test
    void keepsFieldsInOrderWithRepeats() throws Exception {
        RawClient client = client();
        client.send(request("X-A: 1", "X-B: 2", "X-A: 3", "Cookie: a=1", "Cookie: b=2"));
        assertEquals(200, client.readResponse().status());
        List<RawResponse.Field> fields = capture.next().headers();
        assertEquals(List.of(new RawResponse.Field("Host", "test"), new RawResponse.Field("X-A", "1"),
                new RawResponse.Field("X-B", "2"), new RawResponse.Field("X-A", "3"),
                new RawResponse.Field("Cookie", "a=1"), new RawResponse.Field("Cookie", "b=2")), fields);
    }

    @Test
    void acceptsLongValues() throws Exception {
        RawClient client = client();
        String value = "v".repeat(6000);
        client.send(request("X-Long: " + value));
        assertEquals(200, client.readResponse().status());
        assertEquals(value, capture.next().header("X-Long"));
        TestServers.assertStillServes(client);
    }
}
