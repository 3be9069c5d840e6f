package dev.morello.tools.std.auth;

import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.internal.Html;
import dev.morello.sessions.Session;
import dev.morello.tools.HandlerTool;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.lang.reflect.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * CherryPy's {@code session_auth} tool: a login form in front of the paths where it is on, the
 * user kept in the session ({@code tools.sessions.on} must be set too). It answers
 * {@code .../login_screen} with the form, {@code .../do_login} and {@code .../do_logout} (POST
 * only: otherwise 405 with {@code Allow: POST}) itself; any other request goes to its handler
 * when the session holds a user (set as {@code request.login()}), and gets the form otherwise.
 *
 * <pre>{@code
 * public static String check(String username, String password) {     // null: right; else the message
 *     return USERS.verify(username, password) ? null : "Wrong login/password";
 * }
 * }</pre>
 * <pre>
 * [/]
 * tools.sessions.on = True
 * tools.session_auth.on = True
 * tools.session_auth.check_username_and_password = com.example.Site::check
 * </pre>
 *
 * <p>Where it differs from CherryPy, and why: a successful login gives the session a new id
 * ({@link Session#regenerate()}), so an id planted before the login is worth nothing after it;
 * the built-in form escapes the user name and the page it returns to, which CherryPy's puts in
 * the page as they came; {@code from_page} may only name a page of this site (a URL with a
 * scheme or host is replaced by {@code /}), so the form cannot be used to send users elsewhere;
 * a {@code do_login} without {@code username} or {@code password} is a 400 (CherryPy: 500).
 */
public final class SessionAuth {
    /** The tool's name in config: {@code tools.session_auth}. */
    public static final String NAME = "session_auth";

    /** Checks a login: null when right, else the message the form shows. */
    @FunctionalInterface
    public interface Credentials {
        String check(String username, String password) throws Exception;
    }

    /** A name for a visitor who has not logged in, or null to ask for a login. */
    @FunctionalInterface
    public interface Anonymous {
        String name() throws Exception;
    }

    /** Told of a user's login, logout, or each request it makes ({@code on_login}, {@code on_logout}, {@code on_check}). */
    @FunctionalInterface
    public interface UserEvent {
        void happened(String username) throws Exception;
    }

    /** The login page: the page to return to, the user name typed so far, and what went wrong (may be empty). */
    @FunctionalInterface
    public interface LoginScreen {
        String render(String fromPage, String username, String errorMessage) throws Exception;
    }

    private SessionAuth() {
    }

    /** Registers {@code session_auth}. */
    public static void register(Toolbox tools) {
        tools.register(tool());
    }

    /** A new {@code session_auth} tool, for a toolbox of one's own. */
    public static Tool tool() {
        return new SessionAuthTool()
                .arg("session_key", Key.Type.STRING, "username", "the session value that holds the user")
                .arg("check_username_and_password", Key.Type.OBJECT, null, "checks a login: a Credentials, a"
                        + " {user: password} dict, or Class::method taking (username, password) and returning null or a message")
                .arg("anonymous", Key.Type.OBJECT, null, "a name for visitors who have not logged in: an Anonymous or"
                        + " Class::method (none: they get the login form)")
                .arg("on_login", Key.Type.OBJECT, null, "told of each login: a UserEvent or Class::method(String)")
                .arg("on_logout", Key.Type.OBJECT, null, "told of each logout: a UserEvent or Class::method(String)")
                .arg("on_check", Key.Type.OBJECT, null, "told of each request of a logged-in user: a UserEvent or"
                        + " Class::method(String)")
                .arg("login_screen", Key.Type.OBJECT, null, "the login page: a LoginScreen or Class::method(String,"
                        + " String, String) (default: a plain form)")
                .arg("debug", Key.Type.BOOLEAN, false, "log what the tool does");
    }

    /** The tool: its settings worked out once per config path. */
    private static final class SessionAuthTool extends HandlerTool {
        SessionAuthTool() {
            super(NAME, 50, (request, args) -> Settings.of(args).run(request));
        }

        @Override
        public List<Setup> setups(ToolArgs args, int priority) {
            Settings s = Settings.of(args);
            Hook hook = new Hook(request -> {
                if (s.run(request)) {
                    request.handler(null);
                }
            }, false, priority);
            return List.of(Tool.attach(HookPoint.BEFORE_HANDLER, hook));
        }
    }

    private record Settings(String key, Credentials credentials, Anonymous anonymous, UserEvent onLogin,
            UserEvent onLogout, UserEvent onCheck, LoginScreen screen) {

        static Settings of(ToolArgs args) {
            String p = "tools." + NAME + ".";
            Credentials credentials = checker(p + "check_username_and_password", args.get("check_username_and_password"));
            return new Settings(args.string("session_key", "username"), credentials,
                    anonymousName(p + "anonymous", args.get("anonymous")),
                    userEvent(p + "on_login", args.get("on_login")), userEvent(p + "on_logout", args.get("on_logout")),
                    userEvent(p + "on_check", args.get("on_check")), loginScreen(p + "login_screen", args.get("login_screen")));
        }

        /** True when the tool answered the request itself. */
        boolean run(Request request) throws Exception {
            String path = request.pathInfo();
            if (path.endsWith("login_screen")) {
                request.response().body(screen.render("..", "", ""));
                return true;
            }
            if (path.endsWith("do_login")) {
                postOnly(request);
                return doLogin(request);
            }
            if (path.endsWith("do_logout")) {
                postOnly(request);
                doLogout(request);
                return true;
            }
            return doCheck(request);
        }

        private static void postOnly(Request request) {
            if (!request.method().equals("POST")) {
                request.response().headers().set("Allow", "POST");
                throw new HttpError(405);
            }
        }

        private boolean doLogin(Request request) throws Exception {
            String username = param(request, "username");
            String password = param(request, "password");
            if (username == null || password == null) {
                throw new HttpError(400, "Missing parameters: " + (username == null ? "username" : "password"));
            }
            String fromPage = safeTarget(request, param(request, "from_page"), "..");
            String error = credentials.check(username, password);
            if (error != null && !error.isEmpty()) {
                request.response().body(screen.render(fromPage, username, error));
                return true;
            }
            Session session = Session.of(request);
            session.regenerate();
            request.login(username);
            session.put(key, username);
            onLogin.happened(username);
            throw new HttpRedirect(fromPage.isEmpty() ? "/" : fromPage);
        }

        private void doLogout(Request request) throws Exception {
            String fromPage = safeTarget(request, param(request, "from_page"), "..");
            Session session = Session.of(request);
            Object username = session.get(key);
            session.put(key, null);
            if (username != null && !username.toString().isEmpty()) {
                request.login(null);
                onLogout.happened(username.toString());
            }
            throw new HttpRedirect(fromPage);
        }

        private boolean doCheck(Request request) throws Exception {
            Session session = Session.of(request);
            Object user = session.get(key);
            String username = user == null ? null : user.toString();
            if (username == null || username.isEmpty()) {
                username = anonymous.name();
                session.put(key, username);
            }
            if (username == null || username.isEmpty()) {
                String qs = request.queryString();
                String here = request.url(request.pathInfo(), qs == null || qs.isEmpty() ? null : qs);
                request.response().body(screen.render(here, "", ""));
                return true;
            }
            request.login(username);
            onCheck.happened(username);
            return false;
        }
    }

    /** A page of this site, else the fallback: no scheme, no host ({@code //x}, {@code \x}), no control characters. */
    static String safeTarget(Request request, String target, String fallback) {
        if (target == null) {
            return fallback;
        }
        for (int i = 0; i < target.length(); i++) {
            char c = target.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                return "/";
            }
        }
        String t = target.strip();
        if (t.startsWith("//") || t.startsWith("\\") || t.startsWith("/\\")) {
            return "/";
        }
        int colon = t.indexOf(':');
        int slash = t.indexOf('/');
        if (colon >= 0 && (slash < 0 || colon < slash)) {
            return t.equals(request.base()) || t.startsWith(request.base() + "/") ? t : "/";
        }
        return t;
    }

    private static String param(Request request, String name) {
        Object v = request.params().get(name);
        if (v instanceof List<?> l) {
            v = l.isEmpty() ? null : l.get(0);
        }
        return v == null ? null : v.toString();
    }

    // ---- the settings' callables -------------------------------------------------------------

    private static Credentials checker(String key, Object value) {
        if (value == null) {
            return (u, p) -> "Wrong login/password";
        }
        if (value instanceof Credentials c) {
            return c;
        }
        if (value instanceof Map<?, ?> m) {
            Map<String, String> users = new HashMap<>();
            m.forEach((k, v) -> users.put(String.valueOf(k), String.valueOf(v)));
            AuthBasic.BasicCredentials check = AuthBasic.checkpasswordDict(users);
            return (u, p) -> check.check("", u, p) ? null : "Wrong login/password";
        }
        String ref = AuthCallables.reference(value);
        if (ref != null) {
            Method m = AuthCallables.staticMethod(key, ref, String.class, String.class, String.class);
            return (u, p) -> (String) AuthCallables.call(m, u, p);
        }
        Credentials made = AuthCallables.instance(key, value, Credentials.class);
        if (made != null) {
            return made;
        }
        throw new IllegalArgumentException(key + " must be a Credentials, a dict of passwords, or Class::method, not " + value);
    }

    private static Anonymous anonymousName(String key, Object value) {
        if (value == null) {
            return () -> null;
        }
        if (value instanceof Anonymous a) {
            return a;
        }
        String ref = AuthCallables.reference(value);
        if (ref != null) {
            Method m = AuthCallables.staticMethod(key, ref, String.class);
            return () -> (String) AuthCallables.call(m);
        }
        Anonymous made = AuthCallables.instance(key, value, Anonymous.class);
        if (made != null) {
            return made;
        }
        throw new IllegalArgumentException(key + " must be an Anonymous or Class::method, not " + value);
    }

    private static UserEvent userEvent(String key, Object value) {
        if (value == null) {
            return u -> { };
        }
        if (value instanceof UserEvent e) {
            return e;
        }
        String ref = AuthCallables.reference(value);
        if (ref != null) {
            Method m = AuthCallables.staticMethod(key, ref, void.class, String.class);
            return u -> AuthCallables.call(m, u);
        }
        UserEvent made = AuthCallables.instance(key, value, UserEvent.class);
        if (made != null) {
            return made;
        }
        throw new IllegalArgumentException(key + " must be a UserEvent or Class::method, not " + value);
    }

    private static LoginScreen loginScreen(String key, Object value) {
        if (value == null) {
            return SessionAuth::defaultScreen;
        }
        if (value instanceof LoginScreen s) {
            return s;
        }
        String ref = AuthCallables.reference(value);
        if (ref != null) {
            Method m = AuthCallables.staticMethod(key, ref, String.class, String.class, String.class, String.class);
            return (f, u, e) -> (String) AuthCallables.call(m, f, u, e);
        }
        LoginScreen made = AuthCallables.instance(key, value, LoginScreen.class);
        if (made != null) {
            return made;
        }
        throw new IllegalArgumentException(key + " must be a LoginScreen or Class::method, not " + value);
    }

    /** CherryPy's form, with what the client gave escaped ({@link Html#escape}). */
    static String defaultScreen(String fromPage, String username, String errorMessage) {
        return "<html><body>\nMessage: " + Html.escape(errorMessage) + "\n<form method=\"post\" action=\"do_login\">\n"
                + "    Login: <input type=\"text\" name=\"username\" value=\"" + Html.escape(username) + "\" size=\"10\" />\n"
                + "    <br />\n"
                + "    Password: <input type=\"password\" name=\"password\" size=\"10\" />\n"
                + "    <br />\n"
                + "    <input type=\"hidden\" name=\"from_page\" value=\"" + Html.escape(fromPage) + "\" />\n"
                + "    <br />\n"
                + "    <input type=\"submit\" />\n"
                + "</form>\n</body></html>";
    }
}
