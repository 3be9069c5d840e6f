package dev.morello.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.engine.State;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * {@code @MorelloTest} on methods: each gets a fresh site (a new session store, so the count
 * starts again), and a method without it finds none.
 */
@ResourceLock(MorelloTest.GLOBAL_STATE)
class MethodLevelSiteTest {
    @Mount
    static void site() {
        SampleSite.mount();
    }

    @MorelloTest
    @Test
    void oneSite(WebClient client) {
        client.getPage("/visits").assertBody("1");
        client.getPage("/visits").assertBody("2");
    }

    @MorelloTest
    @Test
    void anotherSite(WebClient client) {
        assertEquals(State.STARTED, Morello.engine().state());
        assertEquals(1, Morello.tree().mounts().size());
        client.getPage("/visits").assertBody("1");
    }

    @Test
    void noSiteWithoutTheAnnotation() {
        assertEquals(State.STOPPED, Morello.engine().state());
        assertTrue(Morello.tree().mounts().isEmpty(), "the sites of the other methods were reset");
    }
}
