package dev.morello.sessions;

import dev.morello.Request;
import dev.morello.Response;
import dev.morello.ResponseBody;
import dev.morello.config.Key;
import dev.morello.config.Keys;
import dev.morello.internal.Log;
import dev.morello.tools.Hook;
import dev.morello.tools.HookCallback;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * CherryPy's {@code tools.sessions}: binds a {@link Session} to each request of the paths where
 * it is on ({@code before_request_body}, priority 50), locks it ({@code before_handler} 50 under
 * {@code implicit} locking, {@code before_request_body} 60 under {@code early}), saves it at
 * {@code before_finalize} (after the body is sent when it is produced as it is sent) and releases
 * its lock at {@code on_end_request} (priority 90, whatever happened).
 *
 * <pre>
 * [/]
 * tools.sessions.on = True
 * tools.sessions.timeout = 30
 * tools.sessions.storage_type = "file"
 * tools.sessions.storage_path = "/var/lib/shop/sessions"
 * </pre>
 *
 * <p>Where it differs from CherryPy, and why:
 * <ul>
 * <li>{@code httponly} is on by default and {@code samesite} ({@code Lax} by default) is added:
 *     scripts have no business reading a session id, and cross-site posts none carrying it.
 *     {@code samesite = "None"} requires {@code secure = True}, as browsers do.
 * <li>Values are encoded by {@link SessionValues} (no pickle, no Java serialization).
 * <li>The RAM storage is bounded ({@code max_sessions}); {@code lock_timeout} defaults to 30
 *     seconds rather than waiting forever, and a lock that times out fails the request with a 500
 *     naming it.
 * <li>A body produced as it is sent (an iterable, a stream) is not collapsed into memory to
 *     save early (CherryPy #1147): the save and the release of the lock wait until it is sent.
 *     A file body does not hold the lock while it is sent.
 * <li>{@link Session#expire()} sets {@code Max-Age=0} besides backdating {@code expires}, since
 *     browsers obey {@code Max-Age} first; {@link Session#delete()} keeps a later save from
 *     storing the session again.
 * <li>Of several cookies with the session's name, the first whose session exists is used.
 * <li>Arguments a storage does not take are refused ({@code storage_path} with {@code ram}
 *     storage, say), as is any argument no storage takes.
 * </ul>
 */
public final class SessionTool {
    /** The tool's name in config: {@code tools.sessions}. */
    public static final String NAME = "sessions";

    private static final Log LOG = Log.named("morello.error", "TOOLS.SESSIONS");
    private static final String DEFERRED = "morello.session.deferred";
    private static final int MAX_ID_LENGTH = 128;

    /** The arguments every storage shares (those the storages add are checked against the chosen one). */
    private static final Set<String> COMMON = Set.of("storage_class", "storage_type", "path", "path_header", "name",
            "timeout", "clean_freq", "persistent", "domain", "secure", "httponly", "samesite", "locking",
            "lock_timeout", "debug");

    private SessionTool() {
    }

    /** Registers {@code sessions}. */
    public static void register(Toolbox tools) {
        tools.register(tool());
    }

    /** A new {@code sessions} tool, with CherryPy's arguments and those of every storage known now. */
    public static Tool tool() {
        Tool t = Tool.of(NAME, HookPoint.BEFORE_REQUEST_BODY, 50, SessionTool::plan)
                .arg("storage_type", Key.Type.STRING, "ram", "where sessions are kept: ram, file, or a storage"
                        + " packaged apart (redis, with morello-redis)", Key.Check.valid("a known storage", v -> {
                            if (Storages.named(v.toString()) == null) {
                                throw new IllegalArgumentException("no session storage '" + v + "' (known: "
                                        + String.join(", ", Storages.all().keySet()) + ")");
                            }
                        }))
                .arg("storage_class", Key.Type.OBJECT, null, "a SessionStorage or SessionStore (an instance, a class,"
                        + " or a class name) to use instead of storage_type")
                .arg("path", Key.Type.STRING, null, "the cookie's Path (else the path_header request header, else /)")
                .arg("path_header", Key.Type.STRING, null, "a request header giving the cookie's Path when path is not set")
                .arg("name", Key.Type.STRING, "session_id", "the cookie's name", Key.Check.valid("a cookie name", v -> {
                    if (!Keys.token(v.toString())) {
                        throw new IllegalArgumentException("'" + v + "' cannot be a cookie name");
                    }
                }))
                .arg("timeout", Key.Type.NUMBER, 60, "minutes a session lives after its last save", Key.Check.range(1e-3, 1e9))
                .arg("clean_freq", Key.Type.NUMBER, 5, "minutes between sweeps of expired sessions", Key.Check.range(1e-3, 1e9))
                .arg("persistent", Key.Type.BOOLEAN, true, "whether the cookie outlives the browser (Max-Age and expires)")
                .arg("domain", Key.Type.STRING, null, "the cookie's Domain")
                .arg("secure", Key.Type.BOOLEAN, false, "whether the cookie is sent over HTTPS only")
                .arg("httponly", Key.Type.BOOLEAN, true, "whether scripts are kept from the cookie (CherryPy: False)")
                .arg("samesite", Key.Type.STRING, "Lax", "the cookie's SameSite (CherryPy sets none); None needs secure",
                        Key.Check.oneOf("Lax", "Strict", "None"))
                .arg("locking", Key.Type.STRING, "implicit", "when the session's lock is taken: implicit (before the"
                        + " handler), early (before the body is read), explicit (by the application)",
                        Key.Check.oneOf("implicit", "early", "explicit"))
                .arg("lock_timeout", Key.Type.SECONDS, 30, "seconds a request waits for the session's lock before it"
                        + " fails (None: no limit)", Key.Check.atLeast(0))
                .arg("debug", Key.Type.BOOLEAN, false, "log what the tool does (TOOLS.SESSIONS)");
        Set<String> declared = new HashSet<>(COMMON);
        for (SessionStorage s : Storages.all().values()) {
            for (SessionStorage.Argument a : s.arguments()) {
                if (declared.add(a.name())) {
                    t.arg(a.name(), a.type(), a.defaultValue(), a.meaning(), a.check());
                }
            }
        }
        return t;
    }

    // ---- the plan of a path --------------------------------------------------------------------

    private static List<Tool.Setup> plan(ToolArgs args, int priority) {
        SessionStorage storage = storage(args);
        Set<String> own = new HashSet<>();
        for (SessionStorage.Argument a : storage.arguments()) {
            own.add(a.name());
        }
        List<Object> identity = new ArrayList<>();
        identity.add(storage);
        for (String k : new TreeSet<>(args.asMap().keySet())) {
            if (COMMON.contains(k)) {
                continue;
            }
            if (!own.contains(k)) {
                throw new IllegalArgumentException("tools.sessions." + k + " is not an argument of the " + storage.name()
                        + " storage" + (own.isEmpty() ? "" : " (it takes " + String.join(", ", new TreeSet<>(own)) + ")"));
            }
            identity.add(k);
            identity.add(args.get(k));
        }
        Duration cleanFreq = minutes(args.number("clean_freq", 5));
        SessionSettings settings = settings(args);
        boolean debug = args.bool("debug", false);
        // opened when the path's config is worked out: a storage that cannot open refuses the config
        SessionStore store = SessionStores.open(storage, identity, args, cleanFreq);
        Hook init = new Hook(named("tools.sessions: bind the session", request -> init(request, store, settings, debug)),
                false, priority);
        // early: right after the session is bound, whatever priority the config gave the tool
        Hook lock = new Hook(named("tools.sessions: lock the session", SessionTool::lock), false, settings.locking().equals("early") ? Math.max(60, priority + 1) : 50);
        Hook save = new Hook(named("tools.sessions: save the session", SessionTool::save), true, 50);
        Hook close = new Hook(named("tools.sessions: release the session", SessionTool::close), true, 90);
        HookPoint lockPoint = switch (settings.locking()) {
            case "early" -> HookPoint.BEFORE_REQUEST_BODY;
            case "implicit" -> HookPoint.BEFORE_HANDLER;
            default -> null;
        };
        return List.of(request -> {
            request.hooks().attach(HookPoint.BEFORE_REQUEST_BODY, init);
            if (lockPoint != null) {
                request.hooks().attach(lockPoint, lock);
            }
            request.hooks().attach(HookPoint.BEFORE_FINALIZE, save);
            request.hooks().attach(HookPoint.ON_END_REQUEST, close);
        });
    }

    private static SessionStorage storage(ToolArgs args) {
        Object cls = args.get("storage_class");
        if (cls == null) {
            String type = args.string("storage_type", "ram");
            SessionStorage s = Storages.named(type);
            if (s == null) {
                throw new IllegalArgumentException("tools.sessions.storage_type: no session storage '" + type + "' (known: "
                        + String.join(", ", Storages.all().keySet()) + ")");
            }
            return s;
        }
        if (args.has("storage_type")) {
            throw new IllegalArgumentException("tools.sessions: give storage_type or storage_class, not both");
        }
        Object made = cls;
        if (cls instanceof CharSequence name) {
            try {
                ClassLoader loader = Thread.currentThread().getContextClassLoader();
                made = Class.forName(name.toString(), true, loader == null ? SessionTool.class.getClassLoader() : loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("tools.sessions.storage_class: no class " + name, e);
            }
        }
        if (made instanceof Class<?> c) {
            if (!SessionStorage.class.isAssignableFrom(c) && !SessionStore.class.isAssignableFrom(c)) {
                throw new IllegalArgumentException("tools.sessions.storage_class: " + c.getName()
                        + " is neither a SessionStorage nor a SessionStore");
            }
            try {
                made = c.getConstructor().newInstance();
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException("tools.sessions.storage_class: cannot make a " + c.getName()
                        + " (it needs a public constructor without arguments): " + e, e);
            }
        }
        if (made instanceof SessionStorage s) {
            return s;
        }
        if (made instanceof SessionStore given) {
            return new SessionStorage() {
                @Override
                public String name() {
                    return given.getClass().getName();
                }

                @Override
                public List<Argument> arguments() {
                    return List.of();
                }

                @Override
                public SessionStore open(ToolArgs a) {
                    return given;
                }

                @Override
                public boolean equals(Object o) {
                    return o != null && o.getClass() == getClass() && o.hashCode() == hashCode();
                }

                @Override
                public int hashCode() {
                    return System.identityHashCode(given);
                }
            };
        }
        throw new IllegalArgumentException("tools.sessions.storage_class must be a SessionStorage or a SessionStore, not "
                + made.getClass().getName());
    }

    private static SessionSettings settings(ToolArgs args) {
        boolean secure = args.bool("secure", false);
        String sameSite = args.string("samesite", "Lax");
        if (sameSite != null) {
            sameSite = Character.toUpperCase(sameSite.charAt(0)) + sameSite.substring(1).toLowerCase(Locale.ROOT);
            if (sameSite.equals("None") && !secure) {
                throw new IllegalArgumentException("tools.sessions.samesite = \"None\" needs tools.sessions.secure = True"
                        + " (browsers drop such cookies otherwise)");
            }
        }
        Object lt = args.get("lock_timeout", 30);
        Duration lockTimeout = lt == null || "None".equals(String.valueOf(lt)) ? null
                : lt instanceof Duration d ? d : Duration.ofNanos((long) (args.number("lock_timeout", 30) * 1e9));
        String locking = args.string("locking", "implicit").toLowerCase(Locale.ROOT);
        return new SessionSettings(args.string("name", "session_id"), args.string("path", null),
                args.string("path_header", null), minutes(args.number("timeout", 60)), args.bool("persistent", true),
                args.string("domain", null), secure, args.bool("httponly", true), sameSite, locking, lockTimeout);
    }

    private static Duration minutes(double m) {
        return Duration.ofMillis(Math.round(m * 60_000));
    }

    // ---- the hooks -----------------------------------------------------------------------------

    /** Binds the session: the first id the client sent that exists in storage, else a new one. */
    private static void init(Request request, SessionStore store, SessionSettings settings, boolean debug) throws IOException {
        if (request.attribute(Session.ATTRIBUTE) != null) {
            return;
        }
        for (Request prev = request.prev(); prev != null; prev = prev.prev()) {
            Session carried = prev.attribute(Session.ATTRIBUTE);
            if (carried != null) {
                carried.rebind(request);
                request.attribute(Session.ATTRIBUTE, carried);
                return;
            }
        }
        List<String> sent = request.cookies(settings.name()).stream().filter(v -> !v.isEmpty()).toList();
        String found = null;
        for (String id : sent) {
            if (id.length() <= MAX_ID_LENGTH && printable(id) && store.exists(id, request.time())) {
                found = id;
                break;
            }
        }
        String id = found;
        if (id == null) {
            do {
                id = Session.newId();
            } while (store.exists(id, request.time()));
        }
        boolean missing = found == null && !sent.isEmpty();
        if (debug) {
            LOG.info(missing ? "session id {} not found: new id {}" : "session id {}", found == null ? sent : found, id);
        }
        Session session = new Session(store, settings, request, sent.isEmpty() ? null : sent.get(0), id, missing);
        request.attribute(Session.ATTRIBUTE, session);
        settings.setCookie(request, id);
    }

    private static void lock(Request request) {
        Session s = request.attribute(Session.ATTRIBUTE);
        if (s != null && !s.locked()) {
            s.acquireLock();
        }
    }

    /**
     * Saves the session and releases its lock, unless the body is produced as it is sent: then
     * both wait for {@code on_end_request}.
     */
    private static void save(Request request) {
        Session s = request.attribute(Session.ATTRIBUTE);
        if (s == null || request.attribute(DEFERRED) != null) {
            return;
        }
        Response response = request.response();
        ResponseBody body = response.body();
        if (response.stream() || body instanceof ResponseBody.Chunks || body instanceof ResponseBody.Stream) {
            request.attribute(DEFERRED, Boolean.TRUE);
            return;
        }
        s.finish();
    }

    private static void close(Request request) {
        Session s = request.attribute(Session.ATTRIBUTE);
        if (s == null) {
            return;
        }
        try {
            if (request.attribute(DEFERRED) != null) {
                request.attribute(DEFERRED, null);
                s.finish();
            }
        } catch (UncheckedIOException e) {
            LOG.error("the session of {} could not be saved after its body was sent", request.requestLine(), e);
        } finally {
            s.releaseLock();
        }
    }

    private static boolean printable(String id) {
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c <= ' ' || c >= 0x7f) {
                return false;
            }
        }
        return true;
    }

    /** A hook callback that the error log names by what it does. */
    private static HookCallback named(String name, HookCallback callback) {
        return new HookCallback() {
            @Override
            public void run(Request request) throws Exception {
                callback.run(request);
            }

            @Override
            public String toString() {
                return name;
            }
        };
    }
}
