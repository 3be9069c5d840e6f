package dev.morello.tools;

import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.config.Keys;
import dev.morello.internal.Log;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/** The tools the framework itself is made of, registered in {@code Morello.tools()}. */
public final class BuiltinTools {
    private static final Log LOG = Log.named("morello.error", "TOOLS");

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
        add(tools, new HandlerTool("staticdir", 50, (request, args) -> dev.morello.statics.Static.staticdir(request,
                args.string("section", "/"), args.string("dir", null), args.string("root", ""),
                args.string("match", ""), args.stringMap("content_types"), args.string("index", "")))
                .arg("dir", Key.Type.STRING, null, "the directory served (absolute, or relative to root)")
                .arg("root", Key.Type.STRING, "", "the directory a relative dir is relative to")
                .arg("section", Key.Type.STRING, null, "the path the directory is served at (set from the config section)")
                .arg("match", Key.Type.STRING, "", "a regex the path must match to be served")
                .arg("content_types", Key.Type.OBJECT, null, "a dict of file extension to media type, overriding the table")
                .arg("index", Key.Type.STRING, "", "the file that answers for a directory (e.g. index.html)"));
        add(tools, new HandlerTool("staticfile", 50, (request, args) -> dev.morello.statics.Static.staticfile(request,
                args.string("filename", null), args.string("root", null), args.string("match", ""),
                args.stringMap("content_types")))
                .arg("filename", Key.Type.STRING, null, "the file served (absolute, or relative to root)")
                .arg("root", Key.Type.STRING, null, "the directory a relative filename is relative to")
                .arg("match", Key.Type.STRING, "", "a regex the path must match to be served")
                .arg("content_types", Key.Type.OBJECT, null, "a dict of file extension to media type, overriding the table"));
        dev.morello.tools.std.ProxyTool.register(tools);
        dev.morello.tools.std.CorsTool.register(tools);
        dev.morello.tools.std.AuthBasic.register(tools);
        dev.morello.tools.std.AuthDigest.register(tools);
        dev.morello.tools.std.CachingTools.register(tools);
        dev.morello.tools.std.HeaderTools.register(tools);
        dev.morello.tools.std.MiscTools.register(tools);
        dev.morello.tools.std.EncodingTools.register(tools);
        dev.morello.tools.std.CompressionTools.register(tools);
        dev.morello.tools.std.BodyTools.register(tools);
        registerProvided(tools);
    }

    /**
     * Asks every {@link ToolProvider} to register its tools: those of the framework's module layer
     * (the module path), then those the framework's class loader and the thread's context loader
     * see (the class path, and an application or test runner with a loader of its own). A provider
     * found by more than one of them is asked once. One that fails to load is logged and skipped:
     * the framework still starts, without its tools.
     */
    private static void registerProvided(Toolbox tools) {
        Set<String> asked = new HashSet<>();
        ModuleLayer layer = BuiltinTools.class.getModule().getLayer();
        if (layer != null) {
            registerProvided(tools, ServiceLoader.load(layer, ToolProvider.class), asked);
        }
        ClassLoader own = BuiltinTools.class.getClassLoader();
        registerProvided(tools, ServiceLoader.load(ToolProvider.class, own), asked);
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        if (context != null && context != own) {
            registerProvided(tools, ServiceLoader.load(ToolProvider.class, context), asked);
        }
    }

    private static void registerProvided(Toolbox tools, ServiceLoader<ToolProvider> loader, Set<String> asked) {
        Iterator<ServiceLoader.Provider<ToolProvider>> providers = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<ToolProvider> provider;
            try {
                if (!providers.hasNext()) {
                    return;
                }
                provider = providers.next();
            } catch (ServiceConfigurationError e) {
                // the loader may fail the same way again; the other loaders still get their turn
                LOG.warn("The tool providers could not be listed", e);
                return;
            }
            if (asked.add(provider.type().getName())) {
                try {
                    provider.get().register(tools);
                } catch (ServiceConfigurationError | RuntimeException e) {
                    LOG.warn("The tool provider {} failed to register its tools", provider.type().getName(), e);
                }
            }
        }
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
