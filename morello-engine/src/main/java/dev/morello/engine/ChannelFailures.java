package dev.morello.engine;

import java.util.List;

/**
 * One or more listeners failed while a message was published. Every listener ran; this lists
 * the failures in the order they happened, each also attached as a suppressed exception.
 */
public final class ChannelFailures extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String channel;
    private final transient List<Throwable> failures;

    public ChannelFailures(String channel, List<Throwable> failures) {
        super(failures.size() + " listener(s) failed on channel '" + channel + "': " + summary(failures),
                failures.get(0));
        this.channel = channel;
        this.failures = List.copyOf(failures);
        for (Throwable t : failures.subList(1, failures.size())) {
            addSuppressed(t);
        }
    }

    public String channel() {
        return channel;
    }

    public List<Throwable> failures() {
        return failures;
    }

    private static String summary(List<Throwable> failures) {
        StringBuilder b = new StringBuilder();
        for (Throwable t : failures) {
            if (b.length() > 0) {
                b.append("; ");
            }
            b.append(t);
        }
        return b.toString();
    }
}
