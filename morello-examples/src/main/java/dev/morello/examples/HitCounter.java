package dev.morello.examples;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.sessions.Session;

/**
 * CherryPy's tutorial 7, sessions ({@code tut07_sessions.py}): a hit counter kept in the
 * visitor's session. The class turns the tool on for itself, as the tutorial's
 * {@code _cp_config} does.
 */
@Config("tools.sessions.on = True")
public class HitCounter {
    @Expose
    public String index() {
        Session session = Morello.session();
        // increase the hit counter, and keep it in the session
        int count = session.getInt("count", 0) + 1;
        session.put("count", count);
        // the tutorial's text, its indentation included
        return "\n            During your current session, you've viewed this"
                + "\n            page " + count + " times! Your life is a patio of fun!"
                + "\n        ";
    }

    public static void main(String[] args) {
        Morello.quickstart(new HitCounter());
    }
}
