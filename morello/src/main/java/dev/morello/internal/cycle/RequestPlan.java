package dev.morello.internal.cycle;

import dev.morello.Request;
import dev.morello.RequestBody;
import dev.morello.Response;
import dev.morello.config.GlobalConfig;
import dev.morello.internal.Log;
import dev.morello.internal.Values;
import dev.morello.tools.Hook;
import dev.morello.tools.HookCallback;
import dev.morello.tools.HookPoint;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a merged config asks of each request on its path — request attributes, default response
 * headers, hooks — worked out once per config path, so a request only replays it.
 */
final class RequestPlan {
    private record Attach(HookPoint point, Hook hook) {
    }

    private Boolean showTracebacks;
    private Boolean showMismatchedParams;
    private Boolean processRequestBody;
    private Set<String> methodsWithBodies;
    private Long maxBytes;
    private List<String> attemptCharsets;
    private Integer maxRamBytes;
    private String defaultContentType;
    private boolean stream;
    private final List<String[]> responseHeaders = new ArrayList<>();
    private final List<Attach> hooks = new ArrayList<>();
    private final List<Object[]> attributes = new ArrayList<>();
    private final List<Object[]> namespaced = new ArrayList<>();
    private final List<dev.morello.tools.Tool.Setup> setups = new ArrayList<>();
    private RuntimeException broken;
    private final List<ConfigRules.Problem> problems = new ArrayList<>(0);
    private final Set<String> refusedKeys = new HashSet<>(0);
    private java.nio.charset.Charset queryCharset = java.nio.charset.StandardCharsets.UTF_8;
    boolean logTracebacks;
    boolean logHeaders;

    /**
     * The plan for a merged config. An entry Morello does not understand ({@link ConfigRules}), a
     * value that does not fit, or a tool switched on that cannot be set up, breaks the plan: every
     * request on the path is then a 500 naming the entry, never served without it. Before the
     * site serves, the plans of every path that can be known then are made and their problems
     * refused ({@code ConfigCheck}), so this is left for config reached only through a dynamic
     * path, or changed while serving.
     */
    static RequestPlan of(Map<String, Object> config, GlobalConfig site) {
        RequestPlan p = build(config, site);
        if (p.broken != null) {
            // once per config path: the operator's mistake, logged where the operator looks
            LOG.error("Requests on a path whose config is refused get 500: {}", p.broken.getMessage());
        }
        return p;
    }

    /** The plan, without logging its problems (for the check made before serving, which reports them). */
    static RequestPlan build(Map<String, Object> config, GlobalConfig site) {
        RequestPlan p = new RequestPlan();
        ConfigRules.Options options = ConfigRules.Options.of(config, false);
        for (Map.Entry<String, Object> e : config.entrySet()) {
            ConfigRules.Problem problem = ConfigRules.check(e.getKey(), e.getValue(), options);
            if (problem != null) {
                p.refuse(problem, null);
                continue;
            }
            try {
                p.read(e.getKey(), e.getValue(), site);
            } catch (RuntimeException bad) {
                p.refuse(new ConfigRules.Problem(e.getKey(), "'" + e.getKey() + "': " + bad.getMessage()), bad);
            }
        }
        p.tools(config);
        p.logTracebacks = flag(config, "tools.log_tracebacks.on", true);
        p.logHeaders = flag(config, "tools.log_headers.on", true);
        return p;
    }

    private void refuse(ConfigRules.Problem problem, RuntimeException cause) {
        problems.add(problem);
        refusedKeys.add(problem.key());
        if (broken == null) {
            broken = new IllegalStateException("The config is refused: " + problem.message(), cause);
        }
    }

    /** Why requests on this path are refused, each naming its entry; empty when the plan is sound. */
    List<ConfigRules.Problem> problems() {
        return problems;
    }

    private static final Log LOG = Log.named("morello.error", "CONFIG");

    private static boolean flag(Map<String, Object> config, String key, boolean fallback) {
        try {
            return config.containsKey(key) ? Values.bool(key, config.get(key)) : fallback;
        } catch (RuntimeException bad) {
            // refused as an entry already; logging errors stays on, the safe side
            return fallback;
        }
    }

    private void read(String key, Object value, GlobalConfig site) {
        int dot = key.indexOf('.');
        if (dot > 0) {
            dev.morello.config.RequestNamespace ns = site.requestNamespaces().get(key.substring(0, dot));
            if (ns != null) {
                namespaced.add(new Object[] {ns, key.substring(dot + 1), value});
                return;
            }
        }
        if (key.startsWith("request.")) {
            String name = key.substring(8);
            switch (name) {
                case "show_tracebacks" -> showTracebacks = Values.bool(key, value);
                case "show_mismatched_params" -> showMismatchedParams = Values.bool(key, value);
                case "process_request_body" -> processRequestBody = Values.bool(key, value);
                case "methods_with_bodies" -> {
                    Set<String> s = new HashSet<>();
                    for (String m : Values.strings(key, value)) {
                        s.add(m.toUpperCase(Locale.ROOT));
                    }
                    methodsWithBodies = s;
                }
                case "body.maxbytes" -> maxBytes = value == null ? null : Values.integer(key, value);
                case "body.attempt_charsets" -> attemptCharsets = Values.strings(key, value);
                case "body.maxrambytes" -> maxRamBytes = (int) Values.integer(key, value);
                case "body.default_content_type" -> defaultContentType = value == null || value.toString().isEmpty() ? null : value.toString();
                case "query_string_encoding" -> queryCharset = java.nio.charset.Charset.forName(String.valueOf(value));
                case "dispatch" -> { }
                default -> attributes.add(new Object[] {name, value});
            }
        } else if (key.startsWith("response.")) {
            String name = key.substring(9);
            if (name.startsWith("headers.")) {
                responseHeaders.add(new String[] {name.substring(8), String.valueOf(value)});
            } else if (name.equals("stream")) {
                stream = Values.bool(key, value);
            }
        } else if (key.startsWith("hooks.")) {
            String rest = key.substring(6);
            int end = rest.indexOf('.');
            HookPoint point = HookPoint.fromConfigName(end < 0 ? rest : rest.substring(0, end));
            if (point == null) {
                throw new IllegalArgumentException("config key " + key + " names no hook point");
            }
            if (value instanceof String ref && ref.contains("::")) {
                value = dev.morello.internal.config.MethodRef.of(ref.strip(), Thread.currentThread().getContextClassLoader() != null
                        ? Thread.currentThread().getContextClassLoader() : RequestPlan.class.getClassLoader());
            }
            if (value instanceof HookCallback cb) {
                hooks.add(new Attach(point, new Hook(cb)));
            } else if (value instanceof Hook h) {
                hooks.add(new Attach(point, h));
            } else if (value instanceof Runnable r) {
                hooks.add(new Attach(point, new Hook(req -> r.run())));
            } else {
                throw new IllegalArgumentException("config key " + key + " must hold a hook callback, not " + value);
            }
        }
    }

    /** The charset query strings decode in ({@code request.query_string_encoding}). */
    java.nio.charset.Charset queryCharset() {
        return queryCharset;
    }

    /** Replays the plan onto a new request and response. */
    void apply(Request request, Response response) throws Exception {
        if (broken != null) {
            throw broken;
        }
        for (Object[] n : namespaced) {
            ((dev.morello.config.RequestNamespace) n[0]).apply(request, (String) n[1], n[2]);
        }
        if (showTracebacks != null) {
            request.showTracebacks(showTracebacks);
        }
        if (showMismatchedParams != null) {
            request.showMismatchedParams(showMismatchedParams);
        }
        if (processRequestBody != null) {
            request.processRequestBody(processRequestBody);
        }
        if (methodsWithBodies != null) {
            request.methodsWithBodies(methodsWithBodies);
        }
        RequestBody body = request.body();
        if (body != null) {
            if (maxBytes != null) {
                body.maxBytes(maxBytes);
            }
            if (attemptCharsets != null) {
                body.attemptCharsets(attemptCharsets);
            }
            if (maxRamBytes != null) {
                body.maxRamBytes(maxRamBytes);
            }
            if (defaultContentType != null) {
                body.defaultContentType(defaultContentType);
            }
        }
        for (Object[] a : attributes) {
            request.attribute((String) a[0], a[1]);
        }
        if (stream) {
            response.stream(true);
        }
        for (String[] h : responseHeaders) {
            response.headers().set(h[0], h[1]);
        }
        for (Attach a : hooks) {
            request.hooks().attach(a.point, a.hook);
        }
        for (dev.morello.tools.Tool.Setup setup : setups) {
            setup.apply(request);
        }
    }

    /**
     * Tools switched on in this config ({@code NS.NAME.on = True} for each toolbox namespace),
     * with their arguments and priority: what they attach is worked out here, once.
     */
    private void tools(Map<String, Object> config) {
        Map<String, dev.morello.tools.Toolbox> boxes = dev.morello.tools.Toolbox.all();
        Map<String, Map<String, Map<String, Object>>> found = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            String key = e.getKey();
            int first = key.indexOf('.');
            if (first <= 0 || !boxes.containsKey(key.substring(0, first))) {
                continue;
            }
            int second = key.indexOf('.', first + 1);
            if (second < 0) {
                continue;
            }
            found.computeIfAbsent(key.substring(0, first), k -> new java.util.LinkedHashMap<>())
                    .computeIfAbsent(key.substring(first + 1, second), k -> new java.util.LinkedHashMap<>())
                    .put(key.substring(second + 1), e.getValue());
        }
        found.forEach((ns, byTool) -> byTool.forEach((name, entries) -> {
            String prefix = ns + "." + name + ".";
            boolean on;
            try {
                on = Values.bool(prefix + "on", entries.get("on"));
            } catch (RuntimeException bad) {
                return; // refused as an entry already
            }
            if (!on) {
                return;
            }
            for (String arg : entries.keySet()) {
                if (refusedKeys.contains(prefix + arg)) {
                    return; // refused as an entry: its setup would only say so again
                }
            }
            dev.morello.tools.Tool tool = boxes.get(ns).get(name);
            if (tool == null) {
                if (ns.equals("tools") && dev.morello.config.Keys.get(prefix + "on") != null) {
                    return; // a switch the framework reads itself (tools.log_headers.on)
                }
                // never serve around a tool that is switched on and missing
                refuse(new ConfigRules.Problem(prefix + "on", "'" + prefix + "on' switches on a tool that is not registered."), null);
                return;
            }
            Map<String, Object> args = new java.util.LinkedHashMap<>(entries);
            args.remove("on");
            Object pr = args.remove("priority");
            try {
                int priority = pr == null ? tool.priority() : (int) Values.integer(prefix + "priority", pr);
                setups.addAll(tool.setups(dev.morello.tools.ToolArgs.of(name, args), priority));
            } catch (RuntimeException bad) {
                // a tool switched on but misconfigured fails closed: every request on the path is
                // a 500 naming it, rather than served without the tool (an auth tool, say)
                refuse(new ConfigRules.Problem(prefix + "on", "the tool " + ns + "." + name + " is misconfigured: "
                        + bad.getMessage()), bad);
            }
        }));
    }
}
