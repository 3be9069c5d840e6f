package dev.morello.engine;

/**
 * The states of the engine's bus, as CherryPy's: a bus starts STOPPED, goes through STARTING to
 * STARTED, through STOPPING back to STOPPED, and ends EXITING.
 *
 * <pre>
 *   STOPPED ──start()──▶ STARTING ──▶ STARTED ──stop()──▶ STOPPING ──▶ STOPPED
 *      └──────────────────────────exit()──────────────────────────────▶ EXITING
 * </pre>
 */
public enum State {
    STOPPED,
    STARTING,
    STARTED,
    STOPPING,
    EXITING
}
