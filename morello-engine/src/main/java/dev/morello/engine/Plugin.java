package dev.morello.engine;

/**
 * Something that hangs off the bus: it subscribes its listeners when attached and removes them
 * when detached.
 */
public interface Plugin {
    void subscribe(Bus bus);

    void unsubscribe(Bus bus);
}
