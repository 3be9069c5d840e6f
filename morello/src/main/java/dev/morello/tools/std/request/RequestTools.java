package dev.morello.tools.std.request;

import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether a request reaches its handler as it was asked: {@code trailing_slash} (an index is
 * reached with its slash, a page without) and {@code allow} (only the listed methods).
 *
 * <pre>
 * [/api]
 * tools.allow.on = True
 * tools.allow.methods = ['GET', 'POST']
 * </pre>
 */
public final class RequestTools {
    private RequestTools() {
    }

    /** Registers {@code trailing_slash} and {@code allow}. */
    public static void register(Toolbox tools) {
        tools.register(new Tool("trailing_slash", HookPoint.BEFORE_HANDLER, 60, RequestTools::trailingSlash)
                .arg("missing", Key.Type.BOOLEAN, true, "add a missing slash to an index")
                .arg("extra", Key.Type.BOOLEAN, false, "remove the slash from a non-index page")
                .arg("status", Key.Type.INTEGER, 301, "redirect status"));
        tools.register(new Tool("allow", HookPoint.ON_START_RESOURCE, 50, RequestTools::allow)
                .arg("methods", Key.Type.LIST, List.of("GET", "HEAD"), "the methods allowed (HEAD comes with GET)"));
    }

    /**
     * CherryPy's {@code trailing_slash}, on by default: an index reached without its slash is
     * redirected to the slashed URL; with {@code extra}, a non-index page reached with a slash is
     * redirected to the unslashed one.
     */
    static void trailingSlash(Request request, ToolArgs args) {
        String pi = request.pathInfo();
        Boolean index = request.isIndex();
        int status = (int) args.integer("status", 301);
        if (Boolean.TRUE.equals(index)) {
            if (args.bool("missing", true) && !pi.endsWith("/")) {
                throw new HttpRedirect(request.url(pi + "/", request.queryString()), status);
            }
        } else if (Boolean.FALSE.equals(index)) {
            if (args.bool("extra", false) && pi.endsWith("/") && !pi.equals("/")) {
                throw new HttpRedirect(request.url(pi.substring(0, pi.length() - 1), request.queryString()), status);
            }
        }
    }

    /**
     * CherryPy's {@code allow}: only the listed methods (GET and HEAD by default) reach the
     * handler; others get 405, and every response says what is allowed.
     */
    static void allow(Request request, ToolArgs args) {
        List<String> methods = new ArrayList<>();
        for (String m : args.strings("methods", List.of("GET", "HEAD"))) {
            methods.add(m.toUpperCase(Locale.ROOT));
        }
        if (methods.contains("GET") && !methods.contains("HEAD")) {
            methods.add("HEAD");
        }
        request.response().headers().set("Allow", String.join(", ", methods));
        if (!methods.contains(request.method())) {
            throw new HttpError(405);
        }
    }
}
