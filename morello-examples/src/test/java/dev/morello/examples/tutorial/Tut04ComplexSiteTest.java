package dev.morello.examples.tutorial;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import org.junit.jupiter.api.Test;

/** Tutorial 4 as CherryPy's {@code test04ComplexSite} checks it: a page two levels down. */
@MorelloTest
class Tut04ComplexSiteTest {
    @Mount
    static void site() {
        Morello.tree().mount(Tut04ComplexSite.root());
    }

    @Test
    void servesTheExtraLinksTwoLevelsDown(WebClient client) {
        client.getPage("/links/extra/").assertStatus(200).assertBody("\n"
                + "            <p>Here are some extra useful links:</p>\n"
                + "\n"
                + "            <ul>\n"
                + "                <li><a href=\"http://del.icio.us\">del.icio.us</a></li>\n"
                + "                <li><a href=\"http://www.cherrypy.org\">CherryPy</a></li>\n"
                + "            </ul>\n"
                + "\n"
                + "            <p>[<a href=\"../\">Return to links page</a>]</p>");
    }

    @Test
    void servesEveryBranch(WebClient client) {
        client.getPage("/").assertInBody("<a href=\"/joke/\">A silly joke</a>");
        client.getPage("/joke/").assertInBody("Read a Perl file!");
        client.getPage("/links/").assertInBody("links <a href=\"./extra/\">here</a>");
    }
}
