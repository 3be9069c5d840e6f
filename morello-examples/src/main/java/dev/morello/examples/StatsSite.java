package dev.morello.examples;

import dev.morello.Default;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Param;
import dev.morello.stats.StatsPage;
import java.util.Map;

/**
 * A site that watches itself, as CherryPy's {@code cpstats} does: its pages are counted by the
 * {@code cpstats} tool ({@code tools.cpstats.on = True} on {@code /}), and {@link StatsPage},
 * mounted at {@code /cpstats}, shows the counts live. Load it ({@code /work?ms=50},
 * {@code /users/42}) and watch {@code /cpstats/}: requests a second, latency percentiles, open
 * connections, and the requests by path template ({@code /users/*}, not one line per user).
 */
public class StatsSite {
    /** Where the statistics page is mounted. */
    public static final String STATS = "/cpstats";

    public Users users = new Users();

    @Expose
    public String index() {
        return "Hello! The statistics are at " + STATS + "/";
    }

    /** Takes {@code ms} milliseconds (at most two seconds), a page with a known latency. */
    @Expose
    public String work(@Param(defaultValue = "20") int ms) throws InterruptedException {
        Thread.sleep(Math.clamp(ms, 0, 2000));
        return "worked " + ms + " ms";
    }

    public static class Users {
        /** {@code /users/42}: every user counts under {@code /users/*}. */
        @Default
        public String show(String id) {
            return "user " + id;
        }
    }

    /** The site's config: the cpstats tool on for every page. */
    public static Map<String, Map<String, Object>> config() {
        return Map.of("/", Map.of("tools.cpstats.on", true));
    }

    /** Mounts the site at the root and the statistics page at {@link #STATS}. */
    public static void mount() {
        Morello.tree().mount(new StatsSite(), "", config());
        Morello.tree().mount(new StatsPage(), STATS);
    }

    public static void main(String[] args) {
        Morello.tree().mount(new StatsPage(), STATS);
        Morello.quickstart(new StatsSite(), "", config());
    }
}
