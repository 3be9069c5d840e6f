package dev.morello.tools.std.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.testing.Site;
import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session_auth tool, as CherryPy's test_sessionauthenticate drives it, and what it does beyond. */
class SessionAuthTest {
    private static final Pattern SESSION = Pattern.compile("session_id=([0-9a-f]{40})");
    static final List<String> EVENTS = new CopyOnWriteArrayList<>();

    public static class Root {
        @Expose
        public String index(Request request) {
            return "Hi " + request.login() + ", you are logged in";
        }
    }

    /** The checker a config file would name as {@code dev.morello.tools.std.auth.SessionAuthTest::check}. */
    public static String check(String username, String password) {
        return username.equals("test") && password.equals("password") ? null : "Wrong login/password";
    }

    @BeforeAll
    static void serve() {
        Site.start(() -> {
            // the login tool without sessions: it cannot know the user, so it must let nobody through
            Morello.tree().mount(new Root(), "/nosessions", Map.of("/", Map.of(
                    "tools.session_auth.on", true,
                    "tools.session_auth.check_username_and_password", "dev.morello.tools.std.auth.SessionAuthTest::check")));
            mountSite();
        });
    }

    private static void mountSite() {
        Morello.tree().mount(new Root(), "", Map.of("/", Map.of(
                "tools.sessions.on", true,
                "tools.session_auth.on", true,
                "tools.session_auth.check_username_and_password", "dev.morello.tools.std.auth.SessionAuthTest::check",
                "tools.session_auth.on_login", (SessionAuth.UserEvent) u -> EVENTS.add("in " + u),
                "tools.session_auth.on_logout", (SessionAuth.UserEvent) u -> EVENTS.add("out " + u))));
    }

    @AfterAll
    static void stop() {
        Site.stop();
        Morello.reset();
    }

    private static Site.Reply send(String method, String target, String cookie, String form) throws IOException {
        StringBuilder b = new StringBuilder(method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1:" + Site.port()
                + "\r\nConnection: close\r\n");
        if (cookie != null) {
            b.append("Cookie: session_id=").append(cookie).append("\r\n");
        }
        if (form != null) {
            b.append("Content-Type: application/x-www-form-urlencoded\r\nContent-Length: ").append(form.length())
                    .append("\r\n\r\n").append(form);
        } else {
            b.append("\r\n");
        }
        return Site.request(b.toString());
    }

    private static String id(Site.Reply r) {
        Matcher m = SESSION.matcher(r.header("Set-Cookie"));
        assertTrue(m.find(), r.raw());
        return m.group(1);
    }

    @Test
    void loginThenPagesThenLogout() throws IOException {
        Site.Reply form = send("GET", "/", null, null);
        assertEquals(200, form.status());
        assertTrue(form.body().contains("<form method=\"post\" action=\"do_login\">"), form.body());
        String before = id(form);

        Site.Reply login = send("POST", "/do_login", before, "username=test&password=password&from_page=/");
        assertEquals(303, login.status());
        assertEquals("http://127.0.0.1:" + Site.port() + "/", login.header("Location"));
        String after = id(login);
        assertNotEquals(before, after, "a login gives the session a new id");

        assertEquals("Hi test, you are logged in", send("GET", "/", after, null).body());
        assertTrue(send("GET", "/", before, null).body().contains("do_login"), "the id from before the login is worth nothing");

        Site.Reply logout = send("POST", "/do_logout", after, "from_page=/");
        assertEquals(303, logout.status());
        assertTrue(send("GET", "/", after, null).body().contains("do_login"));
        assertTrue(EVENTS.contains("in test") && EVENTS.contains("out test"), EVENTS.toString());
    }

    @Test
    void aWrongPasswordShowsTheFormWithTheMessageAndTheNameEscaped() throws IOException {
        Site.Reply r = send("POST", "/do_login", null, "username=%3Cscript%3Ex&password=nope&from_page=/");
        assertEquals(200, r.status());
        assertTrue(r.body().contains("Message: Wrong login/password"), r.body());
        assertTrue(r.body().contains("value=\"&lt;script&gt;x\""), r.body());
        assertFalse(r.body().contains("<script>"));
    }

    @Test
    void loginAndLogoutArePostOnly() throws IOException {
        Site.Reply r = send("GET", "/do_login", null, null);
        assertEquals(405, r.status());
        assertEquals("POST", r.header("Allow"));
        assertEquals(405, send("GET", "/do_logout", null, null).status());
    }

    @Test
    void theLoginScreenPathShowsTheForm() throws IOException {
        Site.Reply r = send("GET", "/login_screen", null, null);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("name=\"from_page\" value=\"..\""), r.body());
    }

    @Test
    void aLoginCannotSendTheUserToAnotherSite() throws IOException {
        for (String target : new String[] {"http://evil.example/", "//evil.example/", "/\\evil.example"}) {
            Site.Reply r = send("POST", "/do_login", null, "username=test&password=password&from_page="
                    + java.net.URLEncoder.encode(target, java.nio.charset.StandardCharsets.UTF_8));
            assertEquals(303, r.status());
            assertEquals("http://127.0.0.1:" + Site.port() + "/", r.header("Location"), target);
        }
    }

    @Test
    void aLoginWithoutItsParametersIsABadRequest() throws IOException {
        assertEquals(400, send("POST", "/do_login", null, "username=test").status());
    }

    @Test
    void withoutSessionsTheLoginToolLetsNobodyThrough() throws IOException {
        Site.Reply r = send("GET", "/nosessions/", null, null);
        assertEquals(500, r.status());
        assertFalse(r.body().contains("you are logged in"), r.body());
    }
}
