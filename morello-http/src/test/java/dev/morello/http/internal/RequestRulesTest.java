package dev.morello.http.internal;

import static dev.morello.http.internal.HeadFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.morello.http.RequestException;
import dev.morello.http.internal.HeadFeeder.Config;
import dev.morello.http.internal.RequestRules.TargetForm;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * What a parsed head means (RFC 9112 §3.2, §6, §9.3; RFC 9110 §7.2, §10.1.1): target forms, Host,
 * body framing, persistence and expectations. Every vector is applied to a head at the start of
 * the buffer and to one in the middle of it, and both must mean the same.
 */
class RequestRulesTest {
    private static final long NO_LIMIT = 0;
    private static final long MAX_BODY = 100;

    /** What {@link RequestRules} made of a head, read back as strings. */
    sealed interface Result permits Meaning, Refused {
    }

    record Meaning(TargetForm form, String path, String query, String authority, int hostField,
                   long contentLength, boolean chunked, boolean close, boolean keepAlive, boolean expectContinue)
            implements Result {
    }

    record Refused(int status) implements Result {
    }

    /** Parses {@code head} (strictly), places it at {@code base} in a buffer and applies the rules. */
    static Result apply(RequestRules rules, String head, int base) {
        byte[] input = bytes(head);
        byte[] buf = new byte[base + input.length];
        Arrays.fill(buf, 0, base, (byte) '/');
        System.arraycopy(input, 0, buf, base, input.length);
        RequestHeadParser parser = Config.STRICT.parser();
        RequestHead parsed;
        try {
            int length = parser.parse(buf, base, buf.length);
            assertEquals(input.length, length, () -> "test head is incomplete: " + HeadFeeder.show(input));
            parsed = parser.head();
            parsed.bind(buf, base);
        } catch (RequestException e) {
            // The parser refused it already; for the client that is the same answer.
            return new Refused(e.status());
        }
        try {
            rules.apply(parsed);
        } catch (RequestException e) {
            return new Refused(e.status());
        }
        int targetEnd = parsed.targetEnd();
        return new Meaning(rules.form(),
                text(buf, base, rules.pathStart(), rules.pathEnd()),
                rules.queryStart() < 0 ? null : text(buf, base, rules.queryStart(), targetEnd),
                rules.authorityStart() < 0 ? null : text(buf, base, rules.authorityStart(), rules.authorityEnd()),
                rules.hostField(), rules.contentLength(), rules.chunked(), rules.closeRequested(),
                rules.keepAliveRequested(), rules.expectContinue());
    }

    private static String text(byte[] buf, int base, int from, int to) {
        return new String(buf, base + from, to - from, StandardCharsets.ISO_8859_1);
    }

    /** Applies at base 0 and at base 13, checks both agree, returns the result. */
    static Result apply(String head, long maxBody) {
        Result atStart = apply(new RequestRules(maxBody), head, 0);
        Result inMiddle = apply(new RequestRules(maxBody), head, 13);
        assertEquals(atStart, inMiddle, () -> "the head's place in the buffer changed its meaning: " + head);
        return atStart;
    }

    static Meaning meaning(String head, long maxBody) {
        Result r = apply(head, maxBody);
        if (r instanceof Refused refused) {
            fail("refused with " + refused.status() + ": " + HeadFeeder.show(bytes(head)));
        }
        return (Meaning) r;
    }

    private static String get(String target) {
        return "GET " + target + " HTTP/1.1\r\nHost: a\r\n\r\n";
    }

    // ---- target forms, RFC 9112 §3.2 ---------------------------------------------------------

    static Stream<Arguments> targets() {
        return Stream.of(
                target("origin-form with query", get("/p?q=1"), TargetForm.ORIGIN, "/p", "q=1", null),
                target("origin-form root", get("/"), TargetForm.ORIGIN, "/", null, null),
                target("origin-form with empty query", get("/p?"), TargetForm.ORIGIN, "/p", "", null),
                target("query holding '?'", get("/a?b?c"), TargetForm.ORIGIN, "/a", "b?c", null),
                target("path starting with //", get("//a/b"), TargetForm.ORIGIN, "//a/b", null, null),
                target("percent-encoding is kept as sent", get("/%41%2f?%20"), TargetForm.ORIGIN, "/%41%2f", "%20", null),
                target("absolute-form", get("http://example.com/p?q"), TargetForm.ABSOLUTE, "/p", "q", "example.com"),
                target("absolute-form, scheme in upper case", get("HTTP://EXAMPLE.com:8080/"),
                        TargetForm.ABSOLUTE, "/", null, "EXAMPLE.com:8080"),
                target("absolute-form https in mixed case, empty path", get("hTTpS://example.com"),
                        TargetForm.ABSOLUTE, "", null, "example.com"),
                target("absolute-form, empty path and a query", get("http://example.com?q"),
                        TargetForm.ABSOLUTE, "", "q", "example.com"),
                target("absolute-form with an IPv6 literal", get("http://[::1]:8080/x"),
                        TargetForm.ABSOLUTE, "/x", null, "[::1]:8080"),
                target("absolute-form host wins over a different Host (RFC 9112 §3.2.2)",
                        "GET http://a.example/p HTTP/1.1\r\nHost: b.example\r\n\r\n",
                        TargetForm.ABSOLUTE, "/p", null, "a.example"),
                target("asterisk-form with OPTIONS", "OPTIONS * HTTP/1.1\r\nHost: a\r\n\r\n",
                        TargetForm.ASTERISK, "*", null, null),
                target("OPTIONS with origin-form", "OPTIONS /x HTTP/1.1\r\nHost: a\r\n\r\n",
                        TargetForm.ORIGIN, "/x", null, null),
                target("authority-form with CONNECT", "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                        TargetForm.AUTHORITY, "example.com:443", null, "example.com:443"),
                target("authority-form with an IPv6 literal", "CONNECT [::1]:443 HTTP/1.1\r\nHost: [::1]:443\r\n\r\n",
                        TargetForm.AUTHORITY, "[::1]:443", null, "[::1]:443"));
    }

    private static Arguments target(String name, String head, TargetForm form, String path, String query,
                                    String authority) {
        return argumentSet(name, head, form, path, query, authority);
    }

    @ParameterizedTest
    @MethodSource("targets")
    void recognisesTheTargetForm(String head, TargetForm form, String path, String query, String authority) {
        Meaning m = meaning(head, NO_LIMIT);
        assertEquals(List.of(form, path, String.valueOf(query), String.valueOf(authority)),
                List.of(m.form(), m.path(), String.valueOf(m.query()), String.valueOf(m.authority())));
    }

    static Stream<Arguments> badTargets() {
        List<Arguments> v = new ArrayList<>();
        v.add(argumentSet("asterisk with GET (RFC 9112 §3.2.4)", get("*")));
        v.add(argumentSet("asterisk followed by more", "OPTIONS *x HTTP/1.1\r\nHost: a\r\n\r\n"));
        v.add(argumentSet("authority-form with GET (RFC 9112 §3.2.3)", get("example.com:80")));
        v.add(argumentSet("relative path", get("a/b")));
        v.add(argumentSet("query alone", get("?q")));
        for (String t : List.of("example.com", "example.com:", ":443", "/index.html", "http://example.com:443/",
                "user@example.com:443", "example.com:44a", "example.com:123456", "[::1]", "[::1:443")) {
            v.add(argumentSet("CONNECT " + t, "CONNECT " + t + " HTTP/1.1\r\nHost: a\r\n\r\n"));
        }
        for (String t : List.of("ftp://example.com/", "http:/example.com/", "http://", "http:///p", "https://?q",
                "http://user@example.com/", "http://user:pass@example.com/", "http://example.com:abc/",
                "http://example.com:1:2/", "http://[::1/", "http://[]/", "http://exa%mple.com/x%")) {
            v.add(argumentSet("absolute-form " + t, get(t)));
        }
        for (String t : List.of("/a[b]", "/p?q=[1]", "/]", "http://example.com/[x]", "http://ex[a]mple.com/",
                "http://[::1]x/", "http://[::1/", "http://[1.2.3.4]/", "//[::1]/")) {
            v.add(argumentSet("brackets outside an IP literal: " + t, get(t)));
        }
        v.add(argumentSet("CONNECT to a bad IP literal", "CONNECT [::1]x:443 HTTP/1.1\r\nHost: a\r\n\r\n"));
        v.add(argumentSet("CONNECT to an IPv4 address in brackets", "CONNECT [1.2.3.4]:443 HTTP/1.1\r\nHost: a\r\n\r\n"));
        for (String t : List.of("/a%2", "/a%zz", "/%", "/%g0", "/a%2%41", "/?%%")) {
            v.add(argumentSet("bad percent-encoding " + t, get(t)));
        }
        return v.stream();
    }

    @ParameterizedTest
    @MethodSource("badTargets")
    void refusesABadTarget(String head) {
        assertEquals(new Refused(400), apply(head, NO_LIMIT), () -> HeadFeeder.show(bytes(head)));
    }

    @Test
    void bracketsInAPathPassWithUnencodedTargetCharacters() {
        Result r = apply(new RequestRules(NO_LIMIT, true), get("/a[b]?[c]"), 5);
        assertEquals(new Meaning(TargetForm.ORIGIN, "/a[b]", "[c]", null, 0, 0, false, false, false, false), r);
    }

    // ---- Host, RFC 9112 §3.2 and RFC 9110 §7.2 -----------------------------------------------

    static Stream<Arguments> goodHosts() {
        return Stream.of("example.com", "example.com:8080", "EXAMPLE.COM", "127.0.0.1", "127.0.0.1:80", "[::1]",
                "[::1]:8080", "[2001:db8::a:1]", "[::ffff:192.0.2.1]:443", "exa_mple-1.example.", "a%2Db.example",
                "a!$&'()*+,;=b", "example.com:", "xn--bcher-kva.example", "  example.com \t", "[::]",
                "[1:2:3:4:5:6:7:8]", "[2001:DB8::1]:80", "[::ffff:1.2.3.4]", "[fe80::]", "[1::]",
                "[1:2:3:4:5:6:1.2.3.4]", "a%41")
                .map(h -> argumentSet("Host: " + h, h));
    }

    @ParameterizedTest
    @MethodSource("goodHosts")
    void acceptsAValidHost(String host) {
        Meaning m = meaning("GET / HTTP/1.1\r\nAccept: */*\r\nHost: " + host + "\r\n\r\n", NO_LIMIT);
        assertEquals(1, m.hostField());
    }

    static Stream<Arguments> badHosts() {
        List<Arguments> v = new ArrayList<>();
        for (String h : List.of("", " \t ", "host:abc", "host:80a", "host:-1", "host:+80", "host:123456", "host:80:80",
                "user@host", "user:pw@host", "a b", "host/path", "host?q", "host#f", "exa\"mple", "caf\u00e9.example",
                "[::1", "[]", "[::1]x", "[::g]", "[fe80::1%25eth0]", ":80", "::1", "http://host", "[::1]:8o",
                // RFC 3986 §2.1: pct-encoded = "%" HEXDIG HEXDIG; §3.2.2: IP-literal holds an IPv6address.
                "a%zz.example", "a%", "a%2", "[.]", "[:]", "[1.2.3.4]", "[12345::1]", "[1::2::3]",
                "[1:2:3:4:5:6:7:8:9]", "[1:2:3:4:5:6:7]", "[::1.2.3]", "[::1.2.3.256]", "[:1]", "[1:]",
                "[::01.2.3.4]", "[::1]:80:80")) {
            v.add(argumentSet("Host: " + HeadFeeder.show(bytes(h)), "GET / HTTP/1.1\r\nHost: " + h + "\r\n\r\n"));
        }
        v.add(argumentSet("no Host in HTTP/1.1", "GET / HTTP/1.1\r\nAccept: */*\r\n\r\n"));
        v.add(argumentSet("no Host in HTTP/1.1 with an absolute-form target", "GET http://a/ HTTP/1.1\r\n\r\n"));
        v.add(argumentSet("two equal Host fields", "GET / HTTP/1.1\r\nHost: a\r\nHost: a\r\n\r\n"));
        v.add(argumentSet("two different Host fields", "GET / HTTP/1.1\r\nHost: a\r\nhost: b\r\n\r\n"));
        v.add(argumentSet("two Host fields in HTTP/1.0", "GET / HTTP/1.0\r\nHost: a\r\nHost: a\r\n\r\n"));
        v.add(argumentSet("bad Host with an absolute-form target", "GET http://a/ HTTP/1.1\r\nHost: a b\r\n\r\n"));
        return v.stream();
    }

    @ParameterizedTest
    @MethodSource("badHosts")
    void refusesABadOrMissingHost(String head) {
        assertEquals(new Refused(400), apply(head, NO_LIMIT), () -> HeadFeeder.show(bytes(head)));
    }

    @Test
    void http10NeedsNoHost() {
        Meaning m = meaning("GET / HTTP/1.0\r\n\r\n", NO_LIMIT);
        assertEquals(-1, m.hostField());
        assertEquals(TargetForm.ORIGIN, m.form());
    }

    // ---- Content-Length, RFC 9110 §8.6 and RFC 9112 §6.3 --------------------------------------

    static Stream<Arguments> goodLengths() {
        return Stream.of(
                argumentSet("0", "0", MAX_BODY, 0L),
                argumentSet("5", "5", MAX_BODY, 5L),
                argumentSet("leading zeros", "007", MAX_BODY, 7L),
                argumentSet("exactly maxBodySize", "100", MAX_BODY, 100L),
                argumentSet("trailing whitespace is not part of the value", "42 \t", MAX_BODY, 42L),
                argumentSet("Long.MAX_VALUE without a limit", "9223372036854775807", NO_LIMIT, Long.MAX_VALUE));
    }

    @ParameterizedTest
    @MethodSource("goodLengths")
    void readsContentLength(String value, long maxBody, long expected) {
        Meaning m = meaning("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + value + "\r\n\r\n", maxBody);
        assertEquals(expected, m.contentLength());
        assertEquals(false, m.chunked());
    }

    @Test
    void noFramingMeansNoBody() {
        Meaning m = meaning("POST / HTTP/1.1\r\nHost: a\r\n\r\n", MAX_BODY);
        assertEquals(0, m.contentLength());
        assertEquals(false, m.chunked());
    }

    static Stream<Arguments> badLengths() {
        return Stream.of("+10", "-1", "1.5", "1,0", "10,", "10A", "abc", "0x10", "1_0", "", " ", "1 0", "10, 10", "1e3",
                        "9".repeat(46), "9223372036854775808", "99999999999999999999",
                        "\u00d9\u00a1" /* U+0661 ARABIC-INDIC DIGIT ONE in UTF-8 */,
                        "\u00ef\u00bc\u0091" /* U+FF11 FULLWIDTH DIGIT ONE in UTF-8 */)
                .map(v -> argumentSet("Content-Length: " + HeadFeeder.show(bytes(v)), v));
    }

    @ParameterizedTest
    @MethodSource("badLengths")
    void refusesAContentLengthThatIsNotDigits(String value) {
        assertEquals(new Refused(400),
                apply("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + value + "\r\n\r\n", NO_LIMIT));
    }

    static Stream<Arguments> repeatedLengths() {
        return Stream.of(
                argumentSet("equal values", "Content-Length: 5\r\nContent-Length: 5\r\n"),
                argumentSet("equal values, names in another case", "Content-Length: 5\r\ncontent-length: 5\r\n"),
                argumentSet("different values", "Content-Length: 5\r\nContent-Length: 6\r\n"),
                argumentSet("apart from each other", "Content-Length: 5\r\nX: y\r\nContent-Length: 5\r\n"));
    }

    @ParameterizedTest
    @MethodSource("repeatedLengths")
    void refusesRepeatedContentLength(String fields) {
        assertEquals(new Refused(400), apply("POST / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n", NO_LIMIT));
    }

    @ParameterizedTest
    @MethodSource("tooLong")
    void refusesABodyOverMaxBodySizeWith413(String value) {
        assertEquals(new Refused(413),
                apply("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: " + value + "\r\n\r\n", MAX_BODY));
    }

    static Stream<String> tooLong() {
        return Stream.of("101", "0101", "99999999999", "9223372036854775807");
    }

    // ---- Transfer-Encoding, RFC 9112 §6.1 and §6.3 -------------------------------------------

    static Stream<Arguments> chunkedCodings() {
        return Stream.of("Transfer-Encoding: chunked", "Transfer-Encoding: Chunked", "Transfer-Encoding: CHUNKED",
                        "Transfer-Encoding:  chunked \t", "Transfer-Encoding: , chunked", "Transfer-Encoding: chunked ,",
                        "Transfer-Encoding: \r\nTransfer-Encoding: chunked", "transfer-encoding: chunked")
                .map(f -> argumentSet(HeadFeeder.show(bytes(f)), f));
    }

    @ParameterizedTest
    @MethodSource("chunkedCodings")
    void recognisesChunked(String fields) {
        Meaning m = meaning("POST / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n\r\n", MAX_BODY);
        assertEquals(true, m.chunked());
        assertEquals(-1, m.contentLength());
    }

    static Stream<Arguments> badCodings() {
        return Stream.of(
                coding("Content-Length with Transfer-Encoding (RFC 9112 §6.3)",
                        "Content-Length: 5\r\nTransfer-Encoding: chunked", 400),
                coding("Transfer-Encoding with Content-Length", "Transfer-Encoding: chunked\r\nContent-Length: 0", 400),
                coding("final coding not chunked", "Transfer-Encoding: gzip", 400),
                coding("identity", "Transfer-Encoding: identity", 400),
                coding("chunked before gzip", "Transfer-Encoding: chunked, gzip", 400),
                coding("chunked twice", "Transfer-Encoding: chunked, chunked", 400),
                coding("chunked twice, on two lines", "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked", 400),
                coding("chunked then gzip, on two lines", "Transfer-Encoding: chunked\r\nTransfer-Encoding: gzip", 400),
                coding("empty", "Transfer-Encoding: ", 400),
                coding("only commas", "Transfer-Encoding: , ,", 400),
                coding("chunked with a parameter", "Transfer-Encoding: chunked;a=b", 400),
                coding("chunked with something after it", "Transfer-Encoding: chunked x", 400),
                coding("split token", "Transfer-Encoding: chu nked", 400),
                coding("quoted", "Transfer-Encoding: \"chunked\"", 400),
                coding("gzip before chunked is not implemented", "Transfer-Encoding: gzip, chunked", 501),
                coding("two codings before chunked", "Transfer-Encoding: deflate, gzip, chunked", 501),
                coding("gzip then chunked, on two lines", "Transfer-Encoding: gzip\r\nTransfer-Encoding: chunked", 501),
                coding("codings in upper case", "Transfer-Encoding: GZIP,CHUNKED", 501),
                // RFC 9112 §7: transfer-coding = token *( OWS ";" OWS transfer-parameter ),
                // transfer-parameter = token BWS "=" BWS ( token / quoted-string ).
                coding("a coding with a parameter", "Transfer-Encoding: gzip;level=1, chunked", 501),
                coding("parameters with whitespace", "Transfer-Encoding: gzip ; level = 1 ;\ta=\"b\" , chunked", 501),
                coding("a comma inside a quoted parameter", "Transfer-Encoding: gzip;a=\"x, chunked\", chunked", 501),
                coding("an escaped quote inside a quoted parameter", "Transfer-Encoding: gzip;a=\"x\\\", y\", chunked", 501),
                coding("a comma inside a quoted parameter hides a chunked",
                        "Transfer-Encoding: chunked, gzip;a=\"x, chunked\"", 400),
                coding("a parameter without a value", "Transfer-Encoding: gzip;level, chunked", 400),
                coding("a parameter without a name", "Transfer-Encoding: gzip;=1, chunked", 400),
                coding("an empty parameter value", "Transfer-Encoding: gzip;a=, chunked", 400),
                coding("an empty parameter", "Transfer-Encoding: gzip;, chunked", 400),
                coding("an unclosed quoted parameter", "Transfer-Encoding: gzip;a=\"x, chunked", 400),
                coding("a separator in a parameter value", "Transfer-Encoding: gzip;a=b/c, chunked", 400),
                coding("a word after a coding", "Transfer-Encoding: gzip x, chunked", 400));
    }

    private static Arguments coding(String name, String fields, int status) {
        return argumentSet(name + " -> " + status, fields, status);
    }

    @ParameterizedTest
    @MethodSource("badCodings")
    void refusesBadTransferCodings(String fields, int status) {
        assertEquals(new Refused(status), apply("POST / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n\r\n", NO_LIMIT));
    }

    @Test
    void refusesTransferEncodingInHttp10() {
        // RFC 9112 §6.1: an HTTP/1.0 message with Transfer-Encoding has faulty framing.
        assertEquals(new Refused(400), apply("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n", NO_LIMIT));
    }

    // ---- Connection, RFC 9112 §9.3 and RFC 9110 §7.6.1 ----------------------------------------

    static Stream<Arguments> connectionOptions() {
        return Stream.of(
                connection("no Connection field", "", false, false),
                connection("close", "Connection: close", true, false),
                connection("close in upper case", "Connection: CLOSE", true, false),
                connection("keep-alive", "Connection: keep-alive", false, true),
                connection("Keep-Alive", "Connection: Keep-Alive", false, true),
                connection("close among other options", "Connection: Upgrade, close", true, false),
                connection("both, with whitespace", "Connection:  keep-alive ,\tclose ", true, true),
                connection("empty list elements", "Connection: ,,close,,", true, false),
                connection("close on a second line", "Connection: foo\r\nconnection: close", true, false),
                connection("closed is another option", "Connection: closed", false, false),
                connection("keep-alive-ish is another option", "Connection: keep-alive-ish", false, false),
                connection("a split word is not close", "Connection: clo se", false, false));
    }

    private static Arguments connection(String name, String fields, boolean close, boolean keepAlive) {
        return argumentSet(name, fields.isEmpty() ? "" : fields + "\r\n", close, keepAlive);
    }

    @ParameterizedTest
    @MethodSource("connectionOptions")
    void readsConnectionOptions(String fields, boolean close, boolean keepAlive) {
        Meaning m = meaning("GET / HTTP/1.1\r\nHost: a\r\n" + fields + "\r\n", NO_LIMIT);
        assertEquals(List.of(close, keepAlive), List.of(m.close(), m.keepAlive()));
    }

    // ---- Expect, RFC 9110 §10.1.1 ------------------------------------------------------------

    static Stream<Arguments> expectations() {
        return Stream.of(
                expect("100-continue with a body", "1.1", "Content-Length: 5\r\nExpect: 100-continue", true),
                expect("100-continue is case-insensitive", "1.1", "Content-Length: 5\r\nExpect: 100-Continue", true),
                expect("100-continue with a chunked body", "1.1",
                        "Transfer-Encoding: chunked\r\nExpect: 100-continue", true),
                expect("100-continue without a body: nothing to wait for", "1.1", "Expect: 100-continue", false),
                expect("100-continue with an empty body", "1.1", "Content-Length: 0\r\nExpect: 100-continue", false),
                expect("100-continue from an HTTP/1.0 client is ignored", "1.0",
                        "Content-Length: 5\r\nExpect: 100-continue", false),
                expect("no Expect", "1.1", "Content-Length: 5", false));
    }

    private static Arguments expect(String name, String version, String fields, boolean expectContinue) {
        return argumentSet(name, "POST / HTTP/" + version + "\r\nHost: a\r\n" + fields + "\r\n\r\n", expectContinue);
    }

    @ParameterizedTest
    @MethodSource("expectations")
    void honours100Continue(String head, boolean expectContinue) {
        assertEquals(expectContinue, meaning(head, NO_LIMIT).expectContinue());
    }

    static Stream<Arguments> unmetExpectations() {
        return Stream.of(
                argumentSet("unknown expectation", "1.1", "Expect: foo"),
                argumentSet("unknown expectation with a body", "1.1", "Content-Length: 5\r\nExpect: 201-created"),
                argumentSet("100-continue and another member", "1.1", "Content-Length: 5\r\nExpect: 100-continue, foo"),
                argumentSet("100-continue and another member on a second line", "1.1",
                        "Content-Length: 5\r\nExpect: 100-continue\r\nExpect: foo"),
                argumentSet("100-continue with a parameter", "1.1", "Content-Length: 5\r\nExpect: 100-continue;a=b"),
                argumentSet("unknown expectation from an HTTP/1.0 client", "1.0", "Expect: foo"));
    }

    @ParameterizedTest
    @MethodSource("unmetExpectations")
    void refusesAnExpectationItCannotMeetWith417(String version, String fields) {
        assertEquals(new Refused(417),
                apply("POST / HTTP/" + version + "\r\nHost: a\r\n" + fields + "\r\n\r\n", NO_LIMIT));
    }

    // ---- one instance per connection ---------------------------------------------------------

    @Test
    void oneInstanceForgetsThePreviousRequest() {
        RequestRules rules = new RequestRules(MAX_BODY);
        Result first = apply(rules, "POST http://example.com/upload?x HTTP/1.1\r\nHost: example.com\r\n"
                + "Transfer-Encoding: chunked\r\nConnection: close, keep-alive\r\nExpect: 100-continue\r\n\r\n", 0);
        assertEquals(new Meaning(TargetForm.ABSOLUTE, "/upload", "x", "example.com", 0, -1, true, true, true, true),
                first);
        assertEquals(new Refused(400), apply(rules, "GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n", 0));
        Result third = apply(rules, "GET /plain HTTP/1.0\r\n\r\n", 7);
        assertEquals(new Meaning(TargetForm.ORIGIN, "/plain", null, null, -1, 0, false, false, false, false), third);
        Result fourth = apply(rules, "PUT /p HTTP/1.1\r\nContent-Length: 3\r\nHost: h\r\n\r\n", 3);
        assertEquals(new Meaning(TargetForm.ORIGIN, "/p", null, null, 1, 3, false, false, false, false), fourth);
    }

    @Test
    void brokenFramingWinsOverAnUnmetExpectation() {
        // 417 would let the connection go on; a body that cannot be framed must close it with 400.
        assertEquals(new Refused(400),
                apply("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: x\r\nExpect: foo\r\n\r\n", NO_LIMIT));
        assertEquals(new Refused(400), apply("POST / HTTP/1.1\r\nHost: a\r\nContent-Length: 1\r\n"
                + "Transfer-Encoding: chunked\r\nExpect: foo\r\n\r\n", NO_LIMIT));
    }
}
