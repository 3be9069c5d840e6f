package dev.morello.examples.tutorial;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import org.junit.jupiter.api.Test;

/** Tutorial 7 as CherryPy's {@code test07Sessions} checks it: the count goes on with the session cookie. */
@MorelloTest
class Tut07SessionsTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Tut07Sessions.HitCounter());
    }

    private static String page(int times) {
        return "\n            During your current session, you've viewed this"
                + "\n            page " + times + " times! Your life is a patio of fun!"
                + "\n        ";
    }

    @Test
    void theCountGoesOnWithTheSessionCookie(WebClient client) {
        client.getPage("/").assertBody(page(1)).assertMatchesBody("page 1 times").assertHeader("Set-Cookie");
        client.getPage("/").assertBody(page(2));
        client.getPage("/").assertBody(page(3));
    }

    @Test
    void aVisitorWithoutTheCookieStartsAtOne(WebClient client, WebClient stranger) {
        client.getPage("/").assertBody(page(1));
        client.getPage("/").assertBody(page(2));
        stranger.getPage("/").assertBody(page(1));
    }
}
