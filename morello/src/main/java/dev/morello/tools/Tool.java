package dev.morello.tools;

import dev.morello.Request;
import dev.morello.config.Key;
import java.util.List;

/**
 * A cross-cutting feature switched on by config, as CherryPy's tools: a callback attached at a
 * {@link HookPoint} when {@code tools.NAME.on = True} holds for a path, with the
 * {@code tools.NAME.ARG} entries as its arguments and {@code tools.NAME.priority} reordering it.
 *
 * <pre>{@code
 * Tool poweredBy = new Tool("powered_by", HookPoint.BEFORE_FINALIZE, 50,
 *         (request, args) -> Morello.response().headers().set("X-Powered-By", args.string("name", "Morello")))
 *         .arg("name", Key.Type.STRING, "Morello", "the header's value");
 * Morello.tools().register(poweredBy);
 * // config: tools.powered_by.on = True, tools.powered_by.name = "my site"
 * }</pre>
 *
 * <p>Kinds, as CherryPy has: this plain tool (a hook); {@link HandlerTool} (may answer the request
 * instead of the page handler, and can be a page handler itself); {@link HandlerWrapperTool}
 * (wraps the page handler); {@link ErrorTool} (replaces the error response). A tool may attach
 * further hooks by overriding {@link #setups}. What a tool attaches is worked out once per config
 * path; a request only replays it.
 */
public class Tool {
    /** What a plain tool does, with its arguments. */
    @FunctionalInterface
    public interface Callback {
        void run(Request request, ToolArgs args) throws Exception;
    }

    /** One thing a tool does to a request as it starts: usually attaching a hook. */
    @FunctionalInterface
    public interface Setup {
        void apply(Request request) throws Exception;
    }

    private final String name;
    private final HookPoint point;
    private final int priority;
    private final Callback callback;
    private final boolean failsafe;
    private final List<Key> args = new java.util.concurrent.CopyOnWriteArrayList<>();

    public Tool(String name, HookPoint point, int priority, Callback callback) {
        this(name, point, priority, false, callback);
    }

    public Tool(String name, HookPoint point, int priority, boolean failsafe, Callback callback) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("a tool name is one word: " + name);
        }
        this.name = name;
        this.point = point;
        this.priority = priority;
        this.failsafe = failsafe;
        this.callback = callback;
    }

    public String name() {
        return name;
    }

    public HookPoint point() {
        return point;
    }

    /** The default priority (lower runs first); {@code tools.NAME.priority} overrides it. */
    public int priority() {
        return priority;
    }

    /**
     * Declares an argument (its type, default and meaning), for documentation and checks.
     */
    public Tool arg(String arg, Key.Type type, Object defaultValue, String meaning) {
        args.add(new Key("tools." + name + "." + arg, type, defaultValue, Key.Scope.ANY, meaning));
        return this;
    }

    /** The arguments declared with {@link #arg}. */
    public List<Key> args() {
        return java.util.Collections.unmodifiableList(args);
    }

    /**
     * What to do to each request on a path where the tool is on, for these arguments. A plain tool
     * attaches one hook at its point; subclasses attach others or set the request up.
     */
    public List<Setup> setups(ToolArgs args, int priority) {
        Hook hook = new Hook(request -> callback.run(request, args), failsafe, priority);
        HookPoint at = point;
        return List.of(request -> request.hooks().attach(at, hook));
    }

    @Override
    public String toString() {
        return "tools." + name;
    }
}
