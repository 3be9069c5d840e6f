package dev.morello.examples.tutorial;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Tutorial 3 as CherryPy's {@code test03GetAndPost} checks it: the name by GET and by POST. */
@MorelloTest
class Tut03GetAndPostTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Tut03GetAndPost.WelcomePage());
    }

    @Test
    void takesTheNameFromTheQuery(WebClient client) {
        client.getPage("/greetUser?name=Bob").assertBody("Hey Bob, what's up?");
        client.getPage("/greetUser").assertBody("Please enter your name <a href=\"./\">here</a>.");
        client.getPage("/greetUser?name=").assertBody("No, really, enter your name <a href=\"./\">here</a>.");
    }

    @Test
    void takesTheNameFromAPostedForm(WebClient client) {
        client.getPage("/greetUser", "POST", Map.of(), "name=Bob").assertBody("Hey Bob, what's up?");
        client.getPage("/greetUser", "POST", Map.of(), "name=")
                .assertBody("No, really, enter your name <a href=\"./\">here</a>.");
    }

    @Test
    void escapesTheNameItWrites(WebClient client) {
        client.getPage("/greetUser?name=%3Cb%3EBob%3C/b%3E").assertBody("Hey &lt;b&gt;Bob&lt;/b&gt;, what's up?");
    }
}
