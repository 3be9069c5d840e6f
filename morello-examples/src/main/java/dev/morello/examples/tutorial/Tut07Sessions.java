package dev.morello.examples.tutorial;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.sessions.Session;

/**
 * Tutorial 7, sessions: a hit counter kept in the visitor's session. The handler class turns the
 * sessions tool on for itself, as the tutorial's {@code _cp_config} does; the session follows
 * the visitor by its cookie.
 */
public final class Tut07Sessions {
    private Tut07Sessions() {
    }

    /** Counts the visitor's views of the page. */
    @Config("tools.sessions.on = True")
    public static class HitCounter {
        /** One more view, kept in the session, and the count so far. */
        @Expose
        public String index() {
            Session session = Morello.session();
            int count = session.getInt("count", 0) + 1;
            session.put("count", count);
            // the tutorial's text, its indentation included
            return "\n            During your current session, you've viewed this"
                    + "\n            page " + count + " times! Your life is a patio of fun!"
                    + "\n        ";
        }
    }

    /** Serves a HitCounter at "/". */
    public static void main(String[] args) {
        Morello.quickstart(new HitCounter());
    }
}
