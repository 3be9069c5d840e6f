package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import java.net.CookieManager;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The session_auth example: the form, a login, the counted visits, a logout. */
class LoginSiteTest {
    @BeforeAll
    static void serve() {
        Morello.reset();
        Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
        Morello.tree().mount(new LoginSite(), "", LoginSite.config());
        Morello.engine().start();
    }

    @AfterAll
    static void stop() {
        Morello.reset();
    }

    private static URI uri(String path) {
        return URI.create("http://127.0.0.1:" + Morello.server().port() + path);
    }

    private static HttpResponse<String> get(HttpClient c, String path) throws Exception {
        return c.send(HttpRequest.newBuilder(uri(path)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> post(HttpClient c, String path, String form) throws Exception {
        return c.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aUserLogsInIsCountedAndLogsOut() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .followRedirects(HttpClient.Redirect.NORMAL).build();
        assertTrue(get(browser, "/").body().contains("action=\"do_login\""));
        HttpResponse<String> in = post(browser, "/do_login", "username=alice&password=wonderland&from_page=/");
        assertEquals(200, in.statusCode());
        assertTrue(in.body().contains("Hello alice, visit 1."), in.body());
        assertTrue(get(browser, "/").body().contains("visit 2."));
        HttpResponse<String> out = post(browser, "/do_logout", "from_page=/");
        assertTrue(out.body().contains("action=\"do_login\""), out.body());
    }

    @Test
    void aWrongPasswordShowsTheFormAgain() throws Exception {
        HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> r = post(browser, "/do_login", "username=alice&password=queen&from_page=/");
        assertEquals(200, r.statusCode());
        assertTrue(r.body().contains("Wrong login/password"), r.body());
    }
}
