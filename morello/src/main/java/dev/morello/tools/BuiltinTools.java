package dev.morello.tools;

import dev.morello.config.Keys;

/**
 * Registering a tool the way the framework registers its own: in the toolbox, with its keys
 * documented for the config reference and the checker. Tool providers ({@link ToolProvider})
 * call it for theirs.
 */
public final class BuiltinTools {
    private BuiltinTools() {
    }

    /** Registers a tool and documents its keys ({@code tools.NAME.on}, its arguments, {@code .priority}). */
    public static void add(Toolbox tools, Tool tool) {
        tools.register(tool);
        Keys.document(tools.keys(tool.name()));
    }
}
