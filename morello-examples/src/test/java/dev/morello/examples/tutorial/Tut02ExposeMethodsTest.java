package dev.morello.examples.tutorial;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import org.junit.jupiter.api.Test;

/** Tutorial 2 as CherryPy's {@code test02ExposeMethods} checks it, and the link it follows. */
@MorelloTest
class Tut02ExposeMethodsTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Tut02ExposeMethods.HelloWorld());
    }

    @Test
    void showsTheMessage(WebClient client) {
        client.getPage("/show_msg").assertStatus(200).assertBody("Hello world!");
    }

    @Test
    void theIndexLinksToTheMessage(WebClient client) {
        client.getPage("/").assertInBody("<a href=\"show_msg\">important message</a>");
    }
}
