package dev.morello.tools.std.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.internal.config.IniParser;
import dev.morello.internal.config.Names;
import dev.morello.testing.Site;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Tools;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The auth_digest tool (RFC 7616). Expected responses are computed here from RFC 7616 §3.4.1, not
 * by the tool's code, and checked against the RFC's own example (§3.9.1).
 */
class AuthDigestTest {
    static final String KEY = "a565c27146791cfb";
    static final String REALM = "wonderland";
    /** The site clock's second, pinned for the class. */
    static final long NOW = Instant.parse("2026-12-07T04:07:25Z").getEpochSecond();
    static final Pattern NONCE = Pattern.compile("nonce=\"([^\"]+)\"");

    @TempDir
    static Path dir;
    static Path htdigest;

    public static class Root {
        @Expose
        public String index(Request request) {
            return "hello " + request.login();
        }

        @Expose
        public String upload(Request request) {
            byte[] body = AuthDigest.body(request);
            return request.login() + " sent " + (body == null ? "nothing" : new String(body, StandardCharsets.UTF_8));
        }
    }

    /** An HA1 source a config file names as {@code dev.morello.tools.std.auth.AuthDigestTest::ha1}. */
    public static String ha1(String realm, String user) throws Exception {
        return user.equals("erin") ? md5("erin:" + realm + ":pw") : null;
    }

    @BeforeAll
    static void serve() throws Exception {
        htdigest = dir.resolve("users.htdigest");
        try (InputStream in = AuthDigestTest.class.getResourceAsStream("/auth/users.htdigest")) {
            Files.write(htdigest, in.readAllBytes());
        }
        String sha256Ha1 = sha256("dora:" + REALM + ":explorer");
        Site.start(() -> {
            // nonces carry their issue time: the tests make old and recent ones against this clock
            Morello.clock(Clock.fixed(Instant.ofEpochSecond(NOW), ZoneOffset.UTC));
            Morello.tree().mount(new Root(), "", Map.of("/", Tools.on("auth_digest", "realm", REALM,
                    "get_ha1", AuthDigest.getHa1DictPlain(Map.of("alice", "4x5istwelve", "jürgen", "pässword")), "key", KEY)));
            Morello.tree().mount(new Root(), "/file", Map.of("/", Tools.on("auth_digest", "realm", REALM,
                    "htdigest", htdigest.toString(), "key", KEY, "algorithm", List.of("MD5"))));
            Morello.tree().mount(new Root(), "/sess", Map.of("/", Tools.on("auth_digest", "realm", REALM,
                    "get_ha1", AuthDigest.getHa1DictPlain(Map.of("alice", "4x5istwelve")), "key", KEY,
                    "algorithm", List.of("SHA-256-sess", "MD5-sess"))));
            Morello.tree().mount(new Root(), "/stored", Map.of("/", Tools.on("auth_digest", "realm", REALM,
                    "get_ha1", AuthDigest.getHa1Dict(Map.of("dora", sha256Ha1)), "key", KEY)));
            try {
                Morello.tree().mount(new Root(), "/conf", IniParser.parse(new StringReader(String.join("\n",
                        "[/]",
                        "tools.auth_digest.on = True",
                        "tools.auth_digest.realm = 'wonderland'",
                        "tools.auth_digest.algorithm = ['MD5']",
                        "tools.auth_digest.get_ha1 = dev.morello.tools.std.auth.AuthDigestTest::ha1")), "app.conf", Names.DEFAULT));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Morello.tree().mount(new Root(), "/rfc", Map.of("/", Tools.on("auth_digest", "realm", "http-auth@example.org",
                    "get_ha1", AuthDigest.getHa1DictPlain(Map.of("Mufasa", "Circle of Life")))));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    // ---- RFC 7616 §3.4.1, computed independently -------------------------------------------

    static String md5(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static String sha256(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    static String h(String algorithm, String s) throws Exception {
        return algorithm.startsWith("SHA-256") ? sha256(s) : md5(s);
    }

    /** response = KD(H(A1), nonce:nc:cnonce:qop:H(A2)), KD(secret, data) = H(secret:data). */
    static String response(String algorithm, String user, String realm, String password, String method, String uri,
                           String nonce, String nc, String cnonce, String qop, String body) throws Exception {
        String ha1 = h(algorithm, user + ":" + realm + ":" + password);
        if (algorithm.endsWith("-sess")) {
            ha1 = h(algorithm, ha1 + ":" + nonce + ":" + cnonce);
        }
        String a2 = method + ":" + uri + (qop.equals("auth-int") ? ":" + h(algorithm, body) : "");
        return h(algorithm, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + h(algorithm, a2));
    }

    // ---- talking to the server -------------------------------------------------------------

    static Site.Reply send(String method, String path, String authorization, String body) throws Exception {
        String head = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port() + "\r\nConnection: close\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n");
        if (body != null) {
            head += "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: "
                    + body.getBytes(StandardCharsets.UTF_8).length + "\r\n";
        }
        return Site.request(head + "\r\n" + (body == null ? "" : body));
    }

    static String nonce(String path) throws Exception {
        Site.Reply r = send("GET", path, null, null);
        assertEquals(401, r.status());
        Matcher m = NONCE.matcher(r.header("WWW-Authenticate"));
        assertTrue(m.find(), r.header("WWW-Authenticate"));
        return m.group(1);
    }

    static String header(String algorithm, String user, String realm, String password, String method, String uri,
                         String nonce, String nc, String qop, String body) throws Exception {
        String cnonce = "0a4f113b";
        return "Digest username=\"" + user + "\", realm=\"" + realm + "\", nonce=\"" + nonce + "\", uri=\"" + uri
                + "\", algorithm=" + algorithm + ", qop=" + qop + ", nc=" + nc + ", cnonce=\"" + cnonce
                + "\", response=\"" + response(algorithm, user, realm, password, method, uri, nonce, nc, cnonce, qop, body) + "\"";
    }

    static String alice(String algorithm, String nonce, String nc) throws Exception {
        return header(algorithm, "alice", REALM, "4x5istwelve", "GET", "/", nonce, nc, "auth", null);
    }

    /** A nonce as the tool makes them, with a chosen time: time:random:HMAC-SHA256(key, time:random:realm). */
    static String nonceAt(long time, String realm) throws Exception {
        String head = time + ":bm9uY2VyYW5kb20";
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return head + ":" + Base64.getUrlEncoder().withoutPadding()
                .encodeToString(mac.doFinal((head + ":" + realm).getBytes(StandardCharsets.UTF_8)));
    }

    static List<String> challenges(Site.Reply r) {
        List<String> out = new ArrayList<>();
        for (String line : r.raw().split("\r\n")) {
            if (line.regionMatches(true, 0, "WWW-Authenticate:", 0, 17)) {
                out.add(line.substring(17).trim());
            }
        }
        return out;
    }

    // ---- the tests -------------------------------------------------------------------------

    @Test
    void theRfc7616ExampleGivesTheRfcResponses() throws Exception {
        String nonce = "7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v";
        String cnonce = "f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ";
        assertEquals("8ca523f5e9506fed4657c9700eebdbec", response("MD5", "Mufasa", "http-auth@example.org",
                "Circle of Life", "GET", "/dir/index.html", nonce, "00000001", cnonce, "auth", null));
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1", response("SHA-256", "Mufasa",
                "http-auth@example.org", "Circle of Life", "GET", "/dir/index.html", nonce, "00000001", cnonce, "auth", null));
        // the tool's own hashing, fed the same example
        AuthDigest.HA1Source source = AuthDigest.getHa1DictPlain(Map.of("Mufasa", "Circle of Life"));
        String ha1 = source.ha1("http-auth@example.org", "Mufasa", "SHA-256");
        String ha2 = AuthDigest.hash("SHA-256", "GET:/dir/index.html");
        assertEquals("753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1",
                AuthDigest.hash("SHA-256", ha1 + ":" + nonce + ":00000001:" + cnonce + ":auth:" + ha2));
    }

    @Test
    void theRfcExampleUserLogsInWithBothAlgorithms() throws Exception {
        for (String algorithm : List.of("SHA-256", "MD5")) {
            String nonce = nonce("/rfc/");
            Site.Reply r = send("GET", "/rfc/", header(algorithm, "Mufasa", "http-auth@example.org", "Circle of Life",
                    "GET", "/rfc/", nonce, "00000001", "auth", null), null);
            assertEquals("hello Mufasa", r.body(), algorithm);
        }
    }

    @Test
    void theChallengeOffersSha256ThenMd5() throws Exception {
        Site.Reply r = send("GET", "/", null, null);
        assertEquals(401, r.status());
        List<String> c = challenges(r);
        assertEquals(2, c.size(), c.toString());
        assertTrue(c.get(0).matches("Digest realm=\"wonderland\", qop=\"auth, auth-int\", algorithm=SHA-256, "
                + "nonce=\"\\d+:[A-Za-z0-9_-]+:[A-Za-z0-9_-]+\", charset=UTF-8"), c.get(0));
        assertTrue(c.get(1).contains("algorithm=MD5,"), c.get(1));
        assertFalse(c.get(0).contains("stale"));
    }

    @Test
    void aSha256AnswerLogsIn() throws Exception {
        assertEquals("hello alice", send("GET", "/", alice("SHA-256", nonce("/"), "00000001"), null).body());
    }

    @Test
    void anMd5AnswerLogsIn() throws Exception {
        assertEquals("hello alice", send("GET", "/", alice("MD5", nonce("/"), "00000001"), null).body());
    }

    @Test
    void aWrongPasswordIs401AndNotStale() throws Exception {
        Site.Reply r = send("GET", "/", header("SHA-256", "alice", REALM, "guess", "GET", "/", nonce("/"), "00000001", "auth", null), null);
        assertEquals(401, r.status());
        assertFalse(r.header("WWW-Authenticate").contains("stale"));
    }

    @Test
    void anUnknownUserIs401() throws Exception {
        assertEquals(401, send("GET", "/", header("MD5", "mallory", REALM, "x", "GET", "/", nonce("/"), "00000001", "auth", null), null).status());
    }

    @Test
    void aRepeatedNonceCountIs401StaleAndAHigherOneIsAccepted() throws Exception {
        String nonce = nonce("/");
        assertEquals(200, send("GET", "/", alice("MD5", nonce, "00000001"), null).status());
        Site.Reply again = send("GET", "/", alice("MD5", nonce, "00000001"), null);
        assertEquals(401, again.status());
        assertTrue(again.header("WWW-Authenticate").contains("stale=true"));
        assertEquals(200, send("GET", "/", alice("MD5", nonce, "00000002"), null).status());
        assertEquals(401, send("GET", "/", alice("MD5", nonce, "00000001"), null).status());
    }

    @Test
    void aNonceOlderThan600SecondsIs401Stale() throws Exception {
        String old = nonceAt(NOW - 601, REALM);
        Site.Reply r = send("GET", "/", alice("SHA-256", old, "00000001"), null);
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").contains("stale=true"), r.header("WWW-Authenticate"));
        String recent = nonceAt(NOW - 30, REALM);
        assertEquals(200, send("GET", "/", alice("SHA-256", recent, "00000001"), null).status());
    }

    @Test
    void aNonceTheServerDidNotMakeIs401() throws Exception {
        Site.Reply r = send("GET", "/", alice("SHA-256", NOW + ":abc:forged", "00000001"), null);
        assertEquals(401, r.status());
        assertFalse(r.header("WWW-Authenticate").contains("stale"));
        String otherRealm = nonceAt(NOW, "elsewhere");
        assertEquals(401, send("GET", "/", alice("SHA-256", otherRealm, "00000001"), null).status());
    }

    @Test
    void anotherRealmIs401() throws Exception {
        assertEquals(401, send("GET", "/", header("MD5", "alice", "elsewhere", "4x5istwelve", "GET", "/", nonce("/"),
                "00000001", "auth", null), null).status());
    }

    @Test
    void malformedHeadersAre400() throws Exception {
        String nonce = nonce("/");
        String good = alice("MD5", nonce, "00000001");
        assertEquals(400, send("GET", "/", "Digest username=\"alice\", realm=", null).status());
        assertEquals(400, send("GET", "/", "Digest username=\"alice\" realm=\"x\"", null).status());
        assertEquals(400, send("GET", "/", good.replace(", qop=auth", ""), null).status());
        assertEquals(400, send("GET", "/", good.replace("nc=00000001", "nc=1"), null).status());
        assertEquals(400, send("GET", "/", good.replace("algorithm=MD5", "algorithm=SHA-1"), null).status());
        assertEquals(400, send("GET", "/", good.replace("qop=auth", "qop=auth-conf"), null).status());
        assertEquals(400, send("GET", "/", good + ", userhash=true", null).status());
        assertEquals(400, send("GET", "/", good + ", nc=00000002", null).status());
        assertEquals(400, send("GET", "/", "Digest", null).status());
    }

    @Test
    void aUriThatIsNotTheRequestTargetIs400() throws Exception {
        String h = header("MD5", "alice", REALM, "4x5istwelve", "GET", "/upload", nonce("/"), "00000001", "auth", null);
        assertEquals(400, send("GET", "/", h, null).status());
    }

    @Test
    void anAbsoluteUriMayNameAnOriginFormTarget() throws Exception {
        String uri = "http://127.0.0.1:" + Site.port() + "/";
        String h = header("MD5", "alice", REALM, "4x5istwelve", "GET", uri, nonce("/"), "00000001", "auth", null);
        assertEquals(200, send("GET", "/", h, null).status());
    }

    @Test
    void anotherSchemeIsChallenged() throws Exception {
        assertEquals(401, send("GET", "/", "Basic YWxpY2U6eA==", null).status());
    }

    @Test
    void authIntCoversTheBodyWhichTheHandlerStillGets() throws Exception {
        String body = "a=1&b=two";
        String h = header("SHA-256", "alice", REALM, "4x5istwelve", "POST", "/upload", nonce("/"), "00000001", "auth-int", body);
        Site.Reply r = send("POST", "/upload", h, body);
        assertEquals("alice sent a=1&b=two", r.body());
        String tampered = header("SHA-256", "alice", REALM, "4x5istwelve", "POST", "/upload", nonce("/"), "00000001", "auth-int", body);
        assertEquals(401, send("POST", "/upload", tampered, "a=1&b=three").status());
    }

    @Test
    void sessAlgorithmsAreAcceptedWhenListed() throws Exception {
        for (String algorithm : List.of("SHA-256-sess", "MD5-sess")) {
            String h = header(algorithm, "alice", REALM, "4x5istwelve", "GET", "/sess/", nonce("/sess/"), "00000001", "auth", null);
            assertEquals("hello alice", send("GET", "/sess/", h, null).body(), algorithm);
        }
        String plain = header("MD5", "alice", REALM, "4x5istwelve", "GET", "/sess/", nonce("/sess/"), "00000001", "auth", null);
        assertEquals(401, send("GET", "/sess/", plain, null).status());
    }

    @Test
    void storedHa1FitsOnlyItsOwnAlgorithm() throws Exception {
        String sha = header("SHA-256", "dora", REALM, "explorer", "GET", "/stored/", nonce("/stored/"), "00000001", "auth", null);
        assertEquals("hello dora", send("GET", "/stored/", sha, null).body());
        String md5 = header("MD5", "dora", REALM, "explorer", "GET", "/stored/", nonce("/stored/"), "00000001", "auth", null);
        assertEquals(401, send("GET", "/stored/", md5, null).status());
    }

    @Test
    void anHtdigestFileIsReadAndReadAgainWhenItChanges() throws Exception {
        String path = "/file/";
        List<String> c = challenges(send("GET", path, null, null));
        assertEquals(1, c.size());
        assertTrue(c.get(0).contains("algorithm=MD5"));
        assertEquals("hello alice", send("GET", path,
                header("MD5", "alice", REALM, "4x5istwelve", "GET", path, nonce(path), "00000001", "auth", null), null).body());
        assertEquals(401, send("GET", path,
                header("MD5", "bob", REALM, "builder", "GET", path, nonce(path), "00000001", "auth", null), null).status());
        // the change must show in the file's time whatever the clock and the file system's resolution
        FileTime read = Files.getLastModifiedTime(htdigest);
        Files.writeString(htdigest, "bob:" + REALM + ":" + md5("bob:" + REALM + ":builder") + "\n");
        Files.setLastModifiedTime(htdigest, FileTime.fromMillis(read.toMillis() + 5000));
        assertEquals("hello bob", send("GET", path,
                header("MD5", "bob", REALM, "builder", "GET", path, nonce(path), "00000001", "auth", null), null).body());
        assertEquals(401, send("GET", path,
                header("MD5", "alice", REALM, "4x5istwelve", "GET", path, nonce(path), "00000001", "auth", null), null).status());
    }

    @Test
    void aConfigFileNamesTheHa1SourceAsAMethodReference() throws Exception {
        String h = header("MD5", "erin", REALM, "pw", "GET", "/conf/", nonce("/conf/"), "00000001", "auth", null);
        assertEquals("hello erin", send("GET", "/conf/", h, null).body());
    }

    @Test
    void anExtendedUsernameIsDecoded() throws Exception {
        String nonce = nonce("/");
        String h = header("SHA-256", "jürgen", REALM, "pässword", "GET", "/", nonce, "00000001", "auth", null)
                .replace("username=\"jürgen\"", "username*=UTF-8''j%C3%BCrgen");
        assertEquals("hello jürgen", send("GET", "/", h, null).body());
        assertEquals(400, send("GET", "/", h + ", username=\"x\"", null).status());
    }

    @Test
    void aUtf8UsernameInAQuotedStringIsDecoded() throws Exception {
        String h = header("MD5", "jürgen", REALM, "pässword", "GET", "/", nonce("/"), "00000001", "auth", null);
        byte[] raw = ("GET / HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port() + "\r\nConnection: close\r\nAuthorization: " + h
                + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
        assertEquals("hello jürgen", Site.request(raw, false).body());
    }

    @Test
    void aQuoteInTheRealmIsRefusedAtSetup() {
        assertThrows(IllegalArgumentException.class, () -> AuthDigest.tool().setups(ToolArgs.of("auth_digest",
                Map.of("realm", "a\"b", "get_ha1", AuthDigest.getHa1Dict(Map.of()))), 1));
    }

    @Test
    void anUnknownAlgorithmIsRefusedAtSetup() {
        assertThrows(IllegalArgumentException.class, () -> AuthDigest.tool().setups(ToolArgs.of("auth_digest",
                Map.of("realm", "r", "get_ha1", AuthDigest.getHa1Dict(Map.of()), "algorithm", List.of("SHA-1"))), 1));
    }

    @Test
    void nonceCountsForgetOldNoncesWithoutLettingReplaysThrough() {
        AuthNonces n = new AuthNonces(2, 600);
        assertTrue(n.use("a", 100, 1, 200));
        assertTrue(n.use("b", 110, 1, 200));
        assertTrue(n.use("c", 120, 1, 200));
        assertFalse(n.use("a", 100, 2, 200), "a was dropped for room: refused, not taken as new");
        assertTrue(n.use("b", 110, 2, 200));
        assertFalse(n.use("b", 110, 2, 200));
        assertTrue(n.use("d", 900, 1, 1000), "the others expired");
    }
}
