package dev.morello.internal.cycle;

import dev.morello.ErrorPage;
import dev.morello.config.Key;
import dev.morello.config.Key.Check;
import dev.morello.config.Keys;
import dev.morello.internal.Spelling;
import dev.morello.internal.Values;
import dev.morello.tools.Hook;
import dev.morello.tools.HookCallback;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.Toolbox;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * What Morello understands of one config entry. Unlike the checker's warnings, an entry
 * these rules refuse is never served around: before the site serves (and when an application is
 * mounted on a running site) it stops the start, and a request whose merged config still holds
 * one (config reached only through a dynamic path) is answered 500 naming it.
 *
 * <p>Refused, each with the nearest valid name when there is one:
 * <ul>
 * <li>{@code tools.NAME.*} (and {@code NS.NAME.*} for any toolbox namespace) naming no registered
 *     tool; an argument the tool does not declare (a tool that declares none takes any, see
 *     {@link Tool}); {@code on}, {@code priority} or an argument whose value is of the wrong type
 *     or fails the argument's {@link Check};
 * <li>in {@code server}, {@code engine}, {@code log}, {@code checker} and {@code response}, a key
 *     Morello does not know (it would be ignored); in {@code request}, an unknown key close to a
 *     known one (a typo; any other becomes a request attribute, as in CherryPy); values that do not
 *     fit a known key;
 * <li>{@code error_page.X} where X is neither a 4xx/5xx status nor {@code default}, or whose value
 *     is neither an {@link ErrorPage} nor a template file (that exists and can be read, when
 *     {@link Options#files()} asks);
 * <li>{@code hooks.X} where X is not a hook point, or whose value is not a hook;
 * <li>a key in a namespace one letter away from a known one ({@code tool.gzip.on}) unless the
 *     namespace is registered or listed in {@code checker.extra_config_namespaces}, and keys
 *     starting with {@code cherrypy.};
 * <li>{@code wsgi.pipeline} with middleware in it (Morello cannot run it).
 * </ul>
 * Accepted: registered keys with fitting values, keys CherryPy has and Morello deliberately
 * ignores ({@link Check#ignored()}), CherryPy 2 keys (the checker names their replacements), keys
 * without a namespace ({@code [DEFAULT]} values), and other namespaces (the application's own; the
 * checker warns about unregistered ones).
 */
public final class ConfigRules {
    /** The checks {@code checker.check_NAME = False} turns off, by NAME. */
    public static final List<String> CHECKS = List.of("skipped_app_config", "app_config_entries_dont_start_with_script_name",
            "site_config_entries_in_app_config", "compatibility", "config_namespaces", "config_types", "static_paths",
            "localhost");
    /** CherryPy 2 keys and their replacements: accepted, and reported by the compatibility check. */
    public static final Map<String, String> OBSOLETE = Map.of(
            "log_file", "log.error_file",
            "log_access_file", "log.access_file",
            "log_to_screen", "log.screen",
            "log_request_headers", "tools.log_headers.on",
            "show_tracebacks", "request.show_tracebacks",
            "throw_errors", "request.throw_errors",
            "server.default_content_type", "tools.response_headers.headers",
            "server.environment", "environment",
            "server.log_to_screen", "log.screen",
            "server.show_tracebacks", "request.show_tracebacks");

    /** Namespaces with known keys: an unknown key in them would be ignored, so it is refused. */
    private static final Set<String> CLOSED_NAMESPACES = Set.of("server", "engine", "log", "checker", "response");
    /** CherryPy checks Morello has no need for: {@code checker.check_NAME = False} is accepted. */
    private static final Set<String> CHERRYPY_ONLY_CHECKS = Set.of("app_config_brackets");
    private static final int MAX_SHOWN = 80;

    private ConfigRules() {
    }

    /**
     * What the rules need to know besides the entry.
     *
     * @param extraNamespaces namespaces the site declared its own ({@code checker.extra_config_namespaces})
     * @param files           whether to look at the files an entry names (error page templates);
     *                        done before serving, not per request, as a file may come and go
     */
    public record Options(Set<String> extraNamespaces, boolean files) {
        public Options {
            extraNamespaces = Set.copyOf(extraNamespaces);
        }

        /** The options for the site config as it stands. */
        public static Options of(Map<String, Object> siteConfig, boolean files) {
            Object extra = siteConfig.get("checker.extra_config_namespaces");
            List<String> names;
            try {
                names = extra == null ? List.of() : Values.strings("checker.extra_config_namespaces", extra);
            } catch (IllegalArgumentException e) {
                names = List.of(); // refused as an entry of its own
            }
            return new Options(Set.copyOf(names), files);
        }
    }

    /** Why one entry is refused: the key, and a message that names it and the nearest valid name. */
    public record Problem(String key, String message) {
    }

    /** The problem with an entry, or null when Morello understands it. */
    public static Problem check(String key, Object value, Options options) {
        if (key.isEmpty()) {
            return new Problem(key, "An empty key names nothing.");
        }
        int dot = key.indexOf('.');
        if (dot < 0) {
            Key k = Keys.get(key);
            // keys without a namespace: environment, [DEFAULT] values for interpolation, CherryPy 2 keys
            return k == null ? null : value(k, key, value);
        }
        if (OBSOLETE.containsKey(key)) {
            return null; // the checker names the replacement
        }
        String ns = key.substring(0, dot);
        String rest = key.substring(dot + 1);
        if (rest.isEmpty()) {
            return new Problem(key, "'" + key + "' names a namespace but no key.");
        }
        Toolbox box = Toolbox.all().get(ns);
        if (box != null) {
            return tool(box, key, rest, value);
        }
        return switch (ns) {
            case "request" -> request(key, value);
            case "server", "engine", "log", "checker", "response" -> closed(ns, key, value);
            case "error_page" -> errorPage(key, rest, value, options);
            case "hooks" -> hook(key, rest, value);
            case "wsgi" -> wsgi(key, value);
            case "tree" -> null; // mounts as it is applied, which refuses what it cannot mount
            default -> otherNamespace(ns, key, options);
        };
    }

    // ---- tools ---------------------------------------------------------------------------

    private static Problem tool(Toolbox box, String key, String rest, Object value) {
        String ns = box.namespace();
        int dot = rest.indexOf('.');
        if (dot <= 0 || dot == rest.length() - 1) {
            String name = dot < 0 ? rest : rest.substring(0, Math.max(dot, 0));
            return new Problem(key, "'" + key + "' names no argument: a tool key is " + ns + ".NAME.on, "
                    + ns + ".NAME.priority or " + ns + ".NAME.ARG" + (box.get(name) != null
                            ? ". Did you mean '" + ns + "." + name + ".on'?" : "."));
        }
        String name = rest.substring(0, dot);
        String arg = rest.substring(dot + 1);
        Tool tool = box.get(name);
        if (tool == null) {
            Key flag = ns.equals("tools") ? Keys.get(key) : null;
            if (flag != null) {
                return value(flag, key, value); // a switch the framework reads itself (log_headers)
            }
            if (ns.equals("tools") && Keys.get("tools." + name + ".on") != null) {
                return unknownKey(key, "is not a setting of tools." + name, Keys.suggestions(key));
            }
            Set<String> names = new TreeSet<>(box.tools().keySet());
            if (ns.equals("tools")) {
                names.addAll(Keys.tools());
            }
            String near = nearest(name, names);
            return new Problem(key, "'" + key + "' names no registered tool: there is no tool '" + name + "' in "
                    + ns + "." + (near == null ? " Register it before the engine starts, or remove the entry."
                            : " Did you mean '" + ns + "." + near + "." + arg + "'?"));
        }
        switch (arg) {
            case "on" -> {
                return typed(key, value, Key.Type.BOOLEAN, Check.NONE);
            }
            case "priority" -> {
                return typed(key, value, Key.Type.INTEGER, Check.NONE);
            }
            default -> {
                Key declared = tool.arg(arg);
                if (declared != null) {
                    return value(declared, key, value);
                }
                if (!tool.argsChecked()) {
                    return null; // a tool that declares no arguments takes any, unchecked
                }
                List<String> args = new ArrayList<>(List.of("on", "priority"));
                for (Key k : tool.args()) {
                    args.add(k.name().substring(k.name().lastIndexOf('.') + 1));
                }
                String near = nearest(arg, args);
                return new Problem(key, "'" + key + "' is not an argument of the tool " + name + "."
                        + (near != null ? " Did you mean '" + ns + "." + name + "." + near + "'?"
                                : " Its arguments are: " + String.join(", ", args) + "."));
            }
        }
    }

    // ---- namespaces with known keys ------------------------------------------------------

    private static Problem request(String key, Object value) {
        Key k = Keys.get(key);
        if (k != null) {
            return value(k, key, value);
        }
        if (key.startsWith("request.body.")) {
            // RequestBody reads its known settings only: another would be ignored
            return unknownKey(key, "is not a request body setting Morello knows", Keys.suggestions(key));
        }
        List<String> near = Keys.suggestions(key);
        // CherryPy sets any other request.X as an attribute, and so does Morello; one a letter or
        // two from a known key is a typo that would leave that key at its default
        return near.isEmpty() ? null : unknownKey(key, "is not a request key Morello knows", near);
    }

    private static Problem closed(String ns, String key, Object value) {
        Key k = Keys.get(key);
        if (k != null) {
            return value(k, key, value);
        }
        String rest = key.substring(ns.length() + 1);
        if (ns.equals("response") && rest.startsWith("headers.")) {
            String header = rest.substring(8);
            if (!Keys.token(header)) {
                return new Problem(key, "'" + key + "' does not name a header: '" + printable(header)
                        + "' is not a header name.");
            }
            if (value instanceof Collection<?> || value instanceof Map<?, ?> || value instanceof Object[]) {
                return new Problem(key, "'" + key + "' is " + shown(value) + ": a header value is a string.");
            }
            return null;
        }
        if (ns.equals("checker") && rest.startsWith("check_")) {
            String check = rest.substring(6);
            if (CHECKS.contains(check) || CHERRYPY_ONLY_CHECKS.contains(check)) {
                return typed(key, value, Key.Type.BOOLEAN, Check.NONE);
            }
            String near = nearest(check, CHECKS);
            return new Problem(key, "'" + key + "' names no check of the checker."
                    + (near == null ? " The checks are: " + String.join(", ", CHECKS) + "."
                            : " Did you mean 'checker.check_" + near + "'?"));
        }
        if (ns.equals("server")) {
            // server.NAME.KEY configures an extra server: KEY is a server key
            int dot = rest.indexOf('.');
            if (dot > 0) {
                String serverKey = "server." + rest.substring(dot + 1);
                Key k2 = Keys.get(serverKey);
                if (k2 != null) {
                    return value(k2, key, value);
                }
                List<String> near = new ArrayList<>();
                for (String s : Keys.suggestions(serverKey)) {
                    near.add("server." + rest.substring(0, dot) + s.substring(6));
                }
                return unknownKey(key, "is not a key of the extra server '" + rest.substring(0, dot) + "'", near);
            }
        }
        return unknownKey(key, "is not a " + ns + " key Morello knows; it would have no effect", Keys.suggestions(key));
    }

    private static Problem unknownKey(String key, String what, List<String> near) {
        return new Problem(key, "'" + key + "' " + what + "."
                + (near.isEmpty() ? " The known keys are in docs/config-reference.md." : " Did you mean '" + near.get(0) + "'?"));
    }

    // ---- error pages and hooks -----------------------------------------------------------

    private static Problem errorPage(String key, String name, Object value, Options options) {
        if (!name.equals("default") && !status(name)) {
            String near = nearest(name, List.of("default"));
            return new Problem(key, "'" + key + "' names no error: error_page.CODE takes a status from 400 to 599,"
                    + " or 'default'." + (near != null ? " Did you mean 'error_page.default'?" : ""));
        }
        if (value == null || value instanceof ErrorPage) {
            return null;
        }
        if (!(value instanceof String || value instanceof Path)) {
            return new Problem(key, "'" + key + "' is " + shown(value) + ": it must be a template file or an ErrorPage.");
        }
        if (options.files()) {
            Path file = Path.of(value.toString());
            String why = !Files.exists(file) ? "does not exist"
                    : !Files.isRegularFile(file) ? "is not a file"
                    : !Files.isReadable(file) ? "cannot be read" : null;
            if (why != null) {
                return new Problem(key, "'" + key + "' names the template file '" + printable(value.toString()) + "', which "
                        + why + (file.isAbsolute() ? "" : " (relative to " + Path.of("").toAbsolutePath() + ")") + ".");
            }
        }
        return null;
    }

    private static boolean status(String s) {
        if (s.length() != 3) {
            return false;
        }
        for (int i = 0; i < 3; i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        int code = Integer.parseInt(s);
        return code >= 400 && code <= 599;
    }

    private static Problem hook(String key, String rest, Object value) {
        int dot = rest.indexOf('.');
        String point = dot < 0 ? rest : rest.substring(0, dot);
        if (HookPoint.fromConfigName(point) == null) {
            List<String> points = new ArrayList<>();
            for (HookPoint p : HookPoint.values()) {
                points.add(p.configName());
            }
            String near = nearest(point, points);
            return new Problem(key, "'" + key + "' names no hook point." + (near != null
                    ? " Did you mean 'hooks." + near + (dot < 0 ? "" : rest.substring(dot)) + "'?"
                    : " The points are: " + String.join(", ", points) + "."));
        }
        if (value instanceof HookCallback || value instanceof Hook || value instanceof Runnable
                || value instanceof String s && s.contains("::")) {
            return null; // a method named in a string is found when the path's plan is made
        }
        return new Problem(key, "'" + key + "' is " + shown(value) + ": it must be a hook (a.b.Class::method,"
                + " or a HookCallback in a Java map).");
    }

    private static Problem wsgi(String key, Object value) {
        boolean empty = value == null || value instanceof Collection<?> c && c.isEmpty()
                || value instanceof String s && s.isBlank();
        if (key.equals("wsgi.pipeline") && !empty) {
            return new Problem(key, "'" + key + "' lists WSGI middleware, which Morello cannot run; a request would be"
                    + " served without it. Remove it, and do the same work with a tool.");
        }
        return null;
    }

    private static Problem otherNamespace(String ns, String key, Options options) {
        if (Keys.isNamespace(ns) || options.extraNamespaces().contains(ns)) {
            return null;
        }
        if (ns.equals("cherrypy")) {
            return new Problem(key, "'" + key + "' starts with 'cherrypy.', which config keys leave out."
                    + " Did you mean '" + key.substring(9) + "'?");
        }
        for (String known : Keys.namespaces().keySet()) {
            if (known.equalsIgnoreCase(ns) || Spelling.distance(known, ns.toLowerCase(Locale.ROOT)) == 1) {
                return new Problem(key, "'" + key + "' is in the namespace '" + ns + "', which nothing reads. Did you mean '"
                        + known + key.substring(ns.length()) + "'? (A namespace of the application's own is"
                        + " registered, or listed in checker.extra_config_namespaces.)");
            }
        }
        return null; // the application's own; the checker warns when it is not registered
    }

    // ---- values --------------------------------------------------------------------------

    /** The problem with a value for a known key, or null. */
    public static Problem value(Key k, String key, Object value) {
        if (k.ignored()) {
            return null;
        }
        return typed(key, value, k.type(), k.check());
    }

    private static Problem typed(String key, Object value, Key.Type type, Check check) {
        if (value == null) {
            return null; // None: the default
        }
        String must = type.description() + (check.description().isEmpty() ? "" : ": " + check.description());
        double number = Double.NaN;
        try {
            switch (type) {
                case BOOLEAN -> Values.bool(key, value);
                case INTEGER -> number = Values.integer(key, value);
                case NUMBER -> number = Values.number(key, value);
                case SECONDS -> number = value instanceof Duration d ? d.toNanos() / 1e9 : Values.number(key, value);
                case STRING -> {
                    if (value instanceof Boolean || value instanceof Collection<?> || value instanceof Map<?, ?>
                            || value instanceof Object[]) {
                        throw new IllegalArgumentException();
                    }
                }
                case LIST -> Values.strings(key, value);
                case OBJECT, ANY -> { }
            }
        } catch (IllegalArgumentException e) {
            return new Problem(key, "'" + key + "' is " + shown(value) + ": it must be " + article(must) + ".");
        }
        switch (check) {
            case Check.Range r -> {
                if (!Double.isNaN(number) && !r.contains(number)) {
                    return new Problem(key, "'" + key + "' is " + shown(value) + ": it must be " + article(must) + ".");
                }
            }
            case Check.OneOf o -> {
                List<String> items = type == Key.Type.LIST ? Values.strings(key, value) : List.of(value.toString());
                for (String item : items) {
                    if (!o.contains(item)) {
                        String near = nearest(item, o.values());
                        return new Problem(key, "'" + key + "' is " + shown(value) + ": it must be " + article(must) + "."
                                + (near != null ? " Did you mean '" + near + "'?" : ""));
                    }
                }
            }
            case Check.Valid v -> {
                try {
                    v.validator().validate(value);
                } catch (Exception e) {
                    String why = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                    return new Problem(key, "'" + key + "' is " + shown(value) + ": " + printable(why)
                            + " (it must be " + article(must) + ").");
                }
            }
            case Check.Unchecked u -> { }
            case Check.Ignored i -> { }
        }
        return null;
    }

    private static String article(String description) {
        char c = description.isEmpty() ? 'x' : Character.toLowerCase(description.charAt(0));
        if (description.startsWith("True") || description.startsWith("seconds") || description.startsWith("list")
                || description.startsWith("any")) {
            return description;
        }
        return ("aeiou".indexOf(c) >= 0 ? "an " : "a ") + description;
    }

    // ---- names ---------------------------------------------------------------------------

    /**
     * The candidate nearest to a misspelt name by edit distance (case ignored; ties go to the
     * first in sorted order, so the answer is the same on every run), or null when none is near
     * enough to be a likely typo: at most 2 edits, or a quarter of the name's length if longer.
     */
    public static String nearest(String name, Collection<String> candidates) {
        String lower = name.toLowerCase(Locale.ROOT);
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : new TreeSet<>(candidates)) {
            int d = Spelling.distance(lower, c.toLowerCase(Locale.ROOT));
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? best : null;
    }

    /** A value as a config file would write it, shortened, with control characters escaped. */
    static String shown(Object value) {
        String text = value instanceof Duration d ? d.toString() : Keys.literal(value);
        if (text.length() > MAX_SHOWN) {
            text = text.substring(0, MAX_SHOWN) + "...";
        }
        return printable(text);
    }

    /** Text with line breaks and other control characters escaped, so no value can forge a log line. */
    static String printable(String text) {
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.append("\\n");
            } else if (c == '\r') {
                out.append("\\r");
            } else if (c == '\t') {
                out.append("\\t");
            } else if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                out.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
