package dev.morello.http.internal;

import static dev.morello.http.internal.HeadFeeder.bytes;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.morello.http.HeaderName;
import dev.morello.http.Leniency;
import dev.morello.http.RequestException;
import dev.morello.http.ServerConfig;
import dev.morello.http.internal.HeadFeeder.Config;
import dev.morello.http.internal.HeadFeeder.Incomplete;
import dev.morello.http.internal.HeadFeeder.Outcome;
import dev.morello.http.internal.HeadFeeder.Parsed;
import dev.morello.http.internal.HeadFeeder.Rejected;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The request head parser against RFC 9112 §2-5, one vector per rule. Every vector is also fed in
 * every way a connection could receive it — split at each byte offset, at each pair of offsets,
 * one byte per call, at another place in the buffer — and must come out the same each time.
 */
class RequestHeadParserTest {
    private static final Config STRICT = Config.STRICT;
    private static final Config BARE_LF = Config.BARE_LF;
    private static final Config OBS_FOLD = Config.OBS_FOLD;
    private static final Config LAX_TARGET = Config.LAX_TARGET;
    private static final Config LOWER_CASE = Config.LOWER_CASE;
    private static final String HOST = "Host: a\r\n";

    // ---- vectors ----------------------------------------------------------------------------

    static Stream<Arguments> validHeads() {
        List<Arguments> v = new ArrayList<>();
        // Request line, RFC 9112 §3.
        v.add(ok("simple GET", STRICT, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n",
                "GET", "/", 1, "Host", "example.com"));
        v.add(ok("HTTP/1.0 without fields", STRICT, "GET / HTTP/1.0\r\n\r\n", "GET", "/", 0));
        v.add(ok("HTTP/1.1 without Host is syntax the parser accepts", STRICT, "GET /x HTTP/1.1\r\n\r\n",
                "GET", "/x", 1));
        v.add(ok("HTTP/1.2 is served as 1.1 (RFC 9110 §2.5)", STRICT, "GET / HTTP/1.2\r\n" + HOST + "\r\n",
                "GET", "/", 1, "Host", "a"));
        v.add(ok("HTTP/1.9 is served as 1.1", STRICT, "GET / HTTP/1.9\r\n\r\n", "GET", "/", 1));
        v.add(ok("one leading CRLF is skipped (RFC 9112 §2.2)", STRICT, "\r\nGET / HTTP/1.1\r\n" + HOST + "\r\n",
                "GET", "/", 1, "Host", "a"));
        v.add(ok("extension method with asterisk target", STRICT,
                "M-SEARCH * HTTP/1.1\r\nHost: 239.255.255.250:1900\r\nMan: \"ssdp:discover\"\r\n\r\n",
                "M-SEARCH", "*", 1, "Host", "239.255.255.250:1900", "Man", "\"ssdp:discover\""));
        v.add(ok("every tchar but lower-case letters in a method", STRICT, "!#$%&'*+-.^_`|~09AZ / HTTP/1.1\r\n\r\n",
                "!#$%&'*+-.^_`|~09AZ", "/", 1));
        v.add(ok("every tchar in a method, with LOWER_CASE_METHODS", LOWER_CASE,
                "!#$%&'*+-.^_`|~09AZaz / HTTP/1.1\r\n\r\n", "!#$%&'*+-.^_`|~09AZaz", "/", 1));
        v.add(ok("method case is kept (RFC 9110 §9.1: case-sensitive), with LOWER_CASE_METHODS", LOWER_CASE,
                "get / HTTP/1.1\r\n\r\n", "get", "/", 1));
        v.add(ok("LOWER_CASE_METHODS changes nothing for an upper-case method", LOWER_CASE,
                "GET / HTTP/1.1\r\n" + HOST + "\r\n", "GET", "/", 1, "Host", "a"));
        v.add(ok("every RFC 3986 target character", STRICT,
                "GET /a-._~!$&'()*+,;=:@/b?%2Fq=1&r=/?x HTTP/1.1\r\n\r\n",
                "GET", "/a-._~!$&'()*+,;=:@/b?%2Fq=1&r=/?x", 1));
        v.add(ok("absolute-form target", STRICT,
                "GET http://example.com:8080/a?b=c HTTP/1.1\r\nHost: example.com:8080\r\n\r\n",
                "GET", "http://example.com:8080/a?b=c", 1, "Host", "example.com:8080"));
        v.add(ok("authority-form target", STRICT,
                "CONNECT example.com:443 HTTP/1.1\r\nHost: example.com:443\r\n\r\n",
                "CONNECT", "example.com:443", 1, "Host", "example.com:443"));
        v.add(ok("asterisk-form target", STRICT, "OPTIONS * HTTP/1.1\r\n" + HOST + "\r\n",
                "OPTIONS", "*", 1, "Host", "a"));
        v.add(ok("raw characters old clients send, with UNENCODED_TARGET_CHARACTERS", LAX_TARGET,
                "GET /a\"b<c>d\\e^f`g{h|i}j HTTP/1.1\r\n\r\n", "GET", "/a\"b<c>d\\e^f`g{h|i}j", 1));
        // Header fields, RFC 9112 §5 and RFC 9110 §5.5.
        v.add(ok("optional whitespace around a value is trimmed", STRICT,
                "GET / HTTP/1.1\r\nX:   a  b \t \r\nY:\tc\r\n\r\n", "GET", "/", 1, "X", "a  b", "Y", "c"));
        v.add(ok("empty values", STRICT, "GET / HTTP/1.1\r\nX:\r\nY: \t \r\n\r\n", "GET", "/", 1, "X", "", "Y", ""));
        v.add(ok("obs-text in a value is kept as ISO-8859-1", STRICT,
                "GET / HTTP/1.1\r\nX: caf\u00e9 \u0080\u00ff\r\n\r\n", "GET", "/", 1, "X", "caf\u00e9 \u0080\u00ff"));
        v.add(ok("every visible character in a value", STRICT,
                "GET / HTTP/1.1\r\nX: !\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~\r\n\r\n",
                "GET", "/", 1, "X", "!\"#$%&'()*+,-./09:;<=>?@AZ[\\]^_`az{|}~"));
        v.add(ok("every tchar in a name", STRICT, "GET / HTTP/1.1\r\n!#$%&'*+-.^_`|~09AZaz: v\r\n\r\n",
                "GET", "/", 1, "!#$%&'*+-.^_`|~09AZaz", "v"));
        v.add(ok("name case is kept", STRICT, "GET / HTTP/1.1\r\ncOnTeNt-TyPe: text/plain\r\n\r\n",
                "GET", "/", 1, "cOnTeNt-TyPe", "text/plain"));
        v.add(ok("repeated names stay in order", STRICT, "GET / HTTP/1.1\r\nX: 1\r\nX: 2\r\nY: 3\r\nX: 4\r\n\r\n",
                "GET", "/", 1, "X", "1", "X", "2", "Y", "3", "X", "4"));
        v.add(ok("colons in a value", STRICT, "GET / HTTP/1.1\r\nX: a:b::c:\r\n\r\n", "GET", "/", 1, "X", "a:b::c:"));
        v.add(manyFields(40));
        v.add(okPrefix("pipelined request after the head is not part of it", STRICT,
                "GET / HTTP/1.1\r\n" + HOST + "\r\n", "GET /next HTTP/1.1\r\n" + HOST + "\r\n",
                "GET", "/", 1, "Host", "a"));
        v.add(okPrefix("body after the head is not part of it", STRICT,
                "POST /p HTTP/1.1\r\nContent-Length: 5\r\n\r\n", "hello",
                "POST", "/p", 1, "Content-Length", "5"));
        // BARE_LF_LINE_ENDINGS, RFC 9112 §2.2.
        v.add(ok("bare LF everywhere, with BARE_LF_LINE_ENDINGS", BARE_LF, "GET / HTTP/1.1\nHost: a\nX: b\n\n",
                "GET", "/", 1, "Host", "a", "X", "b"));
        v.add(ok("CRLF and LF mixed, with BARE_LF_LINE_ENDINGS", BARE_LF, "GET / HTTP/1.1\r\nHost: a\nX: b \r\n\n",
                "GET", "/", 1, "Host", "a", "X", "b"));
        v.add(ok("leading bare LF, with BARE_LF_LINE_ENDINGS", BARE_LF, "\nGET / HTTP/1.0\n\n", "GET", "/", 0));
        v.add(ok("CRLF still works with BARE_LF_LINE_ENDINGS", BARE_LF, "GET / HTTP/1.1\r\n" + HOST + "\r\n",
                "GET", "/", 1, "Host", "a"));
        // OBS_FOLD_AS_SPACE, RFC 9112 §5.2: each obs-fold becomes SP; the fold's CR LF turn into
        // SP in place, so the value keeps its length.
        v.add(ok("obs-fold replaced by spaces, with OBS_FOLD_AS_SPACE", OBS_FOLD,
                "GET / HTTP/1.1\r\nX: a\r\n b\r\nHost: h\r\n\r\n", "GET", "/", 1, "X", "a   b", "Host", "h"));
        v.add(ok("several folds", OBS_FOLD, "GET / HTTP/1.1\r\nX: a\r\n b\r\n  c\r\n\r\n",
                "GET", "/", 1, "X", "a   b    c"));
        v.add(ok("fold after trailing whitespace", OBS_FOLD, "GET / HTTP/1.1\r\nX: a \r\n b \r\n\r\n",
                "GET", "/", 1, "X", "a    b"));
        v.add(ok("fold by HTAB is replaced by SP too (obs-fold = OWS CRLF RWS)", OBS_FOLD,
                "GET / HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n", "GET", "/", 1, "X", "a   b"));
        v.add(ok("fold continuing an empty value leaves no leading whitespace", OBS_FOLD,
                "GET / HTTP/1.1\r\nX:\r\n b\r\n\r\n", "GET", "/", 1, "X", "b"));
        v.add(ok("blank fold onto an empty value", OBS_FOLD, "GET / HTTP/1.1\r\nX: \r\n \r\n\r\n",
                "GET", "/", 1, "X", ""));
        v.add(ok("blank fold then text onto an empty value", OBS_FOLD, "GET / HTTP/1.1\r\nX:\r\n \r\n b\r\n\r\n",
                "GET", "/", 1, "X", "b"));
        v.add(ok("fold with only whitespace adds nothing", OBS_FOLD, "GET / HTTP/1.1\r\nX: a\r\n \r\nY: b\r\n\r\n",
                "GET", "/", 1, "X", "a", "Y", "b"));
        // Limits at their boundary.
        v.add(ok("request line exactly at maxRequestLine", STRICT.withLimits(14, 64, 4),
                "GET / HTTP/1.1\r\n" + HOST + "\r\n", "GET", "/", 1, "Host", "a"));
        v.add(ok("leading CRLF does not count toward maxRequestLine", STRICT.withLimits(14, 64, 4),
                "\r\nGET / HTTP/1.1\r\n\r\n", "GET", "/", 1));
        v.add(ok("header section exactly at maxHeaderSize (its final CRLF included)", STRICT.withLimits(8192, 11, 4),
                "GET / HTTP/1.1\r\n" + HOST + "\r\n", "GET", "/", 1, "Host", "a"));
        v.add(ok("field count exactly at maxHeaderCount", STRICT.withLimits(8192, 65536, 2),
                "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n", "GET", "/", 1, "A", "1", "B", "2"));
        v.add(ok("request line longer than maxHeaderSize does not count as header section",
                STRICT.withLimits(8192, 16, 100), "GET /" + "a".repeat(40) + " HTTP/1.1\r\n" + HOST + "\r\n",
                "GET", "/" + "a".repeat(40), 1, "Host", "a"));
        v.add(ok("folded field counts once toward maxHeaderCount", OBS_FOLD.withLimits(8192, 65536, 1),
                "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", "GET", "/", 1, "X", "a   b"));
        return v.stream();
    }

    static Stream<Arguments> invalidHeads() {
        List<Arguments> v = new ArrayList<>();
        // Before and in the request line, RFC 9112 §2.2 and §3.
        v.add(bad("two leading CRLFs", STRICT, "\r\n\r\nGET / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("only empty lines", STRICT, "\r\n\r\n", 400));
        v.add(bad("leading bare CR", STRICT, "\rGET / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("leading bare LF", STRICT, "\nGET / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("leading CRLF then bare CR", BARE_LF, "\r\n\rGET / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("leading space", STRICT, " GET / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("separator in method", STRICT, "GE(T / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("colon in method", STRICT, "GE:T / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("obs-text in method", STRICT, "G\u00c9T / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("NUL in method", STRICT, "G\u0000ET / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("HTAB after method", STRICT, "GET\t/ HTTP/1.1\r\n\r\n", 400));
        // A lower-case letter in a method: Cheroot's 400 (RFC 9110 §9.1 makes "get" another method).
        for (String method : List.of("get", "Get", "gET", "GEt", "m-search", "PROPfind", "x")) {
            v.add(bad("lower-case letter in method " + method, STRICT, method + " / HTTP/1.1\r\n" + HOST + "\r\n", 400));
        }
        v.add(bad("lower-case method, decided only once the line ends", STRICT,
                "get / HTTP/1.1\r\nbad field\r\n\r\n", 400));
        v.add(bad("lower-case method with an unsupported version is a 505 first, as in Cheroot", STRICT,
                "get / HTTP/2.0\r\n" + HOST + "\r\n", 505));
        v.add(bad("lower-case method with a malformed line is a 400", STRICT, "get  / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("lower-case method ended by a bare LF, with BARE_LF_LINE_ENDINGS", BARE_LF,
                "get / HTTP/1.1\nHost: a\n\n", 400));
        v.add(bad("lower-case method over maxRequestLine is a 414 first", STRICT.withLimits(13, 64, 4),
                "get / HTTP/1.1\r\n\r\n", 414));
        v.add(bad("two spaces after method", STRICT, "GET  / HTTP/1.1\r\n\r\n", 400));
        v.add(bad("method alone", STRICT, "GET\r\n\r\n", 400));
        v.add(bad("no target", STRICT, "GET HTTP/1.1\r\n\r\n", 400));
        v.add(bad("HTTP/0.9 simple request", STRICT, "GET /\r\n\r\n", 400));
        v.add(bad("space inside target", STRICT, "GET /a b HTTP/1.1\r\n\r\n", 400));
        v.add(bad("two spaces before version", STRICT, "GET /  HTTP/1.1\r\n\r\n", 400));
        v.add(bad("HTAB inside target", STRICT, "GET /a\tb HTTP/1.1\r\n\r\n", 400));
        v.add(bad("fragment in target", STRICT, "GET /a#b HTTP/1.1\r\n\r\n", 400));
        v.add(bad("fragment in target, even with UNENCODED_TARGET_CHARACTERS", LAX_TARGET,
                "GET /a#b HTTP/1.1\r\n\r\n", 400));
        for (char c : "\"<>\\^`{|}".toCharArray()) {
            v.add(bad("unencoded " + c + " in target", STRICT, "GET /a" + c + "b HTTP/1.1\r\n\r\n", 400));
        }
        for (char c : new char[] {0x00, 0x01, 0x1f, 0x7f, 0xe9, 0xff}) {
            String name = String.format("byte 0x%02x in target", (int) c);
            v.add(bad(name, STRICT, "GET /a" + c + "b HTTP/1.1\r\n\r\n", 400));
            v.add(bad(name + ", even with UNENCODED_TARGET_CHARACTERS", LAX_TARGET,
                    "GET /a" + c + "b HTTP/1.1\r\n\r\n", 400));
        }
        v.add(bad("lower-case protocol name", STRICT, "GET / http/1.1\r\n\r\n", 400));
        v.add(bad("HTTPS as protocol name", STRICT, "GET / HTTPS/1.1\r\n\r\n", 400));
        v.add(bad("version without minor", STRICT, "GET / HTTP/1\r\n\r\n", 400));
        v.add(bad("two-digit major version", STRICT, "GET / HTTP/11.1\r\n\r\n", 400));
        v.add(bad("two-digit minor version", STRICT, "GET / HTTP/1.10\r\n\r\n", 400));
        v.add(bad("letters for version digits", STRICT, "GET / HTTP/A.B\r\n\r\n", 400));
        v.add(bad("space inside version", STRICT, "GET / HTTP/ 1.1\r\n\r\n", 400));
        v.add(bad("space after version", STRICT, "GET / HTTP/1.1 \r\n\r\n", 400));
        v.add(bad("token after version", STRICT, "GET / HTTP/1.1 x\r\n\r\n", 400));
        v.add(bad("bad version byte is refused before the line ends", STRICT, "GET / HTTX", 400));
        v.add(bad("bare CR after version", STRICT, "GET / HTTP/1.1\rHost: a\r\n\r\n", 400));
        v.add(bad("bare CR after version, even with BARE_LF_LINE_ENDINGS", BARE_LF,
                "GET / HTTP/1.1\rHost: a\r\n\r\n", 400));
        v.add(bad("bare LF after version", STRICT, "GET / HTTP/1.1\nHost: a\r\n\r\n", 400));
        for (String version : List.of("2.0", "0.9", "3.0", "9.1", "0.0")) {
            v.add(bad("HTTP/" + version + " is not supported (RFC 9110 §15.6.6)", STRICT,
                    "GET / HTTP/" + version + "\r\n" + HOST + "\r\n", 505));
        }
        v.add(bad("505 comes before a bad field", STRICT, "GET / HTTP/2.0\r\nbad field\r\n\r\n", 505));
        v.add(bad("bare CR after an unsupported version (RFC 9112 §2.2)", STRICT, "GET / HTTP/2.0\rX: a\r\n\r\n", 400));
        v.add(bad("bare LF after an unsupported version", STRICT, "GET / HTTP/2.0\nX: a\r\n\r\n", 400));
        // Field lines, RFC 9112 §5.
        v.add(bad("space between name and colon (RFC 9112 §5.1)", STRICT, "GET / HTTP/1.1\r\nHost : a\r\n\r\n", 400));
        v.add(bad("HTAB between name and colon", STRICT, "GET / HTTP/1.1\r\nHost\t: a\r\n\r\n", 400));
        v.add(bad("field without colon", STRICT, "GET / HTTP/1.1\r\nHost a\r\n\r\n", 400));
        v.add(bad("name alone", STRICT, "GET / HTTP/1.1\r\nHost\r\n\r\n", 400));
        v.add(bad("empty name", STRICT, "GET / HTTP/1.1\r\n: a\r\n\r\n", 400));
        for (String name : List.of("Ho(st", "Ho\"st", "Ho/st", "X[1]", "Ho@st", "Caf\u00e9", "X\u0000")) {
            v.add(bad("name " + HeadFeeder.show(bytes(name)) + " is not a token", STRICT,
                    "GET / HTTP/1.1\r\n" + name + ": a\r\n\r\n", 400));
        }
        v.add(bad("NUL before a name", STRICT, "GET / HTTP/1.1\r\n\u0000X: a\r\n\r\n", 400));
        v.add(bad("obs-fold (RFC 9112 §5.2)", STRICT, "GET / HTTP/1.1\r\nX: a\r\n b\r\n\r\n", 400));
        v.add(bad("obs-fold by HTAB", STRICT, "GET / HTTP/1.1\r\nX: a\r\n\tb\r\n\r\n", 400));
        v.add(bad("whitespace before the first field (RFC 9112 §2.2)", STRICT,
                "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400));
        v.add(bad("whitespace before the first field, even with OBS_FOLD_AS_SPACE", OBS_FOLD,
                "GET / HTTP/1.1\r\n Host: a\r\n\r\n", 400));
        for (char c : new char[] {0x00, 0x01, 0x08, 0x0b, 0x0c, 0x1b, 0x1f, 0x7f}) {
            v.add(bad(String.format("byte 0x%02x in a value (RFC 9110 §5.5)", (int) c), STRICT,
                    "GET / HTTP/1.1\r\nX: a" + c + "b\r\n\r\n", 400));
        }
        v.add(bad("NUL at the end of a value", STRICT, "GET / HTTP/1.1\r\nX: a\u0000\r\n\r\n", 400));
        v.add(bad("bare CR in a value", STRICT, "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 400));
        v.add(bad("bare CR in a value, even with BARE_LF_LINE_ENDINGS", BARE_LF,
                "GET / HTTP/1.1\r\nX: a\rb\r\n\r\n", 400));
        v.add(bad("CR CR LF", STRICT, "GET / HTTP/1.1\r\nX: a\r\r\n\r\n", 400));
        v.add(bad("bare LF ending a field", STRICT, "GET / HTTP/1.1\r\nX: a\nY: b\r\n\r\n", 400));
        v.add(bad("bare LF ending the head", STRICT, "GET / HTTP/1.1\r\nX: a\r\n\n", 400));
        v.add(bad("bare CR ending the head", STRICT, "GET / HTTP/1.1\r\nX: a\r\n\rX", 400));
        v.add(bad("bare CR ending the head, even with BARE_LF_LINE_ENDINGS", BARE_LF,
                "GET / HTTP/1.1\r\nX: a\r\n\rX", 400));
        // Limits.
        v.add(bad("request line over maxRequestLine", STRICT.withLimits(13, 64, 4),
                "GET / HTTP/1.1\r\n\r\n", 414));
        v.add(bad("request line over maxRequestLine while it arrives", STRICT.withLimits(16, 64, 4),
                "GET /" + "a".repeat(30), 414));
        v.add(bad("method over maxRequestLine while it arrives", STRICT.withLimits(16, 64, 4),
                "A".repeat(30), 414));
        v.add(bad("version over maxRequestLine while it arrives", STRICT.withLimits(16, 64, 4),
                "GET /" + "a".repeat(8) + " HTTP/1.", 414));
        v.add(bad("414 comes before 505", STRICT.withLimits(13, 64, 4), "GET / HTTP/2.0\r\n\r\n", 414));
        v.add(bad("header section over maxHeaderSize", STRICT.withLimits(8192, 10, 100),
                "GET / HTTP/1.1\r\n" + HOST + "\r\n", 431));
        v.add(bad("header section over maxHeaderSize while it arrives", STRICT.withLimits(8192, 16, 100),
                "GET / HTTP/1.1\r\nX: " + "a".repeat(30), 431));
        v.add(bad("many short fields over maxHeaderSize while they arrive", STRICT.withLimits(8192, 32, 100),
                "GET / HTTP/1.1\r\n" + "X: 1\r\n".repeat(10), 431));
        v.add(bad("fields over maxHeaderCount", STRICT.withLimits(8192, 65536, 2),
                "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n\r\n", 431));
        v.add(bad("fields over maxHeaderCount while they arrive", STRICT.withLimits(8192, 65536, 2),
                "GET / HTTP/1.1\r\nA: 1\r\nB: 2\r\nC: 3\r\n", 431));
        v.add(bad("folded fields over maxHeaderSize", OBS_FOLD.withLimits(8192, 16, 100),
                "GET / HTTP/1.1\r\nX: a\r\n" + " b\r\n".repeat(10) + "\r\n", 431));
        // The limit is passed before a bad byte arrives: a streaming parser cannot see that byte
        // without holding more than the limit, so the limit must win whatever the split.
        v.add(bad("request line passes maxRequestLine before a bad byte", STRICT.withLimits(16, 64, 4),
                "GET /" + "a".repeat(16) + "\u0001 HTTP/1.1\r\n\r\n", 414));
        v.add(bad("method passes maxRequestLine before a bad byte", STRICT.withLimits(16, 64, 4),
                "A".repeat(20) + "\u00e0 / HTTP/1.1\r\n\r\n", 414));
        v.add(bad("header section passes maxHeaderSize before a bad byte", STRICT.withLimits(8192, 16, 100),
                "GET / HTTP/1.1\r\nX: " + "a".repeat(20) + "\u0000\r\n\r\n", 431));
        return v.stream();
    }

    static Stream<Arguments> incompleteHeads() {
        List<Arguments> v = new ArrayList<>();
        String head = "GET / HTTP/1.1\r\nHost: a\r\n\r\n";
        for (int n = 1; n < head.length(); n++) {
            v.add(argumentSet("first " + n + " bytes of a head", STRICT, bytes(head.substring(0, n)), new Incomplete()));
        }
        v.add(argumentSet("a leading CRLF", STRICT, bytes("\r\n"), new Incomplete()));
        v.add(argumentSet("a version waiting for the byte after it decides nothing yet", STRICT,
                bytes("GET / HTTP/2.0"), new Incomplete()));
        v.add(argumentSet("a field that may still be folded", OBS_FOLD,
                bytes("GET / HTTP/1.1\r\nX: a\r\n b"), new Incomplete()));
        v.add(argumentSet("request line just under maxRequestLine", STRICT.withLimits(16, 64, 4),
                bytes("GET /" + "a".repeat(11)), new Incomplete()));
        v.add(argumentSet("header section just under maxHeaderSize", STRICT.withLimits(8192, 16, 100),
                bytes("GET / HTTP/1.1\r\nX: " + "a".repeat(13)), new Incomplete()));
        return v.stream();
    }

    static Stream<Arguments> allHeads() {
        return Stream.of(validHeads(), invalidHeads(), incompleteHeads()).flatMap(s -> s);
    }

    private static Arguments ok(String name, Config config, String input, String method, String target, int minor,
                                String... fields) {
        return okPrefix(name, config, input, "", method, target, minor, fields);
    }

    /** A valid head followed by bytes that are not part of it. */
    private static Arguments okPrefix(String name, Config config, String head, String after, String method,
                                      String target, int minor, String... fields) {
        Parsed expected = new Parsed(head.length(), method, target, minor, List.of(fields));
        return argumentSet(name + " [" + config + "]", config, bytes(head + after), expected);
    }

    private static Arguments bad(String name, Config config, String input, int status) {
        return argumentSet(name + " [" + config + "] -> " + status, config, bytes(input), new Rejected(status));
    }

    private static Arguments manyFields(int n) {
        StringBuilder head = new StringBuilder("GET / HTTP/1.1\r\n");
        String[] fields = new String[2 * n];
        for (int i = 0; i < n; i++) {
            head.append("Field-").append(i).append(": value ").append(i).append("\r\n");
            fields[2 * i] = "Field-" + i;
            fields[2 * i + 1] = "value " + i;
        }
        return ok(n + " fields grow the head's tables", STRICT, head.append("\r\n").toString(), "GET", "/", 1, fields);
    }

    // ---- one call ---------------------------------------------------------------------------

    @ParameterizedTest
    @MethodSource("validHeads")
    void parsesValidHead(Config config, byte[] input, Outcome expected) {
        assertEquals(expected, HeadFeeder.whole(config, input, 0), () -> HeadFeeder.show(input));
    }

    @ParameterizedTest
    @MethodSource("invalidHeads")
    void rejectsInvalidHeadWithItsStatus(Config config, byte[] input, Outcome expected) {
        assertEquals(expected, HeadFeeder.whole(config, input, 0), () -> HeadFeeder.show(input));
    }

    @ParameterizedTest
    @MethodSource("incompleteHeads")
    void waitsForTheRestOfAnIncompleteHead(Config config, byte[] input, Outcome expected) {
        assertEquals(expected, HeadFeeder.whole(config, input, 0), () -> HeadFeeder.show(input));
    }

    // ---- every way the bytes could arrive ---------------------------------------------------

    @ParameterizedTest
    @MethodSource("allHeads")
    void outcomeDoesNotDependOnWhereTheInputIsSplit(Config config, byte[] input, Outcome expected) {
        for (int cut = 1; cut < input.length; cut++) {
            Outcome actual = HeadFeeder.splitAt(config, input, cut);
            if (!expected.equals(actual)) {
                fail("split at " + cut + ": " + actual + ", expected " + expected + "; input " + HeadFeeder.show(input));
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allHeads")
    void outcomeDoesNotDependOnWhereTwoSplitsFall(Config config, byte[] input, Outcome expected) {
        for (int cut1 = 1; cut1 < input.length; cut1++) {
            for (int cut2 = cut1 + 1; cut2 < input.length; cut2++) {
                Outcome actual = HeadFeeder.splitAt(config, input, cut1, cut2);
                if (!expected.equals(actual)) {
                    fail("split at " + cut1 + " and " + cut2 + ": " + actual + ", expected " + expected
                            + "; input " + HeadFeeder.show(input));
                }
            }
        }
    }

    @ParameterizedTest
    @MethodSource("allHeads")
    void outcomeDoesNotDependOnFeedingOneByteAtATime(Config config, byte[] input, Outcome expected) {
        assertEquals(expected, HeadFeeder.byteByByte(config, input, 0), () -> HeadFeeder.show(input));
    }

    @ParameterizedTest
    @MethodSource("allHeads")
    void outcomeDoesNotDependOnWhereTheHeadSitsInTheBuffer(Config config, byte[] input, Outcome expected) {
        assertEquals(expected, HeadFeeder.whole(config, input, 37), () -> "whole at 37: " + HeadFeeder.show(input));
        assertEquals(expected, HeadFeeder.byteByByte(config, input, 5), () -> "bytewise at 5: " + HeadFeeder.show(input));
    }

    static Stream<Arguments> strictHeads() {
        return allHeads().filter(a -> a.get()[0].equals(STRICT));
    }

    @ParameterizedTest
    @MethodSource("strictHeads")
    void fuzzTestsGrammarReferenceAgreesWithTheseVectors(Config config, byte[] input, Outcome expected) {
        // RequestHeadParserFuzzTest judges strict parses by this reference; it must be right here too.
        Outcome reference = RequestHeadParserFuzzTest.StrictGrammar.outcome(input);
        if (reference != null) {
            assertEquals(expected, reference, () -> HeadFeeder.show(input));
        } else {
            assertFalse(expected instanceof Parsed, () -> "the reference found no head in " + HeadFeeder.show(input));
        }
    }

    // ---- the parser's lifecycle -------------------------------------------------------------

    @Test
    void resetParsesTheNextHeadFromTheSameBuffer() throws RequestException {
        String first = "POST /first HTTP/1.1\r\n" + fieldLines(20) + "\r\n";
        String second = "GET /second?q HTTP/1.0\r\nAccept: */*\r\n\r\n";
        byte[] buf = bytes(first + second);
        RequestHeadParser parser = STRICT.parser();

        assertEquals(first.length(), parser.parse(buf, 0, buf.length));
        RequestHead head = parser.head();
        head.bind(buf, 0);
        assertEquals("/first", head.target());
        assertEquals(20, head.size());
        assertEquals("v19", head.get("F19"));

        parser.reset();
        assertFalse(parser.started());
        assertEquals(second.length(), parser.parse(buf, first.length(), buf.length));
        head.bind(buf, first.length());
        assertEquals("GET", head.method());
        assertEquals("/second?q", head.target());
        assertEquals(0, head.minorVersion());
        assertEquals(1, head.size());
        assertEquals("Accept", head.name(0));
        assertEquals("*/*", head.value(0));
        assertNull(head.get("F0"), "a field of the previous head");
        assertThrows(IndexOutOfBoundsException.class, () -> head.name(1));
    }

    @Test
    void resetForgetsAHeadThatWasStillArriving() throws RequestException {
        RequestHeadParser parser = STRICT.parser();
        byte[] partial = bytes("POST /abandoned HTTP/1.1\r\nX-Lost: 1\r\n");
        assertEquals(RequestHeadParser.NEED_MORE, parser.parse(partial, 0, partial.length));
        assertTrue(parser.started());
        parser.reset();
        byte[] next = bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertEquals(next.length, parser.parse(next, 0, next.length));
        assertEquals(new Parsed(next.length, "GET", "/", 1, List.of("Host", "a")),
                HeadFeeder.describe(parser, next, 0, next.length));
    }

    @Test
    void callingAgainWithoutNewBytesChangesNothing() throws RequestException {
        byte[] buf = bytes("GET / HTTP/1.1\r\nHost: a\r\n\r\n");
        RequestHeadParser parser = STRICT.parser();
        for (int end : new int[] {5, 5, 5, 17, 17, buf.length}) {
            int length = parser.parse(buf, 0, end);
            assertEquals(end == buf.length ? buf.length : RequestHeadParser.NEED_MORE, length, "end " + end);
        }
        assertEquals(new Parsed(buf.length, "GET", "/", 1, List.of("Host", "a")),
                HeadFeeder.describe(parser, buf, 0, buf.length));
    }

    @Test
    void partialHeadMayBeMovedInTheBufferBetweenCalls() throws RequestException {
        // Positions are relative to the head's base, so a connection may compact its buffer.
        byte[] head = bytes("PUT /moved HTTP/1.1\r\nHost: a\r\nX: y\r\n\r\n");
        for (int cut = 1; cut < head.length; cut++) {
            RequestHeadParser parser = STRICT.parser();
            byte[] before = new byte[100 + head.length];
            System.arraycopy(head, 0, before, 100, cut);
            assertEquals(RequestHeadParser.NEED_MORE, parser.parse(before, 100, 100 + cut));
            byte[] after = new byte[head.length];
            System.arraycopy(before, 100, after, 0, cut);
            System.arraycopy(head, cut, after, cut, head.length - cut);
            assertEquals(head.length, parser.parse(after, 0, head.length), "cut " + cut);
            assertEquals(new Parsed(head.length, "PUT", "/moved", 1, List.of("Host", "a", "X", "y")),
                    HeadFeeder.describe(parser, after, 0, head.length));
        }
    }

    @Test
    void startedOnceTheRequestLineBegins() throws RequestException {
        // An empty line before a request is not a request yet: a connection that has sent only
        // that is still idle (idle timeout, no 408).
        RequestHeadParser parser = STRICT.parser();
        assertFalse(parser.started());
        byte[] buf = bytes("\r\nGET");
        parser.parse(buf, 0, 1);
        assertFalse(parser.started());
        parser.parse(buf, 0, 2);
        assertFalse(parser.started());
        parser.parse(buf, 0, 3);
        assertTrue(parser.started());
    }

    // ---- reading the head -------------------------------------------------------------------

    @Test
    void fieldsAreFoundByNameInAnyCase() throws RequestException {
        byte[] buf = bytes("GET / HTTP/1.1\r\nhOsT: h\r\nX-Multi: 1\r\ncontent-LENGTH: 5\r\nx-multi: 2\r\n\r\n");
        RequestHeadParser parser = STRICT.parser();
        assertEquals(buf.length, parser.parse(buf, 0, buf.length));
        RequestHead head = parser.head();
        head.bind(buf, 0);
        assertEquals("h", head.get("Host"));
        assertEquals("h", head.get("HOST"));
        assertEquals("h", head.get(HeaderName.HOST));
        assertEquals("5", head.get(HeaderName.CONTENT_LENGTH));
        assertEquals(2, head.indexOf(HeaderName.CONTENT_LENGTH, 0));
        assertEquals(-1, head.indexOf(HeaderName.CONTENT_LENGTH, 3));
        assertEquals("1", head.get("x-multi"));
        assertEquals("1", head.get(HeaderName.of("X-Multi")));
        assertEquals(List.of("1", "2"), head.all("X-MULTI"));
        assertNull(head.get("Accept"));
        assertNull(head.get(HeaderName.ACCEPT));
        assertEquals(List.of(), head.all("Accept"));
        assertEquals(indexOf(buf, "5\r\n"), head.valueStart(2), "value position in the buffer");
        assertEquals(1, head.valueLength(2));
        assertTrue(head.methodIs(bytes("GET")));
        assertFalse(head.methodIs(bytes("get")));
    }

    @Test
    void headRefusesToBeReadBeforeItIsBound() throws RequestException {
        byte[] buf = bytes("GET / HTTP/1.1\r\n\r\n");
        RequestHeadParser parser = STRICT.parser();
        parser.parse(buf, 0, buf.length);
        assertThrows(IllegalStateException.class, () -> parser.head().method());
        parser.head().bind(buf, 0);
        assertEquals("GET", parser.head().method());
    }

    @Test
    void serverConfigLimitsAndLeniencesReachTheParser() {
        byte[] bareLf = bytes("GET / HTTP/1.1\nHost: a\n\n");
        assertEquals(new Rejected(400), HeadFeeder.feed(new RequestHeadParser(ServerConfig.defaults()), bareLf, 0,
                new int[] {bareLf.length}));
        ServerConfig lenient = ServerConfig.builder()
                .allow(Leniency.BARE_LF_LINE_ENDINGS, Leniency.OBS_FOLD_AS_SPACE, Leniency.UNENCODED_TARGET_CHARACTERS,
                        Leniency.LOWER_CASE_METHODS)
                .build();
        assertEquals(new Parsed(bareLf.length, "GET", "/", 1, List.of("Host", "a")),
                HeadFeeder.feed(new RequestHeadParser(lenient), bareLf, 0, new int[] {bareLf.length}));
        byte[] folded = bytes("get /{x} HTTP/1.1\r\nX: a\r\n b\r\n\r\n");
        assertEquals(new Parsed(folded.length, "get", "/{x}", 1, List.of("X", "a   b")),
                HeadFeeder.feed(new RequestHeadParser(lenient), folded, 0, new int[] {folded.length}));
        assertEquals(new Rejected(400), HeadFeeder.feed(new RequestHeadParser(ServerConfig.defaults()), folded, 0,
                new int[] {folded.length}));

        byte[] head = bytes("GET /abcdefghij HTTP/1.1\r\nA: 1\r\nB: 2\r\n\r\n");
        ServerConfig shortLine = ServerConfig.builder().maxRequestLine(20).build();
        ServerConfig smallHeaders = ServerConfig.builder().maxHeaderSize(13).build();
        ServerConfig fewFields = ServerConfig.builder().maxHeaderCount(1).build();
        assertEquals(new Rejected(414), HeadFeeder.feed(new RequestHeadParser(shortLine), head, 0, new int[] {head.length}));
        assertEquals(new Rejected(431), HeadFeeder.feed(new RequestHeadParser(smallHeaders), head, 0, new int[] {head.length}));
        assertEquals(new Rejected(431), HeadFeeder.feed(new RequestHeadParser(fewFields), head, 0, new int[] {head.length}));
    }

    private static String fieldLines(int n) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < n; i++) {
            b.append('F').append(i).append(": v").append(i).append("\r\n");
        }
        return b.toString();
    }

    private static int indexOf(byte[] buf, String s) {
        byte[] needle = bytes(s);
        outer:
        for (int i = 0; i + needle.length <= buf.length; i++) {
            for (int k = 0; k < needle.length; k++) {
                if (buf[i + k] != needle[k]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
