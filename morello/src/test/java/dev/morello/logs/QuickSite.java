package dev.morello.logs;

import dev.morello.Morello;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A program as users write one, run in a child JVM by the tests: {@code quickstart} with the
 * site config given as {@code key=value} arguments (values as text, booleans as True/False).
 */
public final class QuickSite {
    private QuickSite() {
    }

    public static void main(String[] args) {
        Map<String, Object> global = new LinkedHashMap<>();
        global.put("server.socket_host", "127.0.0.1");
        global.put("server.socket_port", 0);
        // the checker's warnings (the site's empty config) are not the logging tests' concern
        global.put("checker.on", false);
        for (String a : args) {
            int eq = a.indexOf('=');
            String value = a.substring(eq + 1);
            global.put(a.substring(0, eq), switch (value) {
                case "True" -> true;
                case "False" -> false;
                default -> value.chars().allMatch(Character::isDigit) ? (Object) Integer.valueOf(value) : value;
            });
        }
        Morello.quickstart(new Pages(), "", Map.of("global", global));
    }
}
