package dev.morello.internal.cycle;

import dev.morello.Application;
import dev.morello.Config;
import dev.morello.Tree;
import dev.morello.config.ConfigRefused;
import dev.morello.config.ConfigRefused.Refusal;
import dev.morello.config.GlobalConfig;
import dev.morello.config.Key;
import dev.morello.config.Keys;
import dev.morello.config.NodeConfig;
import dev.morello.dispatch.ConfigWalk;
import dev.morello.dispatch.Dispatcher;
import dev.morello.engine.Bus;
import dev.morello.engine.State;
import dev.morello.internal.cycle.ConfigRules.Problem;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The check made before the site serves: every entry of the site config, of each application's
 * config and of each {@code @Config} the dispatchers can reach is held to {@link ConfigRules};
 * sections that are neither {@code global} nor a path must be ones the application declared; and
 * the plan of every path that can be known without a request ({@link ConfigWalk}) is made, so a
 * tool switched on but misconfigured there (an {@code auth_basic} without a realm) is found now,
 * not by the first request. Anything wrong refuses the start (or, on a running site, the mount or
 * merge), with one line per entry naming where it is. Unlike the {@code Checker}, it cannot be
 * switched off: it does not warn, it refuses.
 *
 * <p>What is left to requests is config only a request can reach (a {@code Dispatchable} node's
 * children, routes' controllers) or config changed while serving; their plans fail closed.
 */
public final class ConfigCheck {
    private static final dev.morello.internal.Log LOG = dev.morello.internal.Log.named("morello.error", "CONFIG");

    private final GlobalConfig site;
    private final ConfigRules.Options options;
    private final List<Refusal> refusals = new ArrayList<>();
    /** What was refused, as key and message, so the plan of each path does not repeat it. */
    private final Set<String> refused = new HashSet<>();
    private final Set<String> notes = new LinkedHashSet<>();

    private ConfigCheck(GlobalConfig site) {
        this.site = site;
        this.options = ConfigRules.Options.of(site.asMap(), true);
    }

    /** Whether the engine is starting or serving: mounts and merges are then checked as they come. */
    public static boolean running(Bus engine) {
        State s = engine.state();
        return s == State.STARTED || s == State.STARTING;
    }

    /** Checks the whole site as the engine starts; throws {@link ConfigRefused} when anything is refused. */
    public static void site(Tree tree, GlobalConfig site) {
        ConfigCheck c = new ConfigCheck(site);
        c.siteEntries();
        for (Object mounted : tree.mounts().values()) {
            if (mounted instanceof Application app) {
                c.application(app);
            }
        }
        for (Application app : tree.virtualHosts().values()) {
            c.application(app);
        }
        c.finish();
    }

    /** Checks one application (mounted, or merged into, on a running site). */
    public static void check(Application app, GlobalConfig site) {
        ConfigCheck c = new ConfigCheck(site);
        c.application(app);
        c.finish();
    }

    /** Checks an application about to be mounted, when the engine runs; throws when it is refused. */
    public static void mounting(Application app, Bus engine, GlobalConfig site) {
        if (running(engine)) {
            check(app, site);
        }
    }

    private void finish() {
        if (!refusals.isEmpty()) {
            throw new ConfigRefused(refusals);
        }
        for (String note : notes) {
            LOG.info(note);
        }
    }

    private void refuse(String where, Problem p) {
        Refusal r = new Refusal(where, p.key(), p.message());
        if (!refusals.contains(r)) {
            refusals.add(r);
        }
        refused.add(p.key() + "\u0000" + p.message());
    }

    private void note(String where, String key, Object value) {
        Key k = Keys.get(key);
        if (k != null && k.ignored() && value != null) {
            notes.add(where + ": " + key + " is accepted for CherryPy config files and has no effect in Morello ("
                    + k.meaning() + ").");
        }
    }

    // ---- the site ------------------------------------------------------------------------

    private void siteEntries() {
        for (Map.Entry<String, Object> e : site.asMap().entrySet()) {
            String where = siteOrigin(e.getKey());
            Problem p = ConfigRules.check(e.getKey(), e.getValue(), options);
            if (p != null) {
                refuse(where, p);
            } else {
                note(where, e.getKey(), e.getValue());
            }
        }
    }

    private String siteOrigin(String key) {
        String o = site.origin(key);
        return o == null || o.equals("<map>") ? "the site config" : o;
    }

    // ---- an application ------------------------------------------------------------------

    private void application(Application app) {
        int before = refusals.size();
        Set<String> own = app.configSections();
        for (Map.Entry<String, Map<String, Object>> s : app.config().entrySet()) {
            String section = s.getKey();
            if (section.equals("global") || section.startsWith("/")) {
                if (section.length() > 1 && section.endsWith("/")) {
                    String fixed = section.replaceAll("/+$", "");
                    refuse(where(app, section, ""), new Problem("", "the section [" + section + "] never applies:"
                            + " a request's path is matched without its trailing slash. Did you mean [" + fixed + "]?"));
                }
                sectionEntries(app, section, s.getValue());
            } else if (!own.contains(section)) {
                refuse(where(app, section, ""), new Problem("", "the section [" + section + "] is neither [global] nor a"
                        + " path, so no part of the site reads it. Did you mean [/" + section + "]? (An application"
                        + " that reads a section of its own declares it: @ConfigSections on its root's class, or"
                        + " Application.configSections.)"));
            }
        }
        ConfigWalk walk = ConfigWalk.of(app);
        for (ConfigWalk.Failure f : walk.failures()) {
            refuse(f.where(), new Problem("", f.message()));
        }
        for (NodeConfig nc : walk.annotations()) {
            for (Map.Entry<String, Object> e : nc.entries().entrySet()) {
                String where = nc.origin(e.getKey());
                if (e.getKey().equals("request.dispatch")) {
                    refuse(where, new Problem(e.getKey(), "'request.dispatch' in @Config has no effect: the dispatcher"
                            + " is read from the application's config only. Move it to the application's config section."));
                    continue;
                }
                Problem p = ConfigRules.check(e.getKey(), e.getValue(), options);
                if (p != null) {
                    refuse(where, p);
                } else {
                    note(where, e.getKey(), e.getValue());
                }
            }
        }
        if (walk.truncated()) {
            LOG.info("The application mounted at '{}' has a larger tree than the config check walks; config further"
                    + " in is checked by the requests that reach it", mount(app));
        }
        if (refusals.size() > before) {
            return; // the plans would only repeat what is refused already
        }
        for (ConfigWalk.Layers layers : walk.layers()) {
            RequestPlan plan = RequestPlan.build(app.mergeLayers(layers.layers()), site);
            for (Problem p : plan.problems()) {
                if (refused.contains(p.key() + "\u0000" + p.message())) {
                    continue;
                }
                refuse(planOrigin(app, layers.layers(), p.key()) + " (for " + path(app, layers.path()) + ")", p);
            }
        }
    }

    private void sectionEntries(Application app, String section, Map<String, Object> entries) {
        for (Map.Entry<String, Object> e : entries.entrySet()) {
            String key = e.getKey();
            if (key.equals("tools.staticdir.section")) {
                continue; // set by the framework from the section's own path
            }
            String where = where(app, section, key);
            Problem p = ConfigRules.check(key, e.getValue(), options);
            if (p == null && key.equals("request.dispatch") && e.getValue() != null
                    && !(e.getValue() instanceof Dispatcher)) {
                p = new Problem(key, "'request.dispatch' is " + e.getValue().getClass().getName()
                        + ": it must be a Dispatcher (cherrypy.dispatch.MethodDispatcher(), a RoutesDispatcher ...).");
            }
            if (p != null) {
                refuse(where, p);
            } else {
                note(where, key, e.getValue());
            }
        }
    }

    /** Where the layer that sets a key last is written, for a problem found by a path's plan. */
    private String planOrigin(Application app, List<Object> layers, String key) {
        for (int i = layers.size() - 1; i >= 0; i--) {
            Object layer = layers.get(i);
            if (layer instanceof NodeConfig nc) {
                if (nc.entries().containsKey(key)) {
                    return nc.origin(key);
                }
            } else {
                Map<String, Object> s = app.config().get(layer.toString());
                if (s != null && s.containsKey(key)) {
                    return where(app, layer.toString(), key);
                }
            }
        }
        return siteOrigin(key);
    }

    private static String where(Application app, String section, String key) {
        String o = app.origin(section, key);
        if (o == null && !key.isEmpty()) {
            o = app.origin(section, "");
        }
        return o != null ? o : "the application mounted at '" + mount(app) + "', section [" + section + "]";
    }

    private static String mount(Application app) {
        return app.scriptName().isEmpty() ? "/" : app.scriptName();
    }

    private static String path(Application app, String path) {
        return app.scriptName() + (path.isEmpty() ? "/" : path);
    }
}
