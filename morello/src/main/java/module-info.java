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
    exports dev.morello.health;
    exports dev.morello.sessions;
    exports dev.morello.sse;
    exports dev.morello.stats;
    exports dev.morello.websocket;
    exports dev.morello.statics;
    exports dev.morello.tools;
    // the tools users configure by reference (credentials checkers) or make for a toolbox of their own
    exports dev.morello.tools.std.auth;
    exports dev.morello.tools.std.body;
    exports dev.morello.tools.std.cors;
    // the JSON tools log as the built-in ones do (internal.Log: SLF4J, or the console)
    exports dev.morello.internal to dev.morello.json;

    uses dev.morello.tools.ToolProvider;
    uses dev.morello.internal.JsonLines;
    uses dev.morello.sessions.SessionStorage;
    // Whether SLF4J has a provider, asked without initialising SLF4J (internal.Screen)
    uses org.slf4j.spi.SLF4JServiceProvider;
}
