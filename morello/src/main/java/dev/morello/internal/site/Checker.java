package dev.morello.internal.site;

import dev.morello.Application;
import dev.morello.Tree;
import dev.morello.config.GlobalConfig;
import dev.morello.config.Key;
import dev.morello.config.Keys;
import dev.morello.internal.Spelling;
import dev.morello.internal.Values;
import dev.morello.internal.cycle.ConfigRules;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * CherryPy's config checker: when the engine starts (unless {@code checker.on = False}), it warns
 * through the error log about config that is probably a mistake — unknown namespaces, tools and
 * keys (with a "did you mean"), values of the wrong type, site-wide keys in an application's
 * config, sections that repeat the mount point, static directories that are missing or relative
 * without a root, applications mounted with an empty config, and {@code localhost} as the socket
 * host. {@code checker.check_NAME = False} turns one check off (names below).
 */
public final class Checker {
    private static final Set<String> SITE_NAMESPACES = Set.of("server", "engine", "tree", "checker");
    private static final Set<String> CHECKED_NAMESPACES = Set.of("server", "engine", "request", "response", "log", "checker");
    private final List<String> warnings = new ArrayList<>();
    private final Tree tree;
    private final GlobalConfig global;

    private Checker(Tree tree, GlobalConfig global) {
        this.tree = tree;
        this.global = global;
    }

    /** Runs every check that is on; returns the warnings (each also meant for the error log). */
    public static List<String> run(Tree tree, GlobalConfig global) {
        Checker c = new Checker(tree, global);
        Object on = c.global.get("checker.on");
        if (on != null && !Values.bool("checker.on", on)) {
            return List.of();
        }
        if (c.enabled("skipped_app_config")) {
            c.skippedAppConfig();
        }
        if (c.enabled("app_config_entries_dont_start_with_script_name")) {
            c.sectionsRepeatingScriptName();
        }
        if (c.enabled("site_config_entries_in_app_config")) {
            c.siteEntriesInAppConfig();
        }
        if (c.enabled("compatibility")) {
            c.compatibility();
        }
        if (c.enabled("config_namespaces")) {
            c.namespaces();
        }
        if (c.enabled("config_types")) {
            c.types();
        }
        if (c.enabled("static_paths")) {
            c.staticPaths();
        }
        if (c.enabled("localhost")) {
            c.localhost();
        }
        return List.copyOf(c.warnings);
    }

    private boolean enabled(String check) {
        Object v = global.get("checker.check_" + check);
        return v == null || Values.bool("checker.check_" + check, v);
    }

    private void warn(String where, String message) {
        warnings.add("Morello Checker:\n" + (where == null || where.startsWith("<") ? "" : where + ": ") + message);
    }

    private List<Application> apps() {
        List<Application> out = new ArrayList<>();
        for (Object o : tree.mounts().values()) {
            if (o instanceof Application a) {
                out.add(a);
            }
        }
        return out;
    }

    private static String mount(Application app) {
        return app.scriptName().isEmpty() ? "/" : app.scriptName();
    }

    private void skippedAppConfig() {
        for (Application app : apps()) {
            if (app.config().isEmpty()) {
                String msg = "The Application mounted at '" + app.scriptName() + "' has an empty config.";
                if (global.containedPaths()) {
                    msg += " It looks like the site config holds path sections; they belong in the application's"
                            + " config (tree().mount(root, scriptName, config)), where they take effect.";
                }
                warn(null, msg);
            }
        }
    }

    private void sectionsRepeatingScriptName() {
        for (Application app : apps()) {
            String sn = app.scriptName();
            if (sn.isEmpty()) {
                continue;
            }
            for (String section : app.config().keySet()) {
                if (section.equals(sn) || section.startsWith(sn + "/")) {
                    warn(app.origin(section, ""), "The application mounted at '" + sn + "' has config section '"
                            + section + "', which repeats its mount point; sections are relative to the mount point,"
                            + " so this one applies to '" + sn + section + "'. Write '" + section.substring(sn.length())
                            + "' (or '/').");
                }
            }
        }
    }

    private void siteEntriesInAppConfig() {
        for (Application app : apps()) {
            app.config().forEach((section, entries) -> {
                if (!section.startsWith("/")) {
                    return; // [global] in an app's file is the site's; other sections are the app's own
                }
                for (String key : entries.keySet()) {
                    String ns = namespace(key);
                    if (SITE_NAMESPACES.contains(ns)) {
                        warn(app.origin(section, key), "The config entry '" + key + "' in section [" + section
                                + "] of the application mounted at '" + mount(app) + "' is site-wide; it has no effect"
                                + " there. Put it in the site config ([global] or Morello.config()).");
                    }
                }
            });
        }
    }

    private void compatibility() {
        forEachEntry((where, section, key, value) -> {
            String replacement = ConfigRules.OBSOLETE.get(key);
            if (replacement != null) {
                warn(where, "'" + key + "' is obsolete. Use '" + replacement + "' instead.");
            }
        });
    }

    private void namespaces() {
        List<String> extra = Values.strings("checker.extra_config_namespaces",
                global.get("checker.extra_config_namespaces"));
        forEachEntry((where, section, key, value) -> {
            if (section != null && !section.startsWith("/") && !section.equals("global")) {
                return; // the application's own sections
            }
            if (ConfigRules.OBSOLETE.containsKey(key)) {
                return;
            }
            String ns = namespace(key);
            if (key.startsWith("cherrypy.")) {
                warn(where, "The config entry '" + key + "' starts with 'cherrypy.'; leave that prefix out.");
            } else if (!key.contains(".")) {
                return; // not namespaced: a [DEFAULT] value for interpolation, or environment
            } else if (!Keys.isNamespace(ns) && !extra.contains(ns) && !dev.morello.tools.Toolbox.all().containsKey(ns)) {
                warn(where, "The config entry '" + key + "' is in an unknown namespace '" + ns + "'.");
            } else if (ns.equals("tools")) {
                String rest = key.substring(6);
                int dot = rest.indexOf('.');
                String tool = dot < 0 ? rest : rest.substring(0, dot);
                java.util.Set<String> known = new java.util.TreeSet<>(Keys.tools());
                known.addAll(dev.morello.tools.Toolbox.create("tools").tools().keySet());
                if (!known.contains(tool)) {
                    List<String> close = closest(tool, new java.util.ArrayList<>(known));
                    warn(where, "The tool '" + tool + "' in '" + key + "' is not registered."
                            + (close.isEmpty() ? "" : " Did you mean '" + close.get(0) + "'?"));
                }
            } else if (CHECKED_NAMESPACES.contains(ns) && Keys.get(key) == null && !dynamicKey(key)) {
                List<String> close = Keys.suggestions(key);
                warn(where, "The config entry '" + key + "' is not a known " + ns + " key."
                        + (close.isEmpty() ? "" : " Did you mean '" + close.get(0) + "'?"));
            }
        });
    }

    /** Keys whose last parts are names the user picks. */
    private static boolean dynamicKey(String key) {
        if (key.startsWith("response.headers.") || key.startsWith("checker.check_")) {
            return true;
        }
        if (key.startsWith("server.")) {
            // server.NAME.KEY configures an extra server: check KEY
            String rest = key.substring(7);
            int dot = rest.indexOf('.');
            return dot > 0 && Keys.get("server." + rest.substring(dot + 1)) != null;
        }
        return false;
    }

    private static List<String> closest(String name, List<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = Spelling.distance(name, c);
            if (d < bestDistance) {
                bestDistance = d;
                best = c;
            }
        }
        return best != null && bestDistance <= Math.max(2, name.length() / 4) ? List.of(best) : List.of();
    }

    private void types() {
        forEachEntry((where, section, key, value) -> {
            Key k = Keys.get(key);
            if (k == null && key.startsWith("server.")) {
                String rest = key.substring(7);
                int dot = rest.indexOf('.');
                k = dot > 0 ? Keys.get("server." + rest.substring(dot + 1)) : null;
            }
            if (k != null && CHECKED_NAMESPACES.contains(k.namespace()) && !Keys.fits(k, value)) {
                warn(where, "The value for '" + key + "' is " + describe(value) + "; it should be a "
                        + k.type().description() + " (default " + k.defaultText() + ").");
            }
        });
    }

    private static String describe(Object value) {
        if (value instanceof String s) {
            return "the string '" + s + "'";
        }
        return "a " + value.getClass().getSimpleName() + " (" + value + ")";
    }

    private void staticPaths() {
        for (Application app : apps()) {
            app.config().forEach((section, entries) -> {
                if (!section.startsWith("/")) {
                    return;
                }
                Object on = entries.get("tools.staticdir.on");
                if (on == null || !Values.bool("tools.staticdir.on", on)) {
                    return;
                }
                Object dir = entries.get("tools.staticdir.dir");
                // the root may come from a shallower section or the site: read the merged config
                Object root = app.configForPath(section).get("tools.staticdir.root");
                String where = app.origin(section, "tools.staticdir.on");
                if (dir == null || dir.toString().isEmpty()) {
                    warn(where, "tools.staticdir.dir is not set in section [" + section + "].");
                    return;
                }
                Path d = Path.of(dir.toString());
                if (!d.isAbsolute()) {
                    if (root == null || root.toString().isEmpty()) {
                        warn(where, "tools.staticdir.dir '" + dir + "' in section [" + section + "] is relative and"
                                + " there is no tools.staticdir.root; make it absolute, or set a root.");
                        return;
                    }
                    d = Path.of(root.toString()).resolve(d);
                } else if (root != null && !root.toString().isEmpty()) {
                    warn(where, "tools.staticdir.dir '" + dir + "' in section [" + section + "] is absolute, so"
                            + " tools.staticdir.root '" + root + "' is ignored.");
                }
                if (!Files.isDirectory(d)) {
                    warn(where, "tools.staticdir.dir '" + d + "' in section [" + section + "] is not a directory.");
                }
            });
        }
    }

    private void localhost() {
        Object host = global.get("server.socket_host");
        if ("localhost".equals(host)) {
            warn(global.origin("server.socket_host"), "The site config has server.socket_host = 'localhost'."
                    + " It may resolve to IPv4 or IPv6 depending on the machine; use '127.0.0.1' or '::1'.");
        }
    }

    @FunctionalInterface
    private interface EntryVisitor {
        void visit(String where, String section, String key, Object value);
    }

    /**
     * Every entry of the site config (section null) and of each application's path sections (an
     * application's {@code [global]} is the site's, already in the site config when it applies).
     */
    private void forEachEntry(EntryVisitor visitor) {
        global.asMap().forEach((k, v) -> {
            if (!k.equals("tools.staticdir.section")) {
                visitor.visit(global.origin(k), null, k, v);
            }
        });
        for (Application app : apps()) {
            app.config().forEach((section, entries) -> {
                if (!section.startsWith("/")) {
                    return;
                }
                entries.forEach((k, v) -> {
                    if (!k.equals("tools.staticdir.section")) {
                        visitor.visit(app.origin(section, k), section, k, v);
                    }
                });
            });
        }
    }

    private static String namespace(String key) {
        int dot = key.indexOf('.');
        return dot < 0 ? key : key.substring(0, dot);
    }
}
