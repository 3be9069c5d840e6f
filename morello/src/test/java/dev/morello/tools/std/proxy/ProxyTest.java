package dev.morello.tools.std.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.testing.Site;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Tools;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The proxy tool: X-Forwarded-* and Forwarded, the trusted list, and what it refuses. */
class ProxyTest {
    public static class Root {
        @Expose
        public String index(Request request) {
            return request.base() + " " + request.remote().ip() + " " + request.remote().port() + " " + request.scheme();
        }
    }

    static Map<String, Object> proxy(Object... args) {
        return new LinkedHashMap<>(Tools.on("proxy", args));
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root(), "/plain", Map.of());
            Morello.tree().mount(new Root(), "/on", Map.of("/", proxy()));
            Morello.tree().mount(new Root(), "/base", Map.of("/", proxy("base", "https://www.example.com")));
            Morello.tree().mount(new Root(), "/ssl", Map.of("/", proxy("scheme", "X-Forwarded-Ssl")));
            Morello.tree().mount(new Root(), "/realip", Map.of("/", proxy("remote", "X-Real-IP")));
            Morello.tree().mount(new Root(), "/trusting", Map.of("/", proxy("trusted", List.of("127.0.0.0/8", "::1"))));
            Morello.tree().mount(new Root(), "/elsewhere", Map.of("/", proxy("trusted", List.of("10.0.0.0/8"))));
            Morello.tree().mount(new Root(), "/fwd", Map.of("/", proxy("forwarded", true)));
            Morello.tree().mount(new Root(), "/fwdtrusting", Map.of("/", proxy("forwarded", true, "trusted", List.of("127.0.0.1"))));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    static Site.Reply get(String path, String... headers) throws Exception {
        StringBuilder b = new StringBuilder("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port() + "\r\nConnection: close\r\n");
        for (String h : headers) {
            b.append(h).append("\r\n");
        }
        return Site.request(b.append("\r\n").toString());
    }

    static String[] parts(Site.Reply r) {
        assertEquals(200, r.status(), r.body());
        return r.body().split(" ");
    }

    String local() {
        return "http://127.0.0.1:" + Site.port();
    }

    @Test
    void offTheHeadersChangeNothing() throws Exception {
        String[] p = parts(get("/plain/", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Host: example.com"));
        assertEquals(local(), p[0]);
        assertEquals("127.0.0.1", p[1]);
    }

    @Test
    void forwardedHeadersRewriteBaseSchemeAndRemote() throws Exception {
        String[] p = parts(get("/on/", "X-Forwarded-Host: example.com, proxy.internal", "X-Forwarded-Proto: https",
                "X-Forwarded-For: 203.0.113.9, 10.0.0.1"));
        assertEquals("https://example.com", p[0]);
        assertEquals("203.0.113.9", p[1]);
        assertEquals("https", p[3]);
    }

    @Test
    void withoutHeadersTheBaseIsTheHostHeader() throws Exception {
        String[] p = parts(get("/on/"));
        assertEquals(local(), p[0]);
        assertEquals("127.0.0.1", p[1]);
        assertEquals("http", p[3]);
    }

    @Test
    void theBaseArgumentStandsInForAMissingHostHeader() throws Exception {
        assertEquals("https://www.example.com", parts(get("/base/"))[0]);
        assertEquals("http://example.org", parts(get("/base/", "X-Forwarded-Host: example.org"))[0]);
    }

    @Test
    void onInAnSslHeaderMeansHttps() throws Exception {
        String[] p = parts(get("/ssl/", "X-Forwarded-Ssl: on"));
        assertEquals("https", p[3]);
        assertEquals("https://127.0.0.1:" + Site.port(), p[0]);
    }

    @Test
    void anotherRemoteHeaderIsTakenWhole() throws Exception {
        assertEquals("198.51.100.4", parts(get("/realip/", "X-Real-IP: 198.51.100.4"))[1]);
    }

    @Test
    void withATrustedListTheClientIsTheRightmostUntrustedEntry() throws Exception {
        String[] p = parts(get("/trusting/", "X-Forwarded-For: 6.6.6.6, 203.0.113.9, 127.0.0.5"));
        assertEquals("203.0.113.9", p[1]);
    }

    @Test
    void aPeerNotInTheTrustedListIsLeftAlone() throws Exception {
        String[] p = parts(get("/elsewhere/", "X-Forwarded-For: 203.0.113.9", "X-Forwarded-Host: example.com",
                "X-Forwarded-Proto: https"));
        assertEquals(local(), p[0]);
        assertEquals("127.0.0.1", p[1]);
        assertEquals("http", p[3]);
    }

    @Test
    void theForwardedHeaderGivesForProtoAndHost() throws Exception {
        String[] p = parts(get("/fwd/", "Forwarded: for=192.0.2.60;proto=https;host=example.com, for=10.0.0.1"));
        assertEquals("https://example.com", p[0]);
        assertEquals("192.0.2.60", p[1]);
    }

    @Test
    void aForwardedIpv6AddressLosesItsBracketsAndKeepsItsPort() throws Exception {
        String[] p = parts(get("/fwd/", "Forwarded: For=\"[2001:db8:cafe::17]:4711\""));
        assertEquals("2001:db8:cafe::17", p[1]);
        assertEquals("4711", p[2]);
    }

    @Test
    void obfuscatedAndUnknownNodesBecomeTheRemoteAsWritten() throws Exception {
        assertEquals("_hidden", parts(get("/fwd/", "Forwarded: for=_hidden;proto=http"))[1]);
        assertEquals("unknown", parts(get("/fwd/", "Forwarded: for=unknown"))[1]);
    }

    @Test
    void severalForwardedLinesAreOneList() throws Exception {
        assertEquals("192.0.2.1", parts(get("/fwd/", "Forwarded: for=192.0.2.1", "Forwarded: for=10.0.0.1"))[1]);
    }

    @Test
    void withATrustedListTheForwardedElementOfTheUntrustedClientCounts() throws Exception {
        String[] p = parts(get("/fwdtrusting/",
                "Forwarded: for=6.6.6.6;host=evil.example, for=203.0.113.9;host=good.example;proto=https"));
        assertEquals("203.0.113.9", p[1]);
        assertEquals("https://good.example", p[0]);
    }

    @Test
    void aMalformedForwardedHeaderIs400() throws Exception {
        assertEquals(400, get("/fwd/", "Forwarded: for=2001:db8::1").status());
        assertEquals(400, get("/fwd/", "Forwarded: for=\"unterminated").status());
        assertEquals(400, get("/fwd/", "Forwarded: for=1.2.3.4;for=5.6.7.8").status());
        assertEquals(400, get("/fwd/", "Forwarded: for=\"not-an-address\"").status());
    }

    @Test
    void aBadForwardedSchemeIs400() throws Exception {
        assertEquals(400, get("/on/", "X-Forwarded-Proto: 1http").status());
    }

    @Test
    void aForwardedHostWithAPathIs400() throws Exception {
        assertEquals(400, get("/on/", "X-Forwarded-Host: evil.example/reset").status());
    }

    @Test
    void aClientAddressThatIsNoAddressIs400() throws Exception {
        assertEquals(400, get("/on/", "X-Forwarded-For: <script>").status());
    }

    @Test
    void anXForwardedForIpv6AddressMayBeBare() throws Exception {
        assertEquals("2001:db8::1", parts(get("/on/", "X-Forwarded-For: 2001:db8::1, 10.0.0.1"))[1]);
    }

    @Test
    void aTrustedEntryThatIsNoAddressIsRefusedAtSetup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ProxyTool.tool().setups(ToolArgs.of("proxy", Map.of("trusted", List.of("proxy.example"))), 30));
        assertEquals("tools.proxy.trusted: not an IP address or CIDR range: 'proxy.example'", e.getMessage());
    }

    @Test
    void addressLiteralsParseStrictly() {
        assertEquals(4, ProxyAddresses.parse("192.0.2.1").length);
        assertEquals(16, ProxyAddresses.parse("2001:db8::1").length);
        assertEquals(4, ProxyAddresses.parse("::ffff:192.0.2.1").length);
        assertEquals(16, ProxyAddresses.parse("::").length);
        for (String bad : List.of("1.2.3", "01.2.3.4", "256.1.1.1", "1::2::3", "1.2.3.4::", "12345::", "a.b.c.d", "", "１.2.3.4")) {
            assertEquals(null, ProxyAddresses.parse(bad), bad);
        }
        ProxyAddresses t = ProxyAddresses.trusted(List.of("10.0.0.0/8", "fd00::/8"));
        assertEquals(true, t.contains("10.200.3.4"));
        assertEquals(false, t.contains("11.0.0.1"));
        assertEquals(true, t.contains("fd12::1"));
        assertEquals(false, t.contains("fe80::1"));
    }
}
