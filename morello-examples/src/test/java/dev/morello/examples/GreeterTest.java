package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.HttpRedirect;
import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.RawConnection;
import dev.morello.test.WebClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The example of docs/testing.md: a small site and its tests, with the test kit. */
@MorelloTest
class GreeterTest {
    /** The site under test: a greeting, and a form field that the session remembers. */
    @Config("tools.sessions.on = True")
    public static class Greeter {
        @Expose
        public String index() {
            return "Hello, " + Morello.session().getString("name", "stranger") + "!";
        }

        @Expose
        public void name(String name) {
            Morello.session().put("name", name);
            throw new HttpRedirect("/");
        }
    }

    /** Runs before the engine starts, after the kit has reset the framework. */
    @Mount
    static void site() {
        Morello.tree().mount(new Greeter(), "", Map.of("/", Map.of("tools.encode.on", true)));
    }

    @Test
    void greetsAStranger(WebClient client) {
        client.getPage("/")
                .assertStatus(200)
                .assertHeader("Content-Type", "text/html;charset=utf-8")
                .assertBody("Hello, stranger!");
    }

    @Test
    void remembersTheNameForTheSession(WebClient client) {
        client.getPage("/name", "POST", Map.of(), "name=Alice")
                .assertStatus(303)
                .assertHeader("Location", client.uri("/").toString());
        // the client sent the session cookie back
        client.getPage("/").assertBody("Hello, Alice!");
    }

    @Test
    void eachClientIsAVisitorOfItsOwn(WebClient alice, WebClient bob) {
        alice.getPage("/name", "POST", Map.of(), "name=Alice").assertStatus(303);
        bob.getPage("/").assertBody("Hello, stranger!").assertNotInBody("Alice");
    }

    @Test
    void aMissingNameIsNotFound(WebClient client) {
        client.getPage("/name", "POST", Map.of(), "").assertStatus(404).assertInBody("Missing parameters: name");
    }

    @Test
    void answersAnHttp10RequestAndCloses(WebClient client) {
        try (RawConnection c = client.openRaw()) {
            c.send("GET / HTTP/1.0\r\n\r\n");
            c.readResponse().assertStatus(200).assertMatchesBody("^Hello, \\w+!$");
            assertEquals(0, c.readToClose().length);
        }
    }

    @Test
    void anythingElseGoesThroughTheJdkClient(WebClient client) throws Exception {
        HttpResponse<Void> r = client.httpClient().send(
                HttpRequest.newBuilder(client.uri("/")).method("HEAD", HttpRequest.BodyPublishers.noBody()).build(),
                HttpResponse.BodyHandlers.discarding());
        assertEquals(200, r.statusCode());
    }
}
