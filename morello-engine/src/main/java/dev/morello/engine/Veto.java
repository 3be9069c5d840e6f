package dev.morello.engine;

/**
 * Thrown by a listener that refuses what its channel announces: the listeners after it on the
 * channel do not run, and the publisher gets the veto (in a {@link ChannelFailures}) as it gets
 * any failure. A {@code start} listener that finds the site unfit to serve (config it cannot
 * understand, say) vetoes the start at a low priority, so that no server binds a port and no
 * plugin starts; the bus then exits, as for any failed start.
 *
 * <pre>{@code
 * bus.subscribe(Bus.START, args -> {
 *     if (!configUnderstood()) {
 *         throw new Veto("site.conf:4: no tool named session_auth");
 *     }
 * }, 0);
 * }</pre>
 */
public class Veto extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public Veto(String message) {
        super(message);
    }

    public Veto(String message, Throwable cause) {
        super(message, cause);
    }
}
