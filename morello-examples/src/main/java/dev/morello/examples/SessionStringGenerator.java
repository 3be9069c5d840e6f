package dev.morello.examples;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Param;
import java.util.Map;

/**
 * CherryPy's tutorial 5, "track the end-user's activity", in Java: a string made for one visitor
 * is kept in their session and shown back to them alone.
 *
 * <pre>
 * GET /generate?length=N   makes a random string and keeps it in the session
 * GET /display             the string kept; none yet is a 500, as the tutorial's KeyError
 * </pre>
 */
public class SessionStringGenerator {
    private final StringMaker maker = new StringMaker();

    /** The tutorial's config: sessions on for the whole application. */
    public static Map<String, Map<String, Object>> config() {
        return Map.of("/", Map.of("tools.sessions.on", true));
    }

    @Expose
    public String index() {
        return "Hello world!";
    }

    @Expose
    public String generate(@Param(defaultValue = "8") int length) {
        String s = maker.generate(length);
        Morello.session().put("mystring", s);
        return s;
    }

    @Expose
    public String display() {
        return (String) Morello.session().require("mystring");
    }

    public static void main(String[] args) {
        Morello.quickstart(new SessionStringGenerator(), "", config());
    }
}
