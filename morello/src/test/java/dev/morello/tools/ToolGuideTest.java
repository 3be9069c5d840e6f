package dev.morello.tools;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.config.Key;
import dev.morello.testing.Site;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The example of docs/tools.md, as written there. */
class ToolGuideTest {
    public static final class PoweredBy {
        /** Adds an X-Powered-By header before the response is finalized. */
        public static final Tool TOOL = new Tool("powered_by", HookPoint.BEFORE_FINALIZE, 50,
                (request, args) -> Morello.response().headers().set("X-Powered-By", args.string("name", "Morello")))
                .arg("name", Key.Type.STRING, "Morello", "the header's value");
    }

    public static class Site0 {
        @Expose
        public String index() {
            return "home";
        }
    }

    @BeforeAll
    static void serve() {
        Morello.tools().register(PoweredBy.TOOL);
        Site.start(() -> {
            Morello.tree().mount(new Site0(), "", Map.of("/", Map.of("tools.powered_by.on", true,
                    "tools.powered_by.name", "my site")));
            Morello.tree().mount(new Site0(), "/plain", Map.of("/", Map.of("tools.powered_by.on", true)));
            Morello.tree().mount(new Site0(), "/off", Map.of("/", Map.of()));
        });
    }

    @AfterAll
    static void stop() {
        Site.stop();
    }

    @Test
    void theToolAddsItsHeaderWithItsArgument() throws Exception {
        assertEquals("my site", Site.get("/").header("X-Powered-By"));
        assertEquals("Morello", Site.get("/plain/").header("X-Powered-By"));
        assertEquals(null, Site.get("/off/").header("X-Powered-By"));
    }
}
