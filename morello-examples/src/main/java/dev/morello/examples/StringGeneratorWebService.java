package dev.morello.examples;

import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.Morello;
import dev.morello.Param;
import dev.morello.dispatch.MethodDispatcher;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CherryPy's REST tutorial (tutorial 7) in Java: one resource at {@code /} whose methods are named
 * for HTTP verbs, found by the method dispatcher. The tutorial keeps the string in the session;
 * here (sessions aside) the resource keeps one string for everybody.
 *
 * <pre>
 * POST   /            length=N   makes and keeps a new random string (8 characters by default)
 * GET    /                       the string kept
 * PUT    /            another_string=...   replaces it
 * DELETE /                       forgets it
 * </pre>
 */
@Expose
public class StringGeneratorWebService {
    private final AtomicReference<String> string = new AtomicReference<>();
    private final StringMaker maker = new StringMaker();

    /** The app config the tutorial gives: the method dispatcher, and plain-text answers. */
    public static Map<String, Map<String, Object>> config() {
        return Map.of("/", Map.of(
                "request.dispatch", new MethodDispatcher(),
                "response.headers.Content-Type", "text/plain;charset=utf-8"));
    }

    public String GET() {
        String s = string.get();
        if (s == null) {
            throw new HttpError(404, "No string yet: POST one first.");
        }
        return s;
    }

    public String POST(@Param(defaultValue = "8") int length) {
        String s = maker.generate(length);
        string.set(s);
        return s;
    }

    public void PUT(@Param("another_string") String anotherString) {
        string.set(anotherString);
    }

    public void DELETE() {
        string.set(null);
    }

    public static void main(String[] args) {
        Morello.quickstart(new StringGeneratorWebService(), "", config());
    }
}
