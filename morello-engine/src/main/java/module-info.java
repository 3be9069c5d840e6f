/**
 * The Morello engine: a publish/subscribe bus with CherryPy's states and channels, and the
 * plugins that hang off it. It knows nothing of HTTP; the server is just one plugin.
 */
module dev.morello.engine {
    // sun.misc.Signal: the JDK's only way to handle TERM, HUP and INT.
    requires jdk.unsupported;
    exports dev.morello.engine;
    exports dev.morello.engine.plugins;
}
