package dev.morello.tools;

import dev.morello.config.Key;
import dev.morello.config.Keys;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Tools by name, under a config namespace, as CherryPy's {@code Toolbox}: {@code Morello.tools()}
 * is the {@code tools} namespace; an application may add its own ({@code new Toolbox("mytools")},
 * then {@code mytools.NAME.on = True} in config).
 *
 * <pre>{@code
 * Morello.tools().register(new Tool("audit", HookPoint.ON_END_REQUEST, 50, (request, args) -> log(request)));
 * Toolbox mine = Toolbox.create("mytools");
 * mine.register(...);
 * }</pre>
 */
public final class Toolbox {
    private static final Map<String, Toolbox> BOXES = new ConcurrentHashMap<>();

    private final String namespace;
    private final Map<String, Tool> tools = new ConcurrentHashMap<>();
    private final Map<String, List<Key>> keys = new ConcurrentHashMap<>();

    private Toolbox(String namespace) {
        this.namespace = namespace;
    }

    /** The toolbox for a namespace, made and registered on first use. */
    public static Toolbox create(String namespace) {
        Toolbox box = BOXES.computeIfAbsent(namespace, Toolbox::new);
        if (!namespace.equals("tools")) {
            Keys.applicationNamespace(namespace);
        }
        return box;
    }

    /** Every toolbox, by namespace. */
    public static Map<String, Toolbox> all() {
        return BOXES;
    }

    public String namespace() {
        return namespace;
    }

    /** Adds (or replaces) a tool, and records its config keys ({@link #keys(String)}). */
    public Toolbox register(Tool tool) {
        tools.put(tool.name(), tool);
        keys.put(tool.name(), keysOf(tool));
        return this;
    }

    /**
     * The config keys of a registered tool, as they were when it was registered:
     * {@code NAMESPACE.NAME.on}, the arguments it declares, and {@code NAMESPACE.NAME.priority};
     * empty for a name not registered here.
     */
    public List<Key> keys(String name) {
        return keys.getOrDefault(name, List.of());
    }

    private List<Key> keysOf(Tool tool) {
        String prefix = namespace + "." + tool.name() + ".";
        List<Key> out = new ArrayList<>(tool.args().size() + 2);
        out.add(new Key(prefix + "on", Key.Type.BOOLEAN, false, Key.Scope.ANY, "switch the " + tool.name() + " tool on"));
        out.addAll(tool.args());
        out.add(new Key(prefix + "priority", Key.Type.INTEGER, tool.priority(), Key.Scope.ANY,
                "hook priority (" + tool.point().configName() + ")"));
        return Collections.unmodifiableList(out);
    }

    public Tool get(String name) {
        return tools.get(name);
    }

    /** A handler tool by name, for use as a page handler; IllegalArgumentException when it is not one. */
    public HandlerTool handlerTool(String name) {
        if (tools.get(name) instanceof HandlerTool h) {
            return h;
        }
        throw new IllegalArgumentException("no handler tool " + name + " in " + namespace);
    }

    public Map<String, Tool> tools() {
        return Collections.unmodifiableMap(tools);
    }
}
