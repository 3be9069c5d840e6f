package dev.morello;

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
    private boolean stream;
    private final List<String[]> responseHeaders = new ArrayList<>();
    private final List<Attach> hooks = new ArrayList<>();
    private final List<Object[]> attributes = new ArrayList<>();
    private final List<Object[]> namespaced = new ArrayList<>();
    private java.nio.charset.Charset queryCharset = java.nio.charset.StandardCharsets.UTF_8;
    boolean logTracebacks;
    boolean logHeaders;

    static RequestPlan of(Map<String, Object> config) {
        RequestPlan p = new RequestPlan();
        for (Map.Entry<String, Object> e : config.entrySet()) {
            p.read(e.getKey(), e.getValue());
        }
        if (Values.bool("tools.trailing_slash.on", config.get("tools.trailing_slash.on"))) {
            boolean missing = config.containsKey("tools.trailing_slash.missing")
                    ? Values.bool("tools.trailing_slash.missing", config.get("tools.trailing_slash.missing")) : true;
            boolean extra = Values.bool("tools.trailing_slash.extra", config.get("tools.trailing_slash.extra"));
            Object st = config.get("tools.trailing_slash.status");
            int status = st == null ? 301 : (int) Values.integer("tools.trailing_slash.status", st);
            int priority = config.containsKey("tools.trailing_slash.priority")
                    ? (int) Values.integer("tools.trailing_slash.priority", config.get("tools.trailing_slash.priority")) : 60;
            p.hooks.add(new Attach(HookPoint.BEFORE_HANDLER,
                    new Hook(new TrailingSlash(missing, extra, status), false, priority)));
        }
        if (Values.bool("tools.allow.on", config.get("tools.allow.on"))) {
            Object m = config.get("tools.allow.methods");
            List<String> methods = new ArrayList<>();
            for (String name : m == null ? List.of("GET", "HEAD") : Values.strings("tools.allow.methods", m)) {
                methods.add(name.toUpperCase(Locale.ROOT));
            }
            if (methods.contains("GET") && !methods.contains("HEAD")) {
                methods.add("HEAD");
            }
            int priority = config.containsKey("tools.allow.priority")
                    ? (int) Values.integer("tools.allow.priority", config.get("tools.allow.priority")) : 50;
            p.hooks.add(new Attach(HookPoint.ON_START_RESOURCE, new Hook(new Allow(List.copyOf(methods)), false, priority)));
        }
        p.logTracebacks = Values.bool("tools.log_tracebacks.on", config.get("tools.log_tracebacks.on"));
        p.logHeaders = Values.bool("tools.log_headers.on", config.get("tools.log_headers.on"));
        return p;
    }

    private void read(String key, Object value) {
        int dot = key.indexOf('.');
        if (dot > 0) {
            dev.morello.config.RequestNamespace ns = Morello.config().requestNamespaces().get(key.substring(0, dot));
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
                value = dev.morello.config.MethodRef.of(ref.strip(), Thread.currentThread().getContextClassLoader() != null
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
    }

    /**
     * CherryPy's {@code allow} tool: only the listed methods (GET and HEAD by default) reach the
     * handler; others get 405, and every response says what is allowed.
     */
    private record Allow(List<String> methods) implements HookCallback {
        @Override
        public void run(Request request) {
            Morello.response().headers().set("Allow", String.join(", ", methods));
            if (!methods.contains(request.method())) {
                throw new HttpError(405);
            }
        }

        @Override
        public String toString() {
            return "tools.allow";
        }
    }

    /**
     * CherryPy's {@code trailing_slash} tool, on by default: an index reached without its slash
     * is redirected to the slashed URL; with {@code extra}, a non-index page reached with a slash
     * is redirected to the unslashed one.
     */
    private record TrailingSlash(boolean missing, boolean extra, int status) implements HookCallback {
        @Override
        public void run(Request request) {
            String pi = request.pathInfo();
            Boolean index = request.isIndex();
            if (Boolean.TRUE.equals(index)) {
                if (missing && !pi.endsWith("/")) {
                    throw new HttpRedirect(Morello.url(pi + "/", request.queryString()), status);
                }
            } else if (Boolean.FALSE.equals(index)) {
                if (extra && pi.endsWith("/") && !pi.equals("/")) {
                    throw new HttpRedirect(Morello.url(pi.substring(0, pi.length() - 1), request.queryString()), status);
                }
            }
        }

        @Override
        public String toString() {
            return "tools.trailing_slash";
        }
    }
}
