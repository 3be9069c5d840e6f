package dev.morello.json;

import dev.morello.tools.ToolProvider;
import dev.morello.tools.Toolbox;

/**
 * Registers {@code json_in} and {@code json_out} when the framework loads: found as a service on
 * the module path ({@code module-info.java}) or the class path ({@code META-INF/services}).
 */
public final class JsonToolProvider implements ToolProvider {
    /** Made by the service loader. */
    public JsonToolProvider() {
    }

    @Override
    public void register(Toolbox tools) {
        JsonTools.register(tools);
    }
}
