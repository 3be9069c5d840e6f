package dev.morello.tools.std.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.config.ConfigRefused;
import dev.morello.internal.config.IniParser;
import dev.morello.internal.config.MethodRef;
import dev.morello.internal.config.Names;
import dev.morello.testing.Site;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Tools;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The auth_basic tool (RFC 7617): challenges, logins, refusals and credential sources. */
class AuthBasicTest {
    static final Map<String, String> USERS = Map.of("alice", "4x5istwelve", "jürgen", "pässword");

    public static class Root {
        @Expose
        public String index(Request request) {
            return "hello " + request.login();
        }
    }

    /** A checkpassword a config file names as {@code dev.morello.tools.std.auth.AuthBasicTest::check}. */
    public static boolean check(String realm, String user, String password) {
        return realm.equals("by reference") && user.equals("bob") && password.equals("builder");
    }

    public static class Checker implements AuthBasic.BasicCredentials {
        public Checker() {
        }

        @Override
        public boolean check(String realm, String user, String password) {
            return user.equals("carol") && password.equals("c");
        }
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            Morello.tree().mount(new Root(), "", Map.of("/", Tools.on("auth_basic", "realm", "wonderland",
                    "checkpassword", AuthBasic.checkpasswordDict(USERS))));
            Morello.tree().mount(new Root(), "/dict", Map.of("/", Tools.on("auth_basic", "realm", "wonderland",
                    "checkpassword", USERS)));
            Morello.tree().mount(new Root(), "/ref", Map.of("/", Tools.on("auth_basic", "realm", "by reference",
                    "checkpassword", MethodRef.of("dev.morello.tools.std.auth.AuthBasicTest::check", AuthBasicTest.class.getClassLoader()))));
            Morello.tree().mount(new Root(), "/text", Map.of("/", Tools.on("auth_basic", "realm", "by reference",
                    "checkpassword", "dev.morello.tools.std.auth.AuthBasicTest::check")));
            Morello.tree().mount(new Root(), "/class", Map.of("/", Tools.on("auth_basic", "realm", "r",
                    "checkpassword", Checker.class)));
            try {
                Morello.tree().mount(new Root(), "/conf", IniParser.parse(new StringReader(String.join("\n",
                        "[/]",
                        "tools.auth_basic.on = True",
                        "tools.auth_basic.realm = 'by reference'",
                        "tools.auth_basic.checkpassword = dev.morello.tools.std.auth.AuthBasicTest::check")), "app.conf", Names.DEFAULT));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Morello.tree().mount(new Root(), "/latin", Map.of("/", Tools.on("auth_basic", "realm", "old",
                    "checkpassword", USERS, "accept_charset", "iso-8859-1")));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    static Site.Reply get(String path, String authorization) throws Exception {
        return Site.request("GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port() + "\r\nConnection: close\r\n"
                + (authorization == null ? "" : "Authorization: " + authorization + "\r\n") + "\r\n");
    }

    static String basic(String userPass, Charset charset) {
        return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(charset));
    }

    static String basic(String userPass) {
        return basic(userPass, StandardCharsets.UTF_8);
    }

    @Test
    void withoutCredentialsItIs401WithAUtf8Challenge() throws Exception {
        Site.Reply r = get("/", null);
        assertEquals(401, r.status());
        assertEquals("Basic realm=\"wonderland\", charset=\"UTF-8\"", r.header("WWW-Authenticate"));
    }

    @Test
    void rightCredentialsLogTheUserIn() throws Exception {
        Site.Reply r = get("/", basic("alice:4x5istwelve"));
        assertEquals(200, r.status());
        assertEquals("hello alice", r.body());
    }

    @Test
    void theSchemeNameIsCaseInsensitive() throws Exception {
        assertEquals(200, get("/", "bAsIc " + basic("alice:4x5istwelve").substring(6)).status());
    }

    @Test
    void aWrongPasswordIs401() throws Exception {
        Site.Reply r = get("/", basic("alice:4x5istwelvE"));
        assertEquals(401, r.status());
        assertTrue(r.header("WWW-Authenticate").startsWith("Basic realm="));
    }

    @Test
    void anUnknownUserIs401() throws Exception {
        assertEquals(401, get("/", basic("mallory:4x5istwelve")).status());
    }

    @Test
    void anotherSchemeIs401() throws Exception {
        assertEquals(401, get("/", "Bearer abc.def").status());
    }

    @Test
    void badBase64Is400() throws Exception {
        assertEquals(400, get("/", "Basic !!notbase64!!").status());
    }

    @Test
    void credentialsWithoutAColonAre400() throws Exception {
        assertEquals(400, get("/", basic("alice")).status());
    }

    @Test
    void aHeaderWithoutCredentialsIs400() throws Exception {
        assertEquals(400, get("/", "Basic").status());
    }

    @Test
    void utf8CredentialsAreDecoded() throws Exception {
        assertEquals("hello jürgen", get("/", basic("jürgen:pässword")).body());
    }

    @Test
    void iso88591CredentialsAreTheFallback() throws Exception {
        assertEquals("hello jürgen", get("/", basic("jürgen:pässword", StandardCharsets.ISO_8859_1)).body());
    }

    @Test
    void credentialsAreNfcNormalized() throws Exception {
        assertEquals("hello jürgen", get("/", basic("ju\u0308rgen:pa\u0308ssword")).body());
    }

    @Test
    void aMapOfPasswordsIsAcceptedDirectly() throws Exception {
        assertEquals("hello alice", get("/dict/", basic("alice:4x5istwelve")).body());
        assertEquals(401, get("/dict/", basic("alice:nope")).status());
    }

    @Test
    void aMethodReferenceFromConfigChecksPasswords() throws Exception {
        assertEquals("hello bob", get("/ref/", basic("bob:builder")).body());
        assertEquals(401, get("/ref/", basic("bob:wrong")).status());
        assertEquals("hello bob", get("/text/", basic("bob:builder")).body());
    }

    @Test
    void aConfigFileNamesTheCheckerAsAMethodReference() throws Exception {
        assertEquals("hello bob", get("/conf/", basic("bob:builder")).body());
        assertEquals(401, get("/conf/", basic("bob:nope")).status());
    }

    @Test
    void aClassImplementingTheInterfaceIsInstantiated() throws Exception {
        assertEquals("hello carol", get("/class/", basic("carol:c")).body());
    }

    @Test
    void anIso88591CharsetSendsNoCharsetParameter() throws Exception {
        assertEquals("Basic realm=\"old\"", get("/latin/", null).header("WWW-Authenticate"));
        assertEquals("hello jürgen", get("/latin/", basic("jürgen:pässword", StandardCharsets.ISO_8859_1)).body());
    }

    @Test
    void aQuoteInTheRealmIsRefusedAtSetup() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> AuthBasic.tool()
                .setups(ToolArgs.of("auth_basic", Map.of("realm", "say \"hi\"", "checkpassword", USERS)), 1));
        assertEquals("Realm cannot contain the \" (quote) character.", e.getMessage());
    }

    @Test
    void aMissingCheckpasswordIsRefusedAtSetup() {
        assertThrows(IllegalArgumentException.class,
                () -> AuthBasic.tool().setups(ToolArgs.of("auth_basic", Map.of("realm", "r")), 1));
    }

    @Test
    void aBadRealmIsRefusedWhenMountedSoThePathNeverPasses() throws Exception {
        ConfigRefused e = assertThrows(ConfigRefused.class, () -> Morello.tree().mount(new Root(), "/broken",
                Map.of("/", Tools.on("auth_basic", "realm", "a\"b", "checkpassword", USERS))));
        assertTrue(e.getMessage().contains("tools.auth_basic is misconfigured"), e.getMessage());
        assertEquals(404, get("/broken/", basic("alice:4x5istwelve")).status());
    }

    @Test
    void theDictCheckerComparesWholePasswords() throws Exception {
        AuthBasic.BasicCredentials c = AuthBasic.checkpasswordDict(Map.of("a", "secret"));
        assertTrue(c.check("r", "a", "secret"));
        assertFalse(c.check("r", "a", "secre"));
        assertFalse(c.check("r", "a", "secret "));
        assertFalse(c.check("r", "b", ""));
    }
}
