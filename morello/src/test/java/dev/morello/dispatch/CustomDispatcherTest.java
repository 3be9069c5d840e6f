package dev.morello.dispatch;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Morello;
import dev.morello.NotFound;
import dev.morello.testing.Site;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** A dispatcher written by the application: it finds the handler and sets the config. */
class CustomDispatcherTest {
    /** Answers /hello/NAME with a greeting; everything else is 404. */
    static final Dispatcher GREETER = (request, pathInfo) -> {
        request.config(request.app().configForPath(pathInfo));
        if (pathInfo.startsWith("/hello/") && pathInfo.length() > 7) {
            String name = pathInfo.substring(7);
            request.handler(r -> "Hello, " + name + r.config("x.punctuation"));
        } else {
            request.handler(r -> {
                throw new NotFound();
            });
        }
    };

    @BeforeAll
    static void serve() {
        Site.start(() -> Morello.tree().mount(new Object(), "/custom", Map.of(
                "/", Map.of("request.dispatch", GREETER, "x.punctuation", "."),
                "/hello/world", Map.of("x.punctuation", "!"))));
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    @Test
    void theCustomDispatcherAnswersAndItsConfigApplies() throws Exception {
        assertEquals("Hello, ada.", Site.get("/custom/hello/ada").body());
        assertEquals("Hello, world!", Site.get("/custom/hello/world").body());
        assertEquals(404, Site.get("/custom/elsewhere").status());
    }
}
