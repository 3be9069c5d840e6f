package dev.morello.tools;

import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.config.Keys;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The tools the framework itself is made of, registered in {@code Morello.tools()}. */
public final class BuiltinTools {
    private BuiltinTools() {
    }

    /** Registers the built-in tools and documents their arguments in the key registry. */
    public static void register(Toolbox tools) {
        add(tools, new Tool("trailing_slash", HookPoint.BEFORE_HANDLER, 60, BuiltinTools::trailingSlash)
                .arg("missing", Key.Type.BOOLEAN, true, "add a missing slash to an index")
                .arg("extra", Key.Type.BOOLEAN, false, "remove the slash from a non-index page")
                .arg("status", Key.Type.INTEGER, 301, "redirect status"));
        add(tools, new Tool("allow", HookPoint.ON_START_RESOURCE, 50, BuiltinTools::allow)
                .arg("methods", Key.Type.LIST, List.of("GET", "HEAD"), "the methods allowed (HEAD comes with GET)"));
    }

    /** Registers a tool and its keys ({@code tools.NAME.on}, its arguments, {@code .priority}). */
    public static void add(Toolbox tools, Tool tool) {
        tools.register(tool);
        String on = "tools." + tool.name() + ".on";
        if (Keys.get(on) == null) {
            Keys.register(new Key(on, Key.Type.BOOLEAN, false, Key.Scope.ANY, "switch the " + tool.name() + " tool on"));
        }
        for (Key k : tool.args()) {
            Keys.register(k);
        }
        Keys.register(new Key("tools." + tool.name() + ".priority", Key.Type.INTEGER, tool.priority(), Key.Scope.ANY,
                "hook priority (" + tool.point().configName() + ")"));
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
                throw new HttpRedirect(Morello.url(pi + "/", request.queryString()), status);
            }
        } else if (Boolean.FALSE.equals(index)) {
            if (args.bool("extra", false) && pi.endsWith("/") && !pi.equals("/")) {
                throw new HttpRedirect(Morello.url(pi.substring(0, pi.length() - 1), request.queryString()), status);
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
        Morello.response().headers().set("Allow", String.join(", ", methods));
        if (!methods.contains(request.method())) {
            throw new HttpError(405);
        }
    }
}
