package dev.morello.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.opentest4j.AssertionFailedError;

/** A failed assertion names the request, what was expected, what came, and shows the body. */
@MorelloTest
@ResourceLock(MorelloTest.GLOBAL_STATE)
class FailureMessagesTest {
    @Mount
    static void site() {
        SampleSite.mount();
    }

    private static String failure(Runnable assertion) {
        return assertThrows(AssertionFailedError.class, assertion::run).getMessage();
    }

    private static void assertContains(String message, String... parts) {
        for (String part : parts) {
            assertTrue(message.contains(part), () -> "\"" + part + "\" is not in the message:\n" + message);
        }
    }

    @Test
    void aWrongStatusSaysWhichCameAndShowsTheBody(WebClient client) {
        WebResponse r = client.getPage("/nowhere");
        assertContains(failure(() -> r.assertStatus(200)), "GET /nowhere: expected status 200, got 404",
                "body (", "<h2>404 Not Found</h2>");
        assertContains(failure(() -> r.assertStatus(302, 303)), "expected status one of 302, 303, got 404");
    }

    @Test
    void aWrongBodyShowsWhereItDiffers(WebClient client) {
        AssertionFailedError e = assertThrows(AssertionFailedError.class,
                () -> client.getPage("/").assertBody("Hello World!"));
        assertContains(e.getMessage(), "GET /: the body differs from the one expected at character 6",
                "expected: \"Hello World!\"", "got: \"Hello world!\"");
        assertEquals("Hello World!", e.getExpected().getValue());
        assertEquals("Hello world!", e.getActual().getValue());
        assertContains(failure(() -> client.getPage("/").assertBody("Hello world! And more")),
                "at character 12", "(it ends here)");
    }

    @Test
    void missingAndUnwantedTextIsQuoted(WebClient client) {
        WebResponse r = client.getPage("/");
        assertContains(failure(() -> r.assertInBody("bye\n")), "expected the body to contain \"bye\\n\"",
                "Hello world!");
        assertContains(failure(() -> r.assertNotInBody("world")), "not to contain \"world\", and it does at character 6");
        assertContains(failure(() -> r.assertMatchesBody("^world")), "to match /^world/");
    }

    @Test
    void aWrongHeaderSaysWhatCame(WebClient client) {
        WebResponse r = client.getPage("/");
        assertContains(failure(() -> r.assertHeader("Content-Type", "text/plain")),
                "expected Content-Type: text/plain, got Content-Type: text/html;charset=utf-8");
        assertContains(failure(() -> r.assertHeader("X-Missing", "1")), "got no X-Missing field");
        assertContains(failure(() -> r.assertHeader("X-Missing")), "expected a X-Missing header field");
        assertContains(failure(() -> r.assertNoHeader("Content-Length")), "expected no Content-Length field, got Content-Length: 12");
    }

    @Test
    void aLongBodyIsCutShort(WebClient client) {
        String big = "x".repeat(5000);
        WebResponse r = client.getPage("/echo", "POST", Map.of("Content-Type", "text/plain"), big);
        assertContains(failure(() -> r.assertInBody("y")), "more characters)");
    }

    @Test
    void fieldsTheJdkClientSetsItselfAreRefusedWithAPointerToRaw(WebClient client) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> client.getPage("/", "GET", Map.of("Host", "example.com"), (String) null));
        assertContains(e.getMessage(), "Host", "openRaw()");
        assertThrows(IllegalArgumentException.class,
                () -> client.getPage("/echo", "POST", Map.of("Content-Length", "99"), "a=1"));
    }

    @Test
    void aRawReplyThatIsNotHttpSaysSo(WebClient client) {
        try (RawConnection c = client.openRaw()) {
            c.send("GET / HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n").readResponse().assertStatus(200);
            assertContains(failure(c::readResponse), "GET / HTTP/1.1: the server closed the connection without a response");
        }
    }
}
