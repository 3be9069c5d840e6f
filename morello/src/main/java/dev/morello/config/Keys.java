package dev.morello.config;

import dev.morello.config.Key.Check;
import dev.morello.config.Key.Scope;
import dev.morello.config.Key.Type;
import dev.morello.http.HttpVersion;
import dev.morello.internal.Spelling;
import dev.morello.internal.Values;
import java.nio.charset.Charset;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The registry of known config keys. Framework parts register the keys they read; the checker
 * warns about the rest (with a "did you mean"), values convert through it, and
 * {@code docs/config-reference.md} is generated from it.
 *
 * <pre>{@code
 * Keys.register(new Key("tools.mytool.on", Key.Type.BOOLEAN, false, Key.Scope.ANY, "switch my tool on"));
 * }</pre>
 */
public final class Keys {
    private static final Map<String, Key> KEYS = new ConcurrentHashMap<>();
    private static final Map<String, String> NAMESPACES = new ConcurrentHashMap<>();
    /** Namespaces an application registered: known to the checker, not part of the reference. */
    private static final Set<String> APP_NAMESPACES = ConcurrentHashMap.newKeySet();

    /** A charset Java knows. */
    public static final Check CHARSET = Check.valid("a charset name", v -> charset(v.toString()));

    /** Charsets Java knows, each. */
    public static final Check CHARSETS = Check.valid("charset names", v -> {
        for (String name : Values.strings("", v)) {
            charset(name);
        }
    });

    /** A regular expression that compiles. */
    public static final Check REGEX = Check.valid("a regular expression", v -> {
        try {
            Pattern.compile(v.toString());
        } catch (PatternSyntaxException e) {
            // its own message spans lines (the pattern, a caret): the description and index say it in one
            throw new IllegalArgumentException(e.getDescription() + " at index " + e.getIndex());
        }
    });

    /** HTTP tokens (method names), each (RFC 9110 §5.6.2). */
    public static final Check TOKENS = Check.valid("HTTP tokens (method names)", v -> {
        for (String t : Values.strings("", v)) {
            if (!token(t)) {
                throw new IllegalArgumentException("'" + t + "' is not an HTTP token");
            }
        }
    });

    static {
        namespace("server", "the HTTP server: address, limits, timeouts; server.NAME.* configures an extra server");
        namespace("engine", "the engine and its plugins: engine.PLUGIN.on and plugin settings");
        namespace("tree", "applications to mount: tree.NAME = cherrypy.Application(root, script_name, config)");
        namespace("log", "logging: the screen (SLF4J) and log files");
        namespace("checker", "the config checker run at engine start");
        namespace("request", "attributes of each request");
        namespace("response", "attributes of each response; response.headers.NAME sets a default header");
        namespace("tools", "tools: tools.NAME.on switches one on, tools.NAME.ARG sets its arguments");
        namespace("hooks", "hooks.POINT = callable attaches a hook at a hook point");
        namespace("error_page", "error_page.CODE or error_page.default = template file or ErrorPage");
        namespace("wsgi", "accepted from CherryPy files and ignored: Morello has no WSGI pipeline");
        namespace("websocket", "limits and choices of the WebSocket endpoints under a path");

        // server
        key("server.socket_host", Type.STRING, "127.0.0.1", Scope.GLOBAL, "address to bind; 0.0.0.0 or :: for every interface",
                Check.valid("an address (not empty)", v -> {
                    if (v.toString().isEmpty()) {
                        throw new IllegalArgumentException("an empty host binds nothing; use 0.0.0.0 or :: for every interface");
                    }
                }));
        key("server.socket_port", Type.INTEGER, 8080, Scope.GLOBAL, "port to bind; 0 picks a free one", Check.range(0, 65535));
        key("server.socket_file", Type.STRING, null, Scope.GLOBAL, "a Unix-domain socket path, instead of host and port");
        key("server.socket_queue_size", Type.INTEGER, 5, Scope.GLOBAL, "listen backlog");
        key("server.socket_timeout", Type.NUMBER, 10, Scope.GLOBAL, "seconds a connection may sit idle, or a read may wait", Check.atLeast(0));
        key("server.thread_pool", Type.INTEGER, 10, Scope.GLOBAL, "accepted for CherryPy files; caps requests handled at once only when set explicitly");
        key("server.thread_pool_max", Type.INTEGER, -1, Scope.GLOBAL, "accepted for CherryPy files; no effect (a virtual thread per connection)", Check.ignored());
        key("server.accepted_queue_size", Type.INTEGER, -1, Scope.GLOBAL, "requests waiting for a slot when thread_pool is reached (503 past it); -1: the server's default");
        key("server.accepted_queue_timeout", Type.NUMBER, 10, Scope.GLOBAL, "accepted for CherryPy files; no effect", Check.ignored());
        key("server.shutdown_timeout", Type.NUMBER, 5, Scope.GLOBAL, "seconds in-flight requests get to finish when the server stops", Check.atLeast(0));
        key("server.protocol_version", Type.STRING, "HTTP/1.1", Scope.GLOBAL, "the highest HTTP version answered with", 
                Check.valid("HTTP/1.0 or HTTP/1.1", v -> HttpVersion.of(v.toString())));
        key("server.max_request_header_size", Type.INTEGER, 65536, Scope.GLOBAL, "bytes of request line and headers; 431 past it");
        key("server.max_request_body_size", Type.INTEGER, 104857600, Scope.GLOBAL, "bytes of request body; 413 past it; 0: no limit, as in CherryPy", Check.atLeast(0));
        key("server.max_connections", Type.INTEGER, -1, Scope.GLOBAL, "open connections at most (the longest idle makes room, else a quick 503); -1: from the file-descriptor limit, less a tenth; 0: no limit", Check.atLeast(-1));
        key("server.max_connections_per_address", Type.INTEGER, 0, Scope.GLOBAL, "open connections from one client address at most (a quick 503 past it); 0: no limit", Check.atLeast(0));
        key("server.min_body_rate", Type.INTEGER, 512, Scope.GLOBAL, "bytes a second a request body must average over socket_timeout (408 below it); 0: no minimum", Check.atLeast(0));
        key("server.nodelay", Type.BOOLEAN, true, Scope.GLOBAL, "TCP_NODELAY on accepted sockets (always on)", Check.ignored());
        key("server.instance", Type.OBJECT, null, Scope.GLOBAL, "accepted for CherryPy files; ignored", Check.ignored());
        key("server.statistics", Type.BOOLEAN, false, Scope.GLOBAL, "accepted for CherryPy files; ignored: the server's counters are always kept (HttpServer.statistics)", Check.ignored());
        key("server.wsgi_version", Type.ANY, null, Scope.GLOBAL, "accepted for CherryPy files; ignored (Morello has no WSGI)", Check.ignored());
        key("server.on", Type.BOOLEAN, true, Scope.GLOBAL, "whether the server starts with the engine (server.NAME.on for extra servers)");
        key("server.http2", Type.BOOLEAN, false, Scope.GLOBAL, "also speak HTTP/2 (RFC 9113): h2 offered by ALPN over TLS, h2c to a client that opens with HTTP/2's preface");
        key("server.ssl_module", Type.STRING, "builtin", Scope.GLOBAL, "TLS provider: builtin (the JDK's); any other stops the start");
        key("server.ssl_certificate", Type.STRING, null, Scope.GLOBAL, "PEM certificate file, its chain may follow: the server speaks HTTPS");
        key("server.ssl_private_key", Type.STRING, null, Scope.GLOBAL, "PEM private key file (PKCS#8, PKCS#1 RSA, SEC1 EC); unset: the key is in ssl_certificate's file");
        key("server.ssl_certificate_chain", Type.STRING, null, Scope.GLOBAL, "PEM file of the intermediate certificates sent after the certificate");
        key("server.ssl_ciphers", Type.STRING, null, Scope.GLOBAL, "cipher suites in order of preference, OpenSSL or JDK names separated by ':'; unset: the JDK's defaults");
        key("server.ssl_context", Type.ANY, null, Scope.GLOBAL, "a Python SSL context in CherryPy; setting it stops the start (give the files)");
        key("server.ssl_private_key_password", Type.STRING, null, Scope.GLOBAL, "password of an encrypted PEM private key");
        key("server.ssl_keystore", Type.STRING, null, Scope.GLOBAL, "PKCS#12 key store with the key and its chain, instead of the PEM files");
        key("server.ssl_keystore_password", Type.STRING, null, Scope.GLOBAL, "password of ssl_keystore");
        key("server.ssl_client_auth", Type.STRING, "none", Scope.GLOBAL, "ask clients for a certificate: none, want or need",
                Check.valid("none, want or need", v -> {
                    if (!List.of("none", "want", "need").contains(v.toString().trim().toLowerCase(java.util.Locale.ROOT))) {
                        throw new IllegalArgumentException("not none, want or need");
                    }
                }));
        key("server.ssl_client_ca", Type.STRING, null, Scope.GLOBAL, "PEM file of the authorities client certificates must chain to");

        // engine
        key("engine.autoreload.on", Type.BOOLEAN, false, Scope.GLOBAL, "restart the program when a class directory or watched file changes (development)");
        key("engine.autoreload.frequency", Type.NUMBER, 1, Scope.GLOBAL, "seconds between autoreload checks", Check.atLeast(0.001));
        key("engine.autoreload.match", Type.STRING, ".*", Scope.GLOBAL, "regex of file names the autoreloader watches", REGEX);
        key("engine.autoreload.files", Type.LIST, List.of(), Scope.GLOBAL, "further files the autoreloader watches");
        key("engine.signal_handler.on", Type.BOOLEAN, true, Scope.GLOBAL, "whether quickstart and the launcher handle TERM, HUP and INT");
        key("engine.thread_manager.on", Type.BOOLEAN, true, Scope.GLOBAL, "publish start_thread and stop_thread");
        key("engine.pid_file", Type.STRING, null, Scope.GLOBAL, "write the process id to this file while running");
        key("engine.SIGHUP", Type.ANY, "restart", Scope.GLOBAL, "what HUP does (restart with no terminal, exit on one); None leaves the signal alone");
        key("engine.SIGTERM", Type.ANY, "exit", Scope.GLOBAL, "what TERM does; None leaves the signal alone");
        key("engine.timeout_monitor.on", Type.BOOLEAN, false, Scope.GLOBAL, "accepted for CherryPy files (before 12); no effect: there is no response timeout", Check.ignored());

        // log
        key("log.screen", Type.BOOLEAN, true, Scope.GLOBAL_OR_APP_ROOT, "send access and error lines to SLF4J (morello.access, morello.error)");
        key("log.error_file", Type.STRING, "", Scope.GLOBAL_OR_APP_ROOT, "also append error lines to this file");
        key("log.access_file", Type.STRING, "", Scope.GLOBAL_OR_APP_ROOT, "also append access lines to this file");
        key("log.access_format", Type.STRING, "cherrypy", Scope.GLOBAL_OR_APP_ROOT, "the access line's form: cherrypy (log.access_log_format's fields), or json (one JSON object a line, for log shippers; needs morello-json)", Check.oneOf("cherrypy", "json"));
        key("log.access_log_format", Type.STRING, "{h} {l} {u} {t} \"{r}\" {s} {b} \"{f}\" \"{a}\"", Scope.GLOBAL_OR_APP_ROOT, "the access line: {h} host, {l} -, {u} user, {t} time, {r} request line, {s} status, {b} bytes, {f} referer, {a} user agent");
        key("log.wsgi", Type.BOOLEAN, false, Scope.GLOBAL_OR_APP_ROOT, "accepted for CherryPy files; ignored", Check.ignored());

        // checker
        key("checker.on", Type.BOOLEAN, true, Scope.GLOBAL, "run the config checker when the engine starts (warnings only: what Morello cannot understand is refused either way)");
        key("checker.extra_config_namespaces", Type.LIST, List.of(), Scope.GLOBAL, "namespaces the checker accepts besides the known ones");

        // environment
        key("environment", Type.STRING, null, Scope.GLOBAL, "a preset: production, staging, test_suite or embedded",
                Check.oneOf("production", "staging", "test_suite", "embedded"));

        // request
        key("request.show_tracebacks", Type.BOOLEAN, true, Scope.ANY, "show the stack trace on 500 pages");
        key("request.show_mismatched_params", Type.BOOLEAN, true, Scope.ANY, "say which parameters did not match on 404/400 pages");
        key("request.process_request_body", Type.BOOLEAN, true, Scope.ANY, "process form bodies before the handler");
        key("request.methods_with_bodies", Type.LIST, List.of("POST", "PUT", "PATCH"), Scope.ANY, "methods whose bodies are processed", TOKENS);

        // WebSocket endpoints (dev.morello.websocket.WebSocketEndpoint)
        key("websocket.max_frame_size", Type.INTEGER, 1048576, Scope.ANY, "largest WebSocket frame taken, in bytes (larger closes with 1009)", Check.atLeast(125));
        key("websocket.max_message_size", Type.INTEGER, 16777216, Scope.ANY, "largest WebSocket message, fragments joined and inflated, in bytes (larger closes with 1009)", Check.atLeast(125));
        key("websocket.idle_timeout", Type.NUMBER, 600, Scope.ANY, "seconds a WebSocket may go without a frame from the client (then closed with 1001)", Check.atLeast(0.001));
        key("websocket.ping_interval", Type.NUMBER, 60, Scope.ANY, "seconds of quiet after which the server pings a WebSocket client; 0: never", Check.atLeast(0));
        key("websocket.compression", Type.BOOLEAN, true, Scope.ANY, "accept permessage-deflate when a WebSocket client offers it");
        key("websocket.subprotocols", Type.LIST, List.of(), Scope.ANY, "subprotocols a WebSocket endpoint speaks, preferred first");
        key("websocket.allowed_origins", Type.LIST, List.of(), Scope.ANY, "origins whose pages may open a WebSocket ('*' for any); empty: the request's own host and port only");
        key("request.dispatch", Type.OBJECT, "ObjectDispatcher", Scope.ANY, "the dispatcher for this part of the application (read from the app config only)");
        key("request.query_string_encoding", Type.STRING, "utf-8", Scope.ANY, "charset of the query string; 404 when it does not decode", CHARSET);
        key("request.uri_encoding", Type.STRING, "utf-8", Scope.ANY, "accepted for CherryPy files; paths decode as UTF-8, then ISO-8859-1 when that fails", Check.ignored());
        key("request.throw_errors", Type.BOOLEAN, false, Scope.ANY, "accepted for CherryPy files; ignored", Check.ignored());
        key("request.body.maxbytes", Type.INTEGER, null, Scope.ANY, "largest body accepted, in bytes (413 past it); None: the server's limit", Check.atLeast(0));
        key("request.body.attempt_charsets", Type.LIST, List.of("utf-8"), Scope.ANY, "charsets tried to decode form bodies", CHARSETS);
        key("request.body.maxrambytes", Type.INTEGER, 1000, Scope.ANY, "uploads above this many bytes go to a temporary file", Check.atLeast(0));
        key("request.body.default_content_type", Type.STRING, "", Scope.ANY, "media type assumed for a body sent without one");

        // response
        key("response.stream", Type.BOOLEAN, false, Scope.ANY, "send iterable bodies chunk by chunk as produced");
        key("response.headers", Type.STRING, null, Scope.ANY, "response.headers.NAME = value sets a default response header");
        key("response.timeout", Type.NUMBER, null, Scope.ANY, "accepted for CherryPy files (before 12); no effect: there is no response timeout", Check.ignored());

        // tools built into the framework core
        key("tools.trailing_slash.on", Type.BOOLEAN, true, Scope.ANY, "redirect an index reached without its trailing slash");
        key("tools.allow.on", Type.BOOLEAN, false, Scope.ANY, "only let the listed methods through; 405 with Allow otherwise");
        key("tools.log_tracebacks.on", Type.BOOLEAN, true, Scope.ANY, "log the stack trace of unexpected errors");
        key("tools.log_tracebacks.severity", Type.INTEGER, 40, Scope.ANY, "accepted for CherryPy files; unexpected errors are logged at ERROR", Check.ignored());
        key("tools.log_headers.on", Type.BOOLEAN, true, Scope.ANY, "log the request headers with unexpected errors");
        key("tools.encode.on", Type.BOOLEAN, true, Scope.ANY, "negotiate the charset of text responses from Accept-Charset (406 when nothing fits)");
        key("tools.cpstats.on", Type.BOOLEAN, false, Scope.ANY, "count requests by application and path template for the statistics (StatsPage)");
    }

    private static void charset(String name) {
        try {
            Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("Java knows no charset '" + name + "'");
        }
    }

    /** Whether a string is an RFC 9110 §5.6.2 token. */
    public static boolean token(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || "!#$%&'*+-.^_`|~".indexOf(c) >= 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private Keys() {
    }

    private static void key(String name, Type type, Object defaultValue, Scope scope, String meaning) {
        register(new Key(name, type, defaultValue, scope, meaning));
    }

    private static void key(String name, Type type, Object defaultValue, Scope scope, String meaning, Check check) {
        register(new Key(name, type, defaultValue, scope, meaning, check));
    }

    /** Registers a key (a tool's argument, an application's own setting). */
    public static void register(Key key) {
        KEYS.put(key.name(), key);
    }

    /** Registers a namespace with its meaning. */
    public static void namespace(String name, String meaning) {
        NAMESPACES.put(name, meaning);
    }

    /**
     * Documents a tool's keys ({@code Toolbox.keys}): the config reference lists them and the
     * checker knows them. A switch already documented keeps its own meaning.
     */
    public static void document(List<Key> toolKeys) {
        for (Key k : toolKeys) {
            if (!k.name().endsWith(".on") || get(k.name()) == null) {
                register(k);
            }
        }
    }

    public static Key get(String name) {
        return KEYS.get(name);
    }

    /** Marks a namespace an application registered, so the checker knows it. */
    public static void applicationNamespace(String name) {
        if (!NAMESPACES.containsKey(name)) {
            APP_NAMESPACES.add(name);
        }
    }

    public static boolean isNamespace(String name) {
        return NAMESPACES.containsKey(name) || APP_NAMESPACES.contains(name);
    }

    /** Every registered key, sorted by name. */
    public static List<Key> all() {
        List<Key> out = new ArrayList<>(KEYS.values());
        out.sort((a, b) -> a.name().compareTo(b.name()));
        return out;
    }

    /** The namespaces with their meaning, sorted. */
    public static Map<String, String> namespaces() {
        Map<String, String> out = new LinkedHashMap<>();
        NAMESPACES.keySet().stream().sorted().forEach(n -> out.put(n, NAMESPACES.get(n)));
        return Collections.unmodifiableMap(out);
    }

    /** The tool names that have registered keys ({@code tools.NAME.on}). */
    public static List<String> tools() {
        List<String> out = new ArrayList<>();
        for (String k : KEYS.keySet()) {
            if (k.startsWith("tools.") && k.endsWith(".on")) {
                out.add(k.substring(6, k.length() - 3));
            }
        }
        Collections.sort(out);
        return out;
    }

    /**
     * Converts a value for a known key to its type: {@code "8080"} to 8080, {@code "True"} to
     * true. Unknown keys pass through. A value that does not fit throws, naming the key.
     */
    public static Object convert(String name, Object value) {
        Key key = KEYS.get(name);
        if (key == null || value == null) {
            return value;
        }
        return switch (key.type()) {
            case BOOLEAN -> Values.bool(name, value);
            case INTEGER -> {
                long n = Values.integer(name, value);
                yield n >= Integer.MIN_VALUE && n <= Integer.MAX_VALUE ? (Object) (int) n : (Object) n;
            }
            case NUMBER -> value instanceof Number ? value : Values.number(name, value);
            case SECONDS -> value instanceof Duration || value instanceof Number ? value : Values.number(name, value);
            case STRING -> value instanceof String ? value : value.toString();
            case LIST -> Values.strings(name, value);
            case OBJECT, ANY -> value;
        };
    }

    /** Whether a value already has the key's type (for the checker). */
    public static boolean fits(Key key, Object value) {
        if (value == null) {
            return true;
        }
        return switch (key.type()) {
            case BOOLEAN -> value instanceof Boolean;
            case INTEGER -> value instanceof Integer || value instanceof Long || value instanceof java.math.BigInteger;
            case NUMBER -> value instanceof Number;
            case SECONDS -> value instanceof Number || value instanceof Duration;
            case STRING -> value instanceof String;
            case LIST -> value instanceof Collection || value instanceof Object[];
            case OBJECT, ANY -> true;
        };
    }

    /** The key names closest to a misspelt one (for "did you mean"), best first. */
    public static List<String> suggestions(String name) {
        String ns = name.contains(".") ? name.substring(0, name.indexOf('.') + 1) : "";
        List<String> candidates = new ArrayList<>();
        int best = Integer.MAX_VALUE;
        // sorted, so that ties come out the same on every run
        for (String k : new TreeSet<>(KEYS.keySet())) {
            if (!k.startsWith(ns)) {
                continue;
            }
            int d = Spelling.distance(name.toLowerCase(Locale.ROOT), k.toLowerCase(Locale.ROOT));
            if (d < best) {
                best = d;
                candidates.clear();
                candidates.add(k);
            } else if (d == best) {
                candidates.add(k);
            }
        }
        int limit = Math.max(2, name.length() / 4);
        return best <= limit ? candidates : List.of();
    }

    /** A value as a config file would write it. */
    public static String literal(Object v) {
        if (v == null) {
            return "None";
        }
        if (v instanceof Boolean b) {
            return b ? "True" : "False";
        }
        if (v instanceof String s) {
            return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        }
        if (v instanceof Collection<?> c) {
            List<String> items = new ArrayList<>();
            for (Object o : c) {
                items.add(literal(o));
            }
            return "[" + String.join(", ", items) + "]";
        }
        return v.toString();
    }

    /** {@code docs/config-reference.md}, generated from the registry. */
    public static String reference() {
        StringBuilder b = new StringBuilder();
        b.append("# Config reference\n\n")
                .append("Every key Morello knows, with its type, its default and where it may be set (`global`: the site\n")
                .append("config, `[global]` in a file; `app [/]`: an application's root section too; `any`: any section and\n")
                .append("`@Config`). Generated from the key registry (`dev.morello.config.Keys`); a test fails when this page\n")
                .append("is stale. `docs/configuration.md` explains the format, the scopes and the rules.\n\n")
                .append("## Namespaces\n\n| namespace | what it configures |\n|---|---|\n");
        namespaces().forEach((n, m) -> b.append("| `").append(n).append("` | ").append(m).append(" |\n"));
        String ns = null;
        for (Key k : all()) {
            if (!k.namespace().equals(ns)) {
                ns = k.namespace();
                b.append("\n## ").append(ns).append("\n\n| key | type | default | where | meaning |\n|---|---|---|---|---|\n");
            }
            String type = k.check().description().isEmpty() || k.ignored() ? k.type().description()
                    : k.type().description() + ": " + k.check().description();
            b.append("| `").append(k.name()).append("` | ").append(type.replace("|", "\\|")).append(" | `")
                    .append(k.defaultText().replace("|", "\\|")).append("` | ").append(k.scope().description())
                    .append(" | ").append(k.meaning().replace("|", "\\|")).append(" |\n");
        }
        return b.toString();
    }
}
