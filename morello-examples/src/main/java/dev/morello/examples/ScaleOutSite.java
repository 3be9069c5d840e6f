package dev.morello.examples;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.sessions.Session;
import java.util.List;
import java.util.Map;

/**
 * One instance of a site that runs as several behind a reverse proxy (nginx), its sessions in
 * Redis so that any instance serves any visitor: a login, and a page counting the visitor's
 * visits in the session and saying which instance served it. Run two, each with its own name and
 * port, and {@code deploy/nginx.conf} in front of them (see {@code docs/deployment.md}):
 *
 * <pre>
 * java -jar morello-examples.jar scaleout --port 8081 --instance a --redis redis://127.0.0.1:6379
 * java -jar morello-examples.jar scaleout --port 8082 --instance b --redis redis://127.0.0.1:6379
 *
 * GET  /          the login form, or the visitor's page: "alice, visit 3, served by a"
 * POST /login     username, password: a new session id, the user in the session, 303 to /
 * POST /logout    the session deleted, the cookie dropped, 303 to /
 * GET  /whoami    the client's address, the site's base URL and scheme as this instance sees them
 * </pre>
 *
 * Every response says which instance made it in {@code X-Instance}. The users and passwords are
 * {@link LoginSite}'s.
 */
public class ScaleOutSite {
    private final String instance;

    public ScaleOutSite(String instance) {
        this.instance = instance;
    }

    /**
     * Sessions in Redis at {@code redisUrl}, and the {@code proxy} tool trusting only
     * {@code proxy} (the address of nginx, or a CIDR range of proxies): a request from there has
     * its client address, host and scheme taken from {@code X-Forwarded-For},
     * {@code X-Forwarded-Host} and {@code X-Forwarded-Proto}; from anywhere else those headers
     * are ignored.
     */
    public static Map<String, Map<String, Object>> config(String instance, String redisUrl, String proxy) {
        return Map.of("/", Map.of(
                "tools.sessions.on", true,
                "tools.sessions.storage_type", "redis",
                "tools.sessions.redis_url", redisUrl,
                // The most a request holds its session's lock. Should an instance die holding one,
                // that visitor's next request waits this long at most (well within lock_timeout,
                // 30 s), rather than the 30 s default lease.
                "tools.sessions.redis_lock_lease", 10,
                "tools.proxy.on", true,
                "tools.proxy.trusted", List.of(proxy),
                "tools.response_headers.on", true,
                "tools.response_headers.headers", Map.of("X-Instance", instance)));
    }

    @Expose
    public String index(Session session) {
        String user = session.getString("user", null);
        if (user == null) {
            return "<html><body><p>Log in (served by " + instance + ").</p>"
                    + "<form method=\"post\" action=\"login\">"
                    + "<input name=\"username\" /> <input name=\"password\" type=\"password\" />"
                    + " <input type=\"submit\" value=\"Log in\" /></form></body></html>";
        }
        int visits = session.getInt("visits", 0) + 1;
        session.put("visits", visits);
        return "<html><body><p>" + user + ", visit " + visits + ", served by " + instance + ".</p>"
                + "<form method=\"post\" action=\"logout\"><input type=\"submit\" value=\"Log out\" /></form>"
                + "</body></html>";
    }

    @Expose
    @Config({"tools.allow.on = True", "tools.allow.methods = ['POST']"})
    public void login(Session session, String username, String password) {
        if (LoginSite.check(username, password) != null) {
            throw new HttpError(403, "Wrong login or password.");
        }
        // a new id at login: one known before it (planted, or seen on a shared machine) is worth nothing after
        session.regenerate();
        session.put("user", username);
        session.put("visits", 0);
        throw new HttpRedirect("/");
    }

    @Expose
    @Config({"tools.allow.on = True", "tools.allow.methods = ['POST']"})
    public void logout(Session session) {
        session.delete();
        session.expire();
        throw new HttpRedirect("/");
    }

    /** What the {@code proxy} tool made of the request: worth a look when setting up a proxy. */
    @Expose
    public String whoami(Request request, Response response) {
        response.headers().set("Content-Type", "text/plain;charset=utf-8");
        return "client " + request.remote().ip() + "\nbase " + request.base() + "\nscheme " + request.scheme()
                + "\ninstance " + instance + "\n";
    }
}
