package dev.morello.tools.std.body;

import dev.morello.Request;
import dev.morello.Response;
import dev.morello.ResponseBody;
import dev.morello.config.Key;
import dev.morello.internal.Log;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Tools that shape the response body and its headers: {@code flatten} and {@code autovary}.
 *
 * <h2>{@code tools.flatten}</h2>
 * At {@code before_finalize} (priority 50): a body of chunks whose chunks may themselves be
 * chunks ({@code Iterable}, {@code Iterator}, {@code Stream} or {@code Object[]}, to any depth) is
 * replaced by one flat sequence of its text and byte chunks, walked lazily as the body is sent,
 * so a handler can return pieces made by other generators:
 *
 * <pre>{@code
 * @Expose public Object page() {
 *     return List.of("<ul>", items.stream().map(i -> List.of("<li>", i.name(), "</li>")), "</ul>");
 * }
 * }</pre>
 *
 * CherryPy's opens only generators; here any nested sequence is opened. A top-level
 * {@code Object[]} body is taken as well. Nested streams are closed once walked.
 *
 * <h2>{@code tools.autovary}</h2>
 * Writes {@code Vary} (RFC 9110 §12.5.5) from the request headers the response depended on. At
 * {@code on_start_resource} (priority 0) it puts a mutable {@code Set<String>} in the request
 * attribute {@value #VARY_ATTRIBUTE}; at {@code before_finalize} (priority 95) the names in it,
 * less those in {@code ignore} (default {@code Content-Disposition}, {@code Content-Length},
 * {@code Content-Type}, which the framework itself reads), are added to {@code Vary}: after any
 * names already there, sorted, each once.
 *
 * <p>Who fills the set: the tools that negotiate ({@code encode} adds {@code Accept-Charset},
 * {@code gzip} and {@code deflate} add {@code Accept-Encoding}), and the handler, for the headers
 * it chooses by:
 *
 * <pre>{@code
 * @Expose public String hello(Request request) {
 *     BodyTools.varies(request, "Accept-Language");      // or add to request.attribute("morello.vary")
 *     return greetingFor(request.headers().get("Accept-Language"));
 * }
 * }</pre>
 *
 * <p>Unlike CherryPy, which swaps the request's header map for one that records every name read,
 * Morello's headers are not watched: reading a header records nothing by itself, so what the
 * response depends on is said explicitly. That also keeps out headers read only to log them or to
 * check the request, which CherryPy's recording adds to {@code Vary}. An empty set writes no
 * {@code Vary} (CherryPy writes an empty one); {@code Vary: *} is left as it is.
 */
public final class BodyTools {
    /** The request attribute holding the names of the request headers the response varies by. */
    public static final String VARY_ATTRIBUTE = "morello.vary";

    private static final Log LOG = Log.named("morello.tools.body", "TOOLS");
    private static final List<String> DEFAULT_IGNORE = List.of("Content-Disposition", "Content-Length", "Content-Type");

    private BodyTools() {
    }

    /** Registers {@code flatten} and {@code autovary}. */
    public static void register(Toolbox tools) {
        tools.register(new Tool("flatten", HookPoint.BEFORE_FINALIZE, 50, BodyTools::flatten)
                .arg("debug", Key.Type.BOOLEAN, false, "log when a body is flattened"));
        tools.register(autovaryTool()
                .arg("ignore", Key.Type.LIST, DEFAULT_IGNORE, "request headers never added to Vary")
                .arg("debug", Key.Type.BOOLEAN, false, "log the names added to Vary"));
    }

    /**
     * Says that the response depends on these request headers, for {@code tools.autovary}; does
     * nothing when autovary is off.
     */
    public static void varies(Request request, String... names) {
        for (String n : names) {
            BodyVary.record(request, n);
        }
    }

    static void flatten(Request request, ToolArgs args) {
        Response response = request.response();
        if (response.body() instanceof ResponseBody.Chunks body) {
            BodyFlattener flat = new BodyFlattener(body.chunks(), body);
            response.body(new ResponseBody.Chunks(flat, flat));
            if (args.bool("debug", false)) {
                LOG.info("[{}] flattening a body of chunks", request.uniqueId());
            }
        }
    }

    /** autovary: a set to fill as the request starts, written to {@code Vary} before finalizing. */
    private static Tool autovaryTool() {
        return Tool.of("autovary", HookPoint.ON_START_RESOURCE, 0, BodyTools::autovaryPlan);
    }

    private static List<Tool.Setup> autovaryPlan(ToolArgs args, int priority) {
        Set<String> ignore = new java.util.HashSet<>();
        for (String n : args.strings("ignore", DEFAULT_IGNORE)) {
            ignore.add(n.trim().toLowerCase(Locale.ROOT));
        }
        boolean debug = args.bool("debug", false);
        Hook start = new Hook(request -> request.attribute(VARY_ATTRIBUTE, new LinkedHashSet<String>()), false, priority);
        Hook write = new Hook(request -> write(request, ignore, debug), false, 95);
        return List.of(request -> {
            request.hooks().attach(HookPoint.ON_START_RESOURCE, start);
            request.hooks().attach(HookPoint.BEFORE_FINALIZE, write);
        });
    }

    private static void write(Request request, Set<String> ignore, boolean debug) {
        Object recorded = request.attribute(VARY_ATTRIBUTE);
        if (!(recorded instanceof Collection<?> names)) {
            return;
        }
        List<String> add = new ArrayList<>(names.size());
        for (Object o : names) {
            String n = o == null ? "" : o.toString().trim();
            if (!n.isEmpty() && !ignore.contains(n.toLowerCase(Locale.ROOT))) {
                add.add(n);
            }
        }
        add.sort(String.CASE_INSENSITIVE_ORDER);
        BodyVary.merge(request.response().headers(), add);
        if (debug) {
            LOG.info("[{}] Vary from {}: {}", request.uniqueId(), add, request.response().headers().get("Vary"));
        }
    }
}
