package dev.morello.tools;

import dev.morello.Request;
import dev.morello.config.Key;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A cross-cutting feature switched on by config, as CherryPy's tools: a callback attached at a
 * {@link HookPoint} when {@code tools.NAME.on = True} holds for a path, with the
 * {@code tools.NAME.ARG} entries as its arguments and {@code tools.NAME.priority} reordering it.
 *
 * <pre>{@code
 * Tool poweredBy = new Tool("powered_by", HookPoint.BEFORE_FINALIZE, 50,
 *         (request, args) -> request.response().headers().set("X-Powered-By", args.string("name", "Morello")))
 *         .arg("name", Key.Type.STRING, "Morello", "the header's value");
 * Morello.tools().register(poweredBy);
 * // config: tools.powered_by.on = True, tools.powered_by.name = "my site"
 * }</pre>
 *
 * <p>Its arguments are declared with {@link #arg}: their type, default and meaning document the
 * tool ({@code docs/config-reference.md}), and before the site serves, every
 * {@code tools.NAME.ARG} entry in any config is checked against them: an argument the tool does
 * not declare, a value of the wrong type, or one its {@link Key.Check} refuses, stops the start
 * with a message naming the entry and the nearest declared argument. A tool that declares no
 * argument takes any, unchecked (it reads what it wants from its {@link ToolArgs}), unless it says
 * {@link #noOtherArgs()}. The built-in tools declare all of theirs.
 *
 * <pre>{@code
 * new Tool("throttle", HookPoint.ON_START_RESOURCE, 50, Throttle::check)
 *         .arg("per_second", Key.Type.INTEGER, 10, "requests let through each second", Key.Check.range(1, 10_000))
 *         .arg("mode", Key.Type.STRING, "reject", "what to do past the limit", Key.Check.oneOf("reject", "queue"));
 * new Tool("audit", HookPoint.ON_END_REQUEST, 50, Audit::log).noOtherArgs();   // tools.audit.on only
 * }</pre>
 *
 * <p>A tool with one hook gives its callback; a tool with several, or with settings to work out
 * once per config path, gives its {@link Plan}: from its arguments and priority, what each request
 * on the path gets (usually hooks to attach). The callback form is the plan of one hook.
 *
 * <pre>{@code
 * Tool cors = Tool.of("cors", HookPoint.ON_START_RESOURCE, 5, (args, priority) -> {
 *     Policy policy = Policy.of(args);                        // once per config path
 *     return List.of(
 *             Tool.attach(HookPoint.ON_START_RESOURCE, new Hook(policy::preflight, false, priority)),
 *             Tool.attach(HookPoint.BEFORE_FINALIZE, new Hook(policy::actual, true, 90)));
 * });
 * }</pre>
 *
 * <p>Kinds, as CherryPy has: this plain tool (hooks); {@link HandlerTool} (may answer the request
 * instead of the page handler, and can be a page handler itself); {@link HandlerWrapperTool}
 * (wraps the page handler); {@link ErrorTool} (replaces the error response). The kinds are
 * subclasses that say what they attach by overriding {@link #setups}. What a tool attaches is
 * worked out once per config path; a request only replays it.
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

    /**
     * What a tool does on a path where it is on, worked out once per config path from its
     * arguments and its priority there: the setups each request on the path replays. It throws
     * for arguments it refuses, which refuses the path's config.
     */
    @FunctionalInterface
    public interface Plan {
        List<Setup> setups(ToolArgs args, int priority);
    }

    private final String name;
    private final HookPoint point;
    private final int priority;
    private final Plan plan;
    private final List<Key> args = new CopyOnWriteArrayList<>();
    private volatile boolean argsChecked;

    /** A tool with one hook: the callback at {@code point}. */
    public Tool(String name, HookPoint point, int priority, Callback callback) {
        this(name, point, priority, false, callback);
    }

    /** A tool with one hook, which runs even after another hook at its point failed when {@code failsafe}. */
    public Tool(String name, HookPoint point, int priority, boolean failsafe, Callback callback) {
        this(name, point, priority, oneHook(point, failsafe, callback));
    }

    /**
     * A tool of a kind that says what it attaches by overriding {@link #setups}; {@code point} is
     * where its main hook runs, named in the docs of its priority.
     */
    protected Tool(String name, HookPoint point, int priority) {
        this(name, point, priority, (Plan) null);
    }

    private Tool(String name, HookPoint point, int priority, Plan plan) {
        if (name.isEmpty() || name.contains(".")) {
            throw new IllegalArgumentException("a tool name is one word: " + name);
        }
        this.name = name;
        this.point = point;
        this.priority = priority;
        this.plan = plan;
    }

    /**
     * A tool that does what its plan says: one hook or several, at the points it picks.
     * {@code point} is where its main hook runs, named in the docs of its priority.
     */
    public static Tool of(String name, HookPoint point, int priority, Plan plan) {
        return new Tool(name, point, priority, Objects.requireNonNull(plan, "plan"));
    }

    /** A setup that attaches the hook at the point: what most plans return. */
    public static Setup attach(HookPoint point, Hook hook) {
        return request -> request.hooks().attach(point, hook);
    }

    private static Plan oneHook(HookPoint point, boolean failsafe, Callback callback) {
        Objects.requireNonNull(callback, "callback");
        return (args, priority) -> List.of(attach(point, new Hook(request -> callback.run(request, args), failsafe, priority)));
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
     * Declares an argument (its type, default and meaning), for documentation and checks. Once a
     * tool declares one argument, config may set no other (see the class doc).
     */
    public Tool arg(String arg, Key.Type type, Object defaultValue, String meaning) {
        return arg(arg, type, defaultValue, meaning, Key.Check.NONE);
    }

    /**
     * Declares an argument whose value must also pass a check: a range for a number, the words a
     * string may be, or any validator ({@link Key.Check}).
     */
    public Tool arg(String arg, Key.Type type, Object defaultValue, String meaning, Key.Check check) {
        if (arg.isEmpty() || arg.equals("on") || arg.equals("priority")) {
            throw new IllegalArgumentException("every tool has '" + arg + "'; declare its own arguments only");
        }
        args.add(new Key("tools." + name + "." + arg, type, defaultValue, Key.Scope.ANY, meaning, check));
        argsChecked = true;
        return this;
    }

    /**
     * Declares that the tool takes no arguments besides those declared with {@link #arg} (none,
     * if it declares none): config that sets another is refused before the site serves. Declaring
     * an argument implies it; a tool that does neither takes any argument, unchecked.
     */
    public Tool noOtherArgs() {
        argsChecked = true;
        return this;
    }

    /** Whether config may set only the declared arguments (see {@link #noOtherArgs()}). */
    public boolean argsChecked() {
        return argsChecked;
    }

    /** The arguments declared with {@link #arg}. */
    public List<Key> args() {
        return Collections.unmodifiableList(args);
    }

    /** The declaration of an argument ({@code compress_level}), or null. */
    public Key arg(String arg) {
        String full = "tools." + name + "." + arg;
        for (Key k : args) {
            if (k.name().equals(full)) {
                return k;
            }
        }
        return null;
    }

    /**
     * What to do to each request on a path where the tool is on, for these arguments: what its
     * callback or plan says; a kind overrides it.
     */
    public List<Setup> setups(ToolArgs args, int priority) {
        if (plan == null) {
            throw new IllegalStateException(this + " was made to override setups, and does not");
        }
        return plan.setups(args, priority);
    }

    @Override
    public String toString() {
        return "tools." + name;
    }
}
