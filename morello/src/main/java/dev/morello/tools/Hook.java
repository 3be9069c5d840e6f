package dev.morello.tools;

/**
 * A callback attached at a {@link HookPoint}. Lower priorities run first (CherryPy's default is
 * 50); a failsafe hook still runs when an earlier hook at the same point failed.
 */
public record Hook(HookCallback callback, boolean failsafe, int priority) {
    public static final int DEFAULT_PRIORITY = 50;

    public Hook(HookCallback callback) {
        this(callback, false, DEFAULT_PRIORITY);
    }
}
