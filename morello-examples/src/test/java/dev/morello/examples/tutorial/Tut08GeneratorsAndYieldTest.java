package dev.morello.examples.tutorial;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import org.junit.jupiter.api.Test;

/** Tutorial 8 as CherryPy's {@code test08GeneratorsAndYield} checks it: the parts make one body. */
@MorelloTest
class Tut08GeneratorsAndYieldTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Tut08GeneratorsAndYield.GeneratorDemo());
    }

    @Test
    void thePartsMakeThePage(WebClient client) {
        client.getPage("/").assertStatus(200).assertBody("<html><body><h2>Generators rule!</h2>"
                + "<h3>List of users:</h3>"
                + "Remi<br/>Carlos<br/>Hendrik<br/>Lorenzo Lamas<br/>"
                + "</body></html>");
    }
}
