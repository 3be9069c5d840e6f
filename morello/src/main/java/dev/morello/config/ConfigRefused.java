package dev.morello.config;

import java.util.List;

/**
 * Config that Morello does not understand, refused before it could be served around: thrown when
 * the engine starts (inside the {@code ChannelFailures} of {@code Morello.engine().start()}, as
 * the cause of its veto), or by a mount or merge on a running site. Its message is the one line
 * (or one line per entry) an operator needs: where the entry is, the entry, what is wrong, and
 * the nearest valid name.
 *
 * <pre>
 * site.conf:7: 'tools.gzip.compresslevel' is not an argument of the tool gzip. Did you mean 'tools.gzip.compress_level'?
 * </pre>
 *
 * <p>Where is {@code file:line} for a config file; for a Java map, the application's mount point
 * and section (or "the site config"); for an annotation, {@code @Config on Class.method, entry N}.
 */
public final class ConfigRefused extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** One refused entry (or section): where it is, its key (empty for a section), and why. */
    public record Refusal(String where, String key, String message) {
        @Override
        public String toString() {
            return where + ": " + message;
        }
    }

    private final transient List<Refusal> refusals;

    public ConfigRefused(List<Refusal> refusals) {
        super(text(refusals));
        this.refusals = List.copyOf(refusals);
    }

    /** Each refused entry, in the order found (site config, then each application). */
    public List<Refusal> refusals() {
        return refusals;
    }

    private static String text(List<Refusal> refusals) {
        if (refusals.size() == 1) {
            return refusals.get(0).toString();
        }
        StringBuilder b = new StringBuilder().append(refusals.size()).append(" config entries are refused:");
        for (Refusal r : refusals) {
            b.append("\n  ").append(r);
        }
        return b.toString();
    }
}
