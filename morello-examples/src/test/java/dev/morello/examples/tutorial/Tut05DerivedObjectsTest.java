package dev.morello.examples.tutorial;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import org.junit.jupiter.api.Test;

/** Tutorial 5 as CherryPy's {@code test05DerivedObjects} checks it: a page with the shared header and footer. */
@MorelloTest
class Tut05DerivedObjectsTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Tut05DerivedObjects.HomePage());
    }

    @Test
    void theSecondPageHasTheSharedHeaderAndFooter(WebClient client) {
        // the tutorial's blank lines after </h2> and </p> hold 8 spaces, as CherryPy's test says
        client.getPage("/another/").assertStatus(200).assertBody("\n"
                + "            <html>\n"
                + "            <head>\n"
                + "                <title>Another Page</title>\n"
                + "            <head>\n"
                + "            <body>\n"
                + "            <h2>Another Page</h2>\n"
                + "        \n"
                + "            <p>\n"
                + "            And this is the amazing second page!\n"
                + "            </p>\n"
                + "        \n"
                + "            </body>\n"
                + "            </html>\n"
                + "        ");
    }

    @Test
    void theHomePageHasItsOwnTitle(WebClient client) {
        client.getPage("/").assertInBody("<title>Tutorial 5</title>").assertInBody("<a href=\"./another/\">another page</a>");
    }
}
