package dev.morello.examples.tutorial;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import org.junit.jupiter.api.Test;

/** Tutorial 6 as CherryPy's {@code test06DefaultMethod} checks it: a user's page by the default method. */
@MorelloTest
class Tut06DefaultMethodTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Tut06DefaultMethod.UsersPage());
    }

    @Test
    void theDefaultMethodAnswersAUsersPath(WebClient client) {
        client.getPage("/hendrik").assertStatus(200)
                .assertBody("Hendrik Mans, CherryPy co-developer & crazy German (<a href=\"./\">back</a>)");
    }

    @Test
    void anUnknownUserHasAPageToo(WebClient client) {
        client.getPage("/nobody").assertStatus(200).assertBody("Unknown user. :-( (<a href=\"./\">back</a>)");
        client.getPage("/").assertInBody("<a href=\"./remi\">Remi Delon</a>");
    }
}
