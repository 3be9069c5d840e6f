package dev.morello.examples.tutorial;

import dev.morello.Morello;
import dev.morello.test.MorelloTest;
import dev.morello.test.Mount;
import dev.morello.test.WebClient;
import org.junit.jupiter.api.Test;

/** Tutorial 1 as CherryPy's {@code test_tutorials.test01HelloWorld} checks it. */
@MorelloTest
class Tut01HelloWorldTest {
    @Mount
    static void site() {
        Morello.tree().mount(new Tut01HelloWorld.HelloWorld());
    }

    @Test
    void greetsTheWorld(WebClient client) {
        client.getPage("/").assertStatus(200).assertBody("Hello world!");
    }
}
