package dev.morello.tools.std.headers;

import dev.morello.HeaderElement;
import dev.morello.HeaderMap;
import dev.morello.HttpError;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.config.Keys;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The header tools: {@code response_headers} (fixed response headers), {@code ignore_headers}
 * (request headers hidden from the handler), {@code referer} (requests filtered by their
 * {@code Referer}) and {@code accept} (content negotiation on {@code Accept}).
 *
 * <pre>
 * [/]
 * tools.response_headers.on = True
 * tools.response_headers.headers = [('X-Frame-Options', 'DENY'), ('X-Content-Type-Options', 'nosniff')]
 *
 * [/feed]
 * tools.accept.on = True
 * tools.accept.media = ['application/atom+xml', 'text/html']
 * </pre>
 *
 * <p>Arguments are read and checked once per config path: a malformed one fails every request
 * on that path with a 500 whose log line names the config key.
 */
public final class HeaderTools {
    /** The request attribute {@code accept} sets to the media type chosen. */
    public static final String MEDIA = "morello.media";

    private static final String ACCEPT_406 =
            "Your client sent this Accept header: %s. But this resource only emits these media types: %s.";

    private HeaderTools() {
    }

    /** Registers {@code response_headers}, {@code ignore_headers}, {@code referer} and {@code accept}. */
    public static void register(Toolbox tools) {
        tools.register(responseHeadersTool()
                .arg("headers", Key.Type.OBJECT, null, "a list of (name, value) pairs (or a map) to set on every response"));
        tools.register(ignoreHeadersTool()
                .arg("headers", Key.Type.LIST, List.of("Range"), "request headers the handler and later tools do not see"));
        tools.register(refererTool()
                .arg("pattern", Key.Type.STRING, null, "a regular expression matched at the start of the Referer", Keys.REGEX)
                .arg("accept", Key.Type.BOOLEAN, true, "whether a matching Referer is accepted (else refused)")
                .arg("accept_missing", Key.Type.BOOLEAN, false, "whether a request without a Referer is accepted")
                .arg("error", Key.Type.INTEGER, 403, "the status for refused requests", Key.Check.range(400, 599))
                .arg("message", Key.Type.STRING, "Forbidden Referer header.", "the message for refused requests"));
        tools.register(acceptTool()
                .arg("media", Key.Type.LIST, null, "the media types the resource emits, preferred first"));
    }

    // ---- response_headers -----------------------------------------------------------------

    /**
     * CherryPy's {@code response_headers} ({@code on_start_resource} 50, failsafe): sets each
     * {@code (name, value)} pair on the response, replacing a field of the same name. From config
     * files the argument is a list of 2-tuples (or 2-lists); from Java it may also be a
     * {@code Map}. A name that is not an HTTP token, or a value with a control character, is
     * refused when the config is read, rather than sent.
     */
    static Tool responseHeadersTool() {
        return Tool.of("response_headers", HookPoint.ON_START_RESOURCE, 50, HeaderTools::responseHeadersPlan);
    }

    private static List<Tool.Setup> responseHeadersPlan(ToolArgs args, int priority) {
        List<String[]> pairs = pairs(args.get("headers"));
        Hook hook = new Hook(request -> {
            HeaderMap h = request.response().headers();
            for (String[] p : pairs) {
                h.set(p[0], p[1]);
            }
        }, true, priority);
        return List.of(Tool.attach(HookPoint.ON_START_RESOURCE, hook));
    }

    static List<String[]> pairs(Object value) {
        String key = "config key tools.response_headers.headers";
        List<String[]> out = new ArrayList<>();
        if (value == null) {
            return out;
        }
        if (value instanceof Map<?, ?> m) {
            for (Map.Entry<?, ?> e : m.entrySet()) {
                out.add(header(key, e.getKey(), e.getValue()));
            }
        } else if (value instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof List<?> pair && pair.size() == 2) {
                    out.add(header(key, pair.get(0), pair.get(1)));
                } else if (item instanceof Object[] pair && pair.length == 2) {
                    out.add(header(key, pair[0], pair[1]));
                } else {
                    throw new IllegalArgumentException(key + " must hold (name, value) pairs, not " + item);
                }
            }
        } else {
            throw new IllegalArgumentException(key + " must be a list of (name, value) pairs, not " + value);
        }
        return out;
    }

    private static String[] header(String key, Object name, Object value) {
        String n = String.valueOf(name);
        String v = value == null ? "" : String.valueOf(value);
        if (!Keys.token(n)) {
            throw new IllegalArgumentException(key + " has an invalid header name: " + n);
        }
        for (int i = 0; i < v.length(); i++) {
            char c = v.charAt(i);
            if (c < 0x20 && c != '\t' || c == 0x7f) {
                throw new IllegalArgumentException(key + " has a control character in the value of " + n);
            }
        }
        return new String[] {n, v};
    }

    // ---- ignore_headers -------------------------------------------------------------------

    /**
     * CherryPy's {@code ignore_headers} ({@code before_request_body} 50): removes the named
     * request headers ({@code Range} by default) from {@link Request#headers()}, so the handler
     * and the tools after it do not see them. The raw exchange ({@code request.exchange()})
     * still has them: the request body is framed by the server before any tool runs.
     */
    static Tool ignoreHeadersTool() {
        return Tool.of("ignore_headers", HookPoint.BEFORE_REQUEST_BODY, 50, HeaderTools::ignoreHeadersPlan);
    }

    private static List<Tool.Setup> ignoreHeadersPlan(ToolArgs args, int priority) {
        List<String> names = List.copyOf(args.strings("headers", List.of("Range")));
        Hook hook = new Hook(request -> {
            HeaderMap h = request.headers();
            for (String n : names) {
                h.remove(n);
            }
        }, false, priority);
        return List.of(Tool.attach(HookPoint.BEFORE_REQUEST_BODY, hook));
    }

    // ---- referer --------------------------------------------------------------------------

    /**
     * CherryPy's {@code referer} ({@code before_request_body} 50): the {@code pattern} (a Java
     * regular expression, matched at the start of the {@code Referer} as Python's
     * {@code re.match} does) decides: with {@code accept} (the default) a matching Referer is
     * let through and others refused; with {@code accept = False} a matching one is refused. A
     * request without a Referer is refused unless {@code accept_missing}. Refusals are an
     * {@code HttpError} with {@code error} (403) and {@code message}.
     *
     * <p>The pattern is compiled once when the config is read; a missing or invalid pattern, or
     * an {@code error} outside 400-599, is refused then. The Referer is the client's to forge:
     * this is a filter against casual hot-linking, not access control.
     */
    static Tool refererTool() {
        return Tool.of("referer", HookPoint.BEFORE_REQUEST_BODY, 50, HeaderTools::refererPlan);
    }

    private static List<Tool.Setup> refererPlan(ToolArgs args, int priority) {
        String regex = args.string("pattern", null);
        if (regex == null) {
            throw new IllegalArgumentException("config key tools.referer.pattern is required");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("config key tools.referer.pattern is not a valid regular expression: "
                    + e.getDescription(), e);
        }
        boolean accept = args.bool("accept", true);
        boolean acceptMissing = args.bool("accept_missing", false);
        int error = (int) args.integer("error", 403);
        if (error < 400 || error > 599) {
            throw new IllegalArgumentException("config key tools.referer.error must be within 400-599, not " + error);
        }
        String message = args.string("message", "Forbidden Referer header.");
        Hook hook = new Hook(request -> {
            String ref = request.headers().get("Referer");
            if (ref == null ? acceptMissing : pattern.matcher(ref).lookingAt() == accept) {
                return;
            }
            throw new HttpError(error, message);
        }, false, priority);
        return List.of(Tool.attach(HookPoint.BEFORE_REQUEST_BODY, hook));
    }

    // ---- accept ---------------------------------------------------------------------------

    /**
     * CherryPy's {@code accept} ({@code on_start_resource} 50): picks the media type to answer
     * in from {@code media} (a string or a list, the server's preference first) by the request's
     * {@code Accept}, and stores it in the request attribute {@value #MEDIA}.
     *
     * <ul>
     * <li>No {@code Accept} (or one with no ranges): the first media type.
     * <li>Otherwise each offered type gets the quality of the most specific range that matches
     *     it ({@code type/subtype} over <code>type/&#42;</code> over <code>&#42;/&#42;</code>, RFC 9110 §12.5.1);
     *     the best quality above 0 wins, ties going to the earlier offered type.
     * <li>Nothing acceptable: 406 with CherryPy's message, {@code Your client sent this Accept
     *     header: ... But this resource only emits these media types: ...}.
     * </ul>
     *
     * <p>Unlike CherryPy, which walks the ranges by q-value and takes the first one that matches
     * anything, a more specific range overrides a wildcard: <code>text/&#42;, text/html;q=0</code> does
     * not pick {@code text/html}.
     */
    static Tool acceptTool() {
        return Tool.of("accept", HookPoint.ON_START_RESOURCE, 50, HeaderTools::acceptPlan);
    }

    private static List<Tool.Setup> acceptPlan(ToolArgs args, int priority) {
        List<String> media = List.copyOf(args.strings("media", List.of()));
        if (media.isEmpty()) {
            return List.of();
        }
        Hook hook = new Hook(request -> accept(request, media), false, priority);
        return List.of(Tool.attach(HookPoint.ON_START_RESOURCE, hook));
    }

    static void accept(Request request, List<String> media) {
        List<HeaderElement> ranges = request.headers().elements("Accept");
        if (ranges.isEmpty()) {
            request.attribute(MEDIA, media.get(0));
            return;
        }
        String best = null;
        double bestQ = 0;
        for (String offered : media) {
            double q = quality(offered, ranges);
            if (q > bestQ) {
                best = offered;
                bestQ = q;
            }
        }
        if (best == null) {
            throw new HttpError(406, String.format(ACCEPT_406, String.join(", ", request.headers().all("Accept")),
                    String.join(", ", media)));
        }
        request.attribute(MEDIA, best);
    }

    /** The q-value of the most specific range matching the offered type; 0 when none does. */
    private static double quality(String offered, List<HeaderElement> ranges) {
        String type = bare(offered);
        int slash = type.indexOf('/');
        String major = slash < 0 ? type : type.substring(0, slash);
        int bestSpecificity = -1;
        double q = 0;
        for (HeaderElement r : ranges) {
            String range = bare(r.value());
            int specificity;
            if (range.equals("*/*")) {
                specificity = 0;
            } else if (range.endsWith("/*") && range.substring(0, range.length() - 2).equals(major)) {
                specificity = 1;
            } else if (range.equals(type)) {
                specificity = 2;
            } else {
                continue;
            }
            if (specificity > bestSpecificity) {
                bestSpecificity = specificity;
                q = r.qvalue();
            }
        }
        return q;
    }

    /** The media type without parameters, lower-cased ({@code Text/HTML; level=1} → {@code text/html}). */
    private static String bare(String mediaType) {
        int semi = mediaType.indexOf(';');
        return (semi < 0 ? mediaType : mediaType.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }
}
