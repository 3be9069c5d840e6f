package dev.morello.tools;

/**
 * Tools packaged apart from the framework (a library with its own dependencies, such as the JSON
 * tools of {@code dev.morello.json}) register themselves through this service: when the framework
 * loads, every provider found on the module path ({@code provides dev.morello.tools.ToolProvider
 * with ...} in its {@code module-info.java}) or on the class path (a
 * {@code META-INF/services/dev.morello.tools.ToolProvider} file naming the class) is asked to
 * register its tools in {@code Morello.tools()}.
 *
 * <pre>{@code
 * public final class MyToolProvider implements ToolProvider {
 *     public void register(Toolbox tools) {
 *         BuiltinTools.add(tools, new Tool("stamp", HookPoint.BEFORE_FINALIZE, 50, (request, args) -> ...));
 *     }
 * }
 * }</pre>
 *
 * <p>A provider runs while the framework itself is being set up: it should only register tools,
 * not serve or read site config.
 */
public interface ToolProvider {
    /** Registers this provider's tools (with {@link BuiltinTools#add}, so that their keys are known). */
    void register(Toolbox tools);
}
