package dev.morello.examples;

import dev.morello.Expose;
import dev.morello.Config;
import dev.morello.Morello;
import dev.morello.Param;
import dev.morello.dispatch.MethodDispatcher;
import java.util.Map;

/**
 * CherryPy's REST tutorial (tutorial 7) in Java: one resource at {@code /} whose methods are named
 * for HTTP verbs, found by the method dispatcher, keeping each visitor's string in their session.
 *
 * <pre>
 * POST   /            length=N   makes and keeps a new random string (8 characters by default)
 * GET    /                       the string kept (plain text only: another Accept is a 406);
 *                                none kept yet is an error, a 500, as the tutorial's KeyError
 * PUT    /            another_string=...   replaces it
 * DELETE /                       forgets it
 * </pre>
 */
@Expose
public class StringGeneratorWebService {
    private final StringMaker maker = new StringMaker();

    /** The app config the tutorial gives: the method dispatcher, sessions, and plain-text answers. */
    public static Map<String, Map<String, Object>> config() {
        return Map.of("/", Map.of(
                "request.dispatch", new MethodDispatcher(),
                "tools.sessions.on", true,
                "response.headers.Content-Type", "text/plain;charset=utf-8"));
    }

    @Config({"tools.accept.on = True", "tools.accept.media = 'text/plain'"})
    public String GET() {
        return (String) Morello.session().require("mystring");
    }

    public String POST(@Param(defaultValue = "8") int length) {
        String s = maker.generate(length);
        Morello.session().put("mystring", s);
        return s;
    }

    public void PUT(@Param("another_string") String anotherString) {
        Morello.session().put("mystring", anotherString);
    }

    public void DELETE() {
        Morello.session().remove("mystring");
    }

    public static void main(String[] args) {
        Morello.quickstart(new StringGeneratorWebService(), "", config());
    }
}
