package dev.morello.internal.config;

import dev.morello.config.Keys;
import java.util.HashMap;
import java.util.Map;

/**
 * CherryPy's environment presets, applied by {@code environment = "production"} in the site
 * config: every preset turns off the autoreloader, the checker and header logging on errors;
 * {@code staging} also hides tracebacks and mismatched-parameter messages; {@code production}
 * also turns off screen logging; {@code embedded} also leaves the process's signals alone;
 * {@code test_suite} shows tracebacks and messages and turns off screen logging. Keys given in the
 * same update win over the preset.
 */
public final class Environments {
    private Environments() {
    }

    /** The preset's entries, or null for an unknown environment. */
    public static Map<String, Object> preset(String name) {
        Map<String, Object> m = new HashMap<>();
        m.put("engine.autoreload.on", false);
        m.put("checker.on", false);
        m.put("tools.log_headers.on", false);
        switch (name) {
            case "staging" -> staging(m);
            case "production" -> {
                staging(m);
                m.put("log.screen", false);
            }
            case "embedded" -> {
                staging(m);
                m.put("log.screen", false);
                m.put("engine.SIGHUP", null);
                m.put("engine.SIGTERM", null);
            }
            case "test_suite" -> {
                m.put("request.show_tracebacks", true);
                m.put("request.show_mismatched_params", true);
                m.put("log.screen", false);
            }
            default -> {
                return null;
            }
        }
        return m;
    }

    private static void staging(Map<String, Object> m) {
        m.put("request.show_tracebacks", false);
        m.put("request.show_mismatched_params", false);
    }
}
