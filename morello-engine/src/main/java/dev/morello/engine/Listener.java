package dev.morello.engine;

/**
 * Something called when a message is published on a channel it subscribed to. The arguments are
 * whatever the publisher passed ({@code start} and {@code stop} pass none).
 */
@FunctionalInterface
public interface Listener {
    void onMessage(Object... args) throws Exception;
}
