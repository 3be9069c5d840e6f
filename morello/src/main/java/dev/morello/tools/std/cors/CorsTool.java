package dev.morello.tools.std.cors;

import dev.morello.HeaderMap;
import dev.morello.HttpError;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.config.Key;
import dev.morello.internal.HttpTokens;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Cross-origin resource sharing (the Fetch standard's CORS protocol), which CherryPy lacks: lets
 * pages from other origins call this site from scripts.
 *
 * <pre>
 * [/api]
 * tools.cors.on = True
 * tools.cors.origins = ["https://app.example.com"]
 * tools.cors.methods = ["GET", "POST", "DELETE"]
 * tools.cors.headers = ["Content-Type", "Authorization"]
 * tools.cors.max_age = 600
 * </pre>
 *
 * <h2>Which origins</h2>
 * {@code origins} lists exact origins ({@code https://app.example.com}, compared without regard to
 * case; a path or trailing slash is refused at setup since an origin never has one), or is
 * {@code "*"} for any. {@code pattern} is a regular expression an origin must match whole
 * ({@code https://[a-z]+\.example\.com}). With neither, any origin is allowed. The {@code null}
 * origin (sandboxed frames, {@code file:} pages) is allowed only when listed or matched.
 *
 * <h2>Preflight requests</h2>
 * An {@code OPTIONS} request with {@code Origin} and {@code Access-Control-Request-Method} is
 * answered by the tool at {@code on_start_resource} (priority 5), before the page handler, so it is
 * answered even where the handler would say 404 or 405 (a resource with only {@code GET}): the
 * handler is skipped and the response is {@code 204} with {@code Access-Control-Allow-Origin},
 * {@code -Allow-Methods}, {@code -Allow-Headers}, {@code -Max-Age} (when {@code max_age} is set)
 * and {@code -Allow-Credentials} (when {@code credentials} is set). The authentication tools
 * ({@code auth_basic}, {@code auth_digest}) let a preflight answered here through, since browsers
 * never send credentials with one; {@code trailing_slash} does not redirect it. The {@code allow}
 * tool still refuses methods it does not list: add {@code OPTIONS} to it.
 *
 * <p>A preflight for an origin, method or request header that is not allowed gets {@code 403}
 * without CORS headers: the Fetch standard's way for a server to say no explicitly (leaving the
 * headers out alone would fail the preflight too, but less legibly). Methods are compared exactly, as browsers
 * do; header names without regard to case. {@code methods = "*"} or {@code headers = "*"} allow
 * any, answered by echoing the request's, which also works with credentials (where the Fetch
 * standard reads {@code *} literally) and for {@code Authorization} (which {@code *} never covers).
 *
 * <h2>Other requests</h2>
 * A request with an allowed {@code Origin} gets {@code Access-Control-Allow-Origin} (with
 * {@code Access-Control-Allow-Credentials: true} and {@code Access-Control-Expose-Headers} when set)
 * at {@code before_finalize}, error pages included; a request from another origin is served as
 * usual but without them, so the browser keeps the response from the script. Unless the answer is
 * the same for every origin ({@code *} without credentials), {@code Vary: Origin} is added to every
 * response, so a cache never hands one origin's answer to another.
 *
 * <h2>Credentials</h2>
 * {@code credentials = True} lets scripts send cookies and HTTP authentication. The Fetch standard
 * forbids {@code Access-Control-Allow-Origin: *} with credentials, so the request's origin is
 * echoed instead (with {@code Vary: Origin}). Beware: credentials with any origin let every site on
 * the web act as the logged-in user and read the answers; list the origins instead.
 */
public final class CorsTool {
    /** The tool's name in config: {@code tools.cors}. */
    public static final String NAME = "cors";

    /** The request attribute set on a preflight: {@code Boolean.TRUE} when answered, {@code FALSE} when refused. */
    public static final String PREFLIGHT_ATTRIBUTE = "morello.cors.preflight";

    static final String ORIGIN = "Origin";
    static final String REQUEST_METHOD = "Access-Control-Request-Method";
    static final String REQUEST_HEADERS = "Access-Control-Request-Headers";
    static final String ALLOW_ORIGIN = "Access-Control-Allow-Origin";
    static final String ALLOW_METHODS = "Access-Control-Allow-Methods";
    static final String ALLOW_HEADERS = "Access-Control-Allow-Headers";
    static final String ALLOW_CREDENTIALS = "Access-Control-Allow-Credentials";
    static final String EXPOSE_HEADERS = "Access-Control-Expose-Headers";
    static final String MAX_AGE = "Access-Control-Max-Age";
    static final String ANY = "*";

    /** Where the other-request headers are written: late, after tools that may set {@code Vary}. */
    static final int FINALIZE_PRIORITY = 99;

    private CorsTool() {
    }

    /** Registers the {@code cors} tool and its keys. */
    public static void register(Toolbox tools) {
        tools.register(tool());
    }

    /** A new {@code cors} tool, for a toolbox of one's own. */
    public static Tool tool() {
        return Tool.of(NAME, HookPoint.ON_START_RESOURCE, 5, CorsTool::corsPlan)
                .arg("origins", Key.Type.LIST, null, "allowed origins (scheme://host[:port]) or '*'; any when neither this nor pattern is set")
                .arg("pattern", Key.Type.STRING, null, "a regular expression an allowed origin matches whole")
                .arg("methods", Key.Type.LIST, List.of("GET", "HEAD", "POST"), "methods a preflight may ask for, or '*'")
                .arg("headers", Key.Type.LIST, List.of(), "request headers a preflight may ask for, or '*'")
                .arg("expose_headers", Key.Type.LIST, List.of(), "response headers scripts may read")
                .arg("credentials", Key.Type.BOOLEAN, false, "allow cookies and HTTP authentication (the origin is echoed, never '*')")
                .arg("max_age", Key.Type.INTEGER, null, "seconds a browser may cache a preflight answer");
    }

    /** Whether the CORS tool answered this request as a preflight. */
    public static boolean isPreflight(Request request) {
        return Boolean.TRUE.equals(request.attribute(PREFLIGHT_ATTRIBUTE));
    }

    private static List<Tool.Setup> corsPlan(ToolArgs args, int priority) {
        Policy policy = Policy.of(args);
        Hook preflight = new Hook(policy::preflight, false, priority);
        Hook actual = new Hook(policy::actual, true, FINALIZE_PRIORITY);
        return List.of(request -> {
            request.hooks().attach(HookPoint.ON_START_RESOURCE, preflight);
            request.hooks().attach(HookPoint.BEFORE_FINALIZE, actual);
            request.hooks().attach(HookPoint.AFTER_ERROR_RESPONSE, actual);
        });
    }

    /** The arguments for one config path, checked and compiled once. */
    private record Policy(boolean anyOrigin, Set<String> origins, Pattern pattern, boolean anyMethod,
                          List<String> methods, boolean anyHeader, List<String> headers, Set<String> headerSet,
                          List<String> expose, boolean credentials, Long maxAge) {

        static Policy of(ToolArgs args) {
            List<String> originList = args.strings("origins", null);
            String patternText = args.string("pattern", null);
            Pattern pattern = null;
            if (patternText != null && !patternText.isEmpty()) {
                try {
                    pattern = Pattern.compile(patternText);
                } catch (PatternSyntaxException e) {
                    throw new IllegalArgumentException("tools.cors.pattern is not a regular expression: " + e.getMessage(), e);
                }
            }
            boolean anyOrigin = originList == null && pattern == null
                    || originList != null && originList.contains(ANY);
            Set<String> origins = new LinkedHashSet<>();
            if (originList != null) {
                for (String o : originList) {
                    if (!o.equals(ANY)) {
                        origins.add(checkOrigin(o.trim()).toLowerCase(Locale.ROOT));
                    }
                }
            }
            List<String> methods = args.strings("methods", List.of("GET", "HEAD", "POST"));
            for (String m : methods) {
                if (!m.equals(ANY) && !isToken(m)) {
                    throw new IllegalArgumentException("tools.cors.methods: not a method name: '" + m + "'");
                }
            }
            List<String> headers = args.strings("headers", List.of());
            Set<String> headerSet = new LinkedHashSet<>();
            for (String h : headers) {
                if (!h.equals(ANY) && !isToken(h)) {
                    throw new IllegalArgumentException("tools.cors.headers: not a header name: '" + h + "'");
                }
                headerSet.add(h.toLowerCase(Locale.ROOT));
            }
            long maxAge = args.integer("max_age", -1);
            return new Policy(anyOrigin, Set.copyOf(origins), pattern, methods.contains(ANY), List.copyOf(methods),
                    headers.contains(ANY), List.copyOf(headers), Set.copyOf(headerSet),
                    List.copyOf(args.strings("expose_headers", List.of())), args.bool("credentials", false),
                    maxAge < 0 ? null : maxAge);
        }

        private static String checkOrigin(String o) {
            if (o.equals("null")) {
                return o;
            }
            int sep = o.indexOf("://");
            if (sep <= 0 || o.length() == sep + 3 || o.indexOf('/', sep + 3) >= 0 || o.indexOf('?') >= 0 || o.indexOf('#') >= 0) {
                throw new IllegalArgumentException("tools.cors.origins: an origin is scheme://host[:port] with no path "
                        + "(browsers send it so, without a trailing slash): '" + o + "'");
            }
            return o;
        }

        /** Whether every origin gets the same answer ({@code *}), so no {@code Vary: Origin} is needed. */
        private boolean uniform() {
            return anyOrigin && !credentials;
        }

        private boolean allows(String origin) {
            if (origins.contains(origin.toLowerCase(Locale.ROOT))) {
                return true;
            }
            if (pattern != null && pattern.matcher(origin).matches()) {
                return true;
            }
            // echoing "null" with credentials would hand the session to any sandboxed page
            return anyOrigin && !(credentials && origin.equals("null"));
        }

        void preflight(Request request) {
            HeaderMap in = request.headers();
            String origin = in.get(ORIGIN);
            String method = in.get(REQUEST_METHOD);
            if (!request.method().equals("OPTIONS") || origin == null || method == null) {
                return;
            }
            Response response = request.response();
            HeaderMap out = response.headers();
            addVary(out, ORIGIN);
            addVary(out, REQUEST_METHOD);
            addVary(out, REQUEST_HEADERS);
            // a refused preflight stays without CORS headers, error page included
            request.attribute(PREFLIGHT_ATTRIBUTE, Boolean.FALSE);
            if (!allows(origin)) {
                throw new HttpError(403, "CORS preflight refused: the origin is not allowed.");
            }
            method = method.trim();
            if (!anyMethod && !methods.contains(method)) {
                throw new HttpError(403, "CORS preflight refused: the method is not allowed.");
            }
            List<String> asked = names(String.join(",", in.all(REQUEST_HEADERS)));
            if (!anyHeader) {
                for (String h : asked) {
                    if (!headerSet.contains(h)) {
                        throw new HttpError(403, "CORS preflight refused: the header '" + h + "' is not allowed.");
                    }
                }
            }
            allowOrigin(out, origin);
            out.set(ALLOW_METHODS, anyMethod ? method : String.join(", ", methods));
            if (anyHeader) {
                if (!asked.isEmpty()) {
                    out.set(ALLOW_HEADERS, String.join(", ", asked));
                }
            } else if (!headers.isEmpty()) {
                out.set(ALLOW_HEADERS, String.join(", ", headers));
            }
            if (maxAge != null) {
                out.set(MAX_AGE, Long.toString(maxAge));
            }
            response.status(204);
            response.body(null);
            request.handler(null);
            // no page answers a preflight, so there is no index whose slash trailing_slash could correct
            request.isIndex(null);
            request.attribute(PREFLIGHT_ATTRIBUTE, Boolean.TRUE);
        }

        void actual(Request request) {
            if (request.attribute(PREFLIGHT_ATTRIBUTE) != null) {
                return;
            }
            HeaderMap out = request.response().headers();
            if (!uniform()) {
                addVary(out, ORIGIN);
            }
            String origin = request.headers().get(ORIGIN);
            if (origin == null || !allows(origin)) {
                return;
            }
            allowOrigin(out, origin);
            if (!expose.isEmpty()) {
                out.set(EXPOSE_HEADERS, String.join(", ", expose));
            }
        }

        private void allowOrigin(HeaderMap out, String origin) {
            out.set(ALLOW_ORIGIN, uniform() ? ANY : origin);
            if (credentials) {
                out.set(ALLOW_CREDENTIALS, "true");
            }
        }
    }

    /** The comma-separated names of {@code Access-Control-Request-Headers}, lower-cased. */
    private static List<String> names(String value) {
        List<String> out = new ArrayList<>();
        for (String part : value.split(",")) {
            String t = part.trim().toLowerCase(Locale.ROOT);
            if (!t.isEmpty()) {
                out.add(t);
            }
        }
        return out;
    }

    /** Adds a name to {@code Vary} unless it is there (or {@code Vary: *} already says everything). */
    static void addVary(HeaderMap headers, String name) {
        String vary = headers.get("Vary");
        if (vary == null || vary.isBlank()) {
            headers.set("Vary", name);
            return;
        }
        for (String part : vary.split(",")) {
            String t = part.trim();
            if (t.equals("*") || t.equalsIgnoreCase(name)) {
                return;
            }
        }
        headers.set("Vary", vary + ", " + name);
    }

    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!HttpTokens.isTchar(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }
}
