package dev.morello.tools;

import dev.morello.config.Keys;
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

    /** Adds (or replaces) a tool. */
    public Toolbox register(Tool tool) {
        tools.put(tool.name(), tool);
        return this;
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
        return java.util.Collections.unmodifiableMap(tools);
    }
}
