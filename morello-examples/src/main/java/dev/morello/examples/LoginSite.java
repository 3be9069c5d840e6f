package dev.morello.examples;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.sessions.Session;
import dev.morello.tools.std.auth.SessionAuth;
import java.util.Map;

/**
 * A site behind CherryPy's {@code session_auth} tool: every page asks for a login first (the
 * tool's form, posting to {@code do_login}), and a logged-in user's visits are counted in their
 * session. The users and passwords here are an example's; a real site checks a store of salted
 * password hashes.
 *
 * <pre>
 * GET  /                    the login form, or the user's page
 * POST /do_login            username, password, from_page: logs in (a new session id) and goes back
 * POST /do_logout           logs out
 * </pre>
 */
public class LoginSite {
    static final Map<String, String> USERS = Map.of("alice", "wonderland", "bob", "builder");

    /** Checks a login as {@code check_username_and_password}: null when right, else the form's message. */
    public static String check(String username, String password) {
        String known = USERS.get(username);
        return known != null && known.equals(password) ? null : "Wrong login/password";
    }

    /** Sessions and the login form on the whole site. */
    public static Map<String, Map<String, Object>> config() {
        return Map.of("/", Map.of(
                "tools.sessions.on", true,
                "tools.session_auth.on", true,
                "tools.session_auth.check_username_and_password", (SessionAuth.Credentials) LoginSite::check));
    }

    @Expose
    public String index(Request request, Session session) {
        int visits = session.getInt("visits", 0) + 1;
        session.put("visits", visits);
        return "<html><body><p>Hello " + request.login() + ", visit " + visits + ".</p>"
                + "<form method=\"post\" action=\"do_logout\"><input type=\"hidden\" name=\"from_page\" value=\"/\" />"
                + "<input type=\"submit\" value=\"Log out\" /></form></body></html>";
    }

    public static void main(String[] args) {
        Morello.quickstart(new LoginSite(), "", config());
    }
}
