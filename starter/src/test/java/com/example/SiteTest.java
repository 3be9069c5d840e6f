package com.example;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import org.junit.jupiter.api.Test;

/** The site served on a free port for this class, and asked as a browser would. */
@MorelloTest
class SiteTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Site(), "", Site.CONFIG);
    }

    @Test
    void theHomePageGreets(WebClient client) {
        client.getPage("/")
                .assertStatus(200)
                .assertHeader("X-Content-Type-Options", "nosniff")
                .assertBody("Hello from the starter!");
    }

    @Test
    void aNameComesFromTheQuery(WebClient client) {
        client.getPage("/greet?name=Ada").assertStatus(200).assertBody("Hello, Ada!");
        client.getPage("/greet").assertBody("Hello, stranger!");
    }

    @Test
    void anUnknownPageIsNotFound(WebClient client) {
        client.getPage("/nowhere").assertStatus(404);
    }
}
