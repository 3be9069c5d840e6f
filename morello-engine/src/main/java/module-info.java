/**
 * The Morello engine: a publish/subscribe bus with CherryPy's states and channels, and the
 * plugins that hang off it. It knows nothing of HTTP; the server is just one plugin.
 */
module dev.morello.engine {
    exports dev.morello.engine;
    exports dev.morello.engine.plugins;
}
