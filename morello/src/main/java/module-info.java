/**
 * Morello, the framework: applications mounted on a tree, dispatchers, configuration and tools,
 * served by the built-in HTTP server ({@code dev.morello.http}) and driven by the engine
 * ({@code dev.morello.engine}).
 */
module dev.morello {
    requires transitive dev.morello.http;
    requires transitive dev.morello.engine;
    requires transitive org.slf4j;

    exports dev.morello;
    exports dev.morello.config;
    exports dev.morello.dispatch;
    exports dev.morello.statics;
    exports dev.morello.tools;
    exports dev.morello.tools.std;

    uses dev.morello.tools.ToolProvider;
}
