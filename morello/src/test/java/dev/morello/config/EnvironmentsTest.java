package dev.morello.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.morello.Morello;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** CherryPy's environment presets, and explicit keys winning over them. */
class EnvironmentsTest {
    @AfterEach
    void reset() {
        Morello.reset();
    }

    @ParameterizedTest
    @CsvSource({
        // environment, autoreload, checker, log_headers, show_tracebacks, show_mismatched, screen
        "production, false, false, false, false, false, false",
        "staging,    false, false, false, false, false, ",
        "embedded,   false, false, false, false, false, false",
        "test_suite, false, false, false, true,  true,  false",
    })
    void presetsSetCherryPysKeys(String env, Boolean autoreload, Boolean checker, Boolean logHeaders,
            Boolean tracebacks, Boolean mismatched, Boolean screen) {
        Morello.config().update(Map.of("environment", env));
        var c = Morello.config();
        assertEquals(autoreload, c.get("engine.autoreload.on"));
        assertEquals(checker, c.get("checker.on"));
        assertEquals(logHeaders, c.get("tools.log_headers.on"));
        assertEquals(tracebacks, c.get("request.show_tracebacks"));
        assertEquals(mismatched, c.get("request.show_mismatched_params"));
        assertEquals(screen, c.get("log.screen"));
    }

    @Test
    void embeddedLeavesSignalsAlone() {
        Morello.config().update(Map.of("environment", "embedded"));
        assertEquals(true, Morello.config().keys().contains("engine.SIGTERM"));
        assertEquals(null, Morello.config().get("engine.SIGTERM"));
        assertEquals(null, Morello.config().get("engine.SIGHUP"));
    }

    @Test
    void explicitKeysInTheSameUpdateWinOverThePreset() {
        Map<String, Object> update = new LinkedHashMap<>();
        update.put("environment", "production");
        update.put("request.show_tracebacks", true);
        Morello.config().update(update);
        assertEquals(true, Morello.config().get("request.show_tracebacks"));
        assertEquals(false, Morello.config().get("request.show_mismatched_params"));
    }

    @Test
    void anUnknownEnvironmentIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Morello.config().update(Map.of("environment", "prod")));
        assertEquals(true, e.getMessage().contains("production"));
    }
}
