package dev.morello.tools.std.request;

import dev.morello.HttpError;
import dev.morello.HttpRedirect;
import dev.morello.InternalRedirect;
import dev.morello.Part;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.tools.ErrorTool;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import dev.morello.tools.Toolbox;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Redirection and parameter tools: {@code redirect} (every request on a path goes elsewhere),
 * {@code err_redirect} (unexpected errors go elsewhere instead of the 500 page) and
 * {@code params} (request parameters converted to declared types, 400 when they do not
 * convert).
 *
 * <pre>
 * [/old]
 * tools.redirect.on = True
 * tools.redirect.url = '/new'
 * tools.redirect.internal = False
 *
 * [/search]
 * tools.params.on = True
 * tools.params.types = {'page': 'int', 'exact': 'bool'}
 * </pre>
 *
 * <p>{@code log_headers} and {@code log_tracebacks} are not here: they are switches the framework
 * reads itself ({@code tools.log_headers.on}, {@code tools.log_tracebacks.on}, both on by
 * default) when it logs an unexpected error.
 */
public final class MiscTools {
    private static final List<String> DEFAULT_EXCEPTIONS =
            List.of("java.lang.IllegalArgumentException", "java.time.DateTimeException");

    private MiscTools() {
    }

    /** Registers {@code redirect}, {@code err_redirect} and {@code params}. */
    public static void register(Toolbox tools) {
        tools.register(redirectTool()
                .arg("url", Key.Type.STRING, "", "where to send the request (required)")
                .arg("internal", Key.Type.BOOLEAN, true, "an internal redirect (True) or an HTTP redirect to the client"));
        tools.register(new ErrRedirectTool()
                .arg("url", Key.Type.STRING, "", "where to send a request that failed unexpectedly (required)")
                .arg("internal", Key.Type.BOOLEAN, true, "an internal redirect (True) or an HTTP redirect to the client"));
        tools.register(paramsTool()
                .arg("types", Key.Type.OBJECT, null,
                        "{parameter: type}: int, long, float, double, bool, str, decimal, or a class name")
                .arg("exception", Key.Type.LIST, DEFAULT_EXCEPTIONS,
                        "the exception classes a failed conversion throws, answered with the error status")
                .arg("error", Key.Type.INTEGER, 400, "the status for a parameter that does not convert", Key.Check.range(400, 599)));
    }

    // ---- redirect and err_redirect --------------------------------------------------------

    private static String url(ToolArgs args, String tool) {
        String url = args.string("url", "");
        if (url.isEmpty()) {
            // CherryPy's default '' redirects a URL to itself: a loop, refused up front instead
            throw new IllegalArgumentException("config key tools." + tool + ".url is required");
        }
        return url;
    }

    private static RuntimeException redirect(String url, boolean internal) {
        return internal ? new InternalRedirect(url) : new HttpRedirect(url);
    }

    /**
     * CherryPy's {@code redirect} ({@code on_start_resource} 50): every request on the path is
     * redirected to {@code url}, internally (the default: the client sees the other page's
     * answer at this URL) or, with {@code internal = False}, by an HTTP redirect (303 to HTTP/1.1
     * clients, 302 to HTTP/1.0). A relative {@code url} is resolved against the request's path;
     * it may carry a query string. Unlike CherryPy, an empty {@code url} (the default) is refused
     * when the config is read, since it can only loop.
     */
    static Tool redirectTool() {
        return Tool.of("redirect", HookPoint.ON_START_RESOURCE, 50, MiscTools::redirectPlan);
    }

    private static List<Tool.Setup> redirectPlan(ToolArgs args, int priority) {
        String url = url(args, "redirect");
        boolean internal = args.bool("internal", true);
        Hook hook = new Hook(request -> {
            throw redirect(url, internal);
        }, false, priority);
        return List.of(Tool.attach(HookPoint.ON_START_RESOURCE, hook));
    }

    /**
     * CherryPy's {@code err_redirect} (an error tool): an unexpected error (not an
     * {@code HttpError}) is answered by redirecting to {@code url}, internally by default (the
     * client gets that page's answer, with its status) or by an HTTP redirect. The error is still
     * logged. An empty {@code url} is refused when the config is read.
     */
    static final class ErrRedirectTool extends ErrorTool {
        ErrRedirectTool() {
            super("err_redirect", (request, args) -> {
                throw redirect(url(args, "err_redirect"), args.bool("internal", true));
            });
        }

        @Override
        public List<Setup> setups(ToolArgs args, int priority) {
            url(args, "err_redirect");
            args.bool("internal", true);
            return super.setups(args, priority);
        }
    }

    // ---- params ---------------------------------------------------------------------------

    /** Converts one parameter value; throws when it does not convert. */
    @FunctionalInterface
    interface Conversion {
        Object convert(String value) throws Throwable;
    }

    /**
     * CherryPy's {@code params} ({@code before_handler} 15): converts request parameters before
     * the handler sees them. CherryPy reads the types from the handler's Python annotations;
     * Morello's dispatcher already converts parameters to the handler's declared Java types, so
     * here the types are a map argument, {@code types = {'page': 'int'}}, and the converted
     * values replace the strings in {@code request.params()} (for the handler, and for tools and
     * hooks that read the parameters).
     *
     * <ul>
     * <li>Types: {@code int}, {@code long} (ASCII digits with an optional minus, range checked),
     *     {@code float} or {@code double} (decimal notation, finite), {@code bool}
     *     ({@code true/false}, {@code 1/0}, {@code yes/no}, {@code on/off}, any case),
     *     {@code str}, {@code decimal} ({@code BigDecimal}), or a class name whose public static
     *     {@code valueOf(String)} or {@code parse(CharSequence)}, or public
     *     {@code (String)} constructor, makes the value ({@code java.time.LocalDate},
     *     {@code java.util.UUID} ...).
     * <li>A parameter sent several times becomes a list of converted values; an uploaded file
     *     does not convert. Parameters not named are left alone, and named ones that are absent
     *     are not added.
     * <li>A conversion that throws one of the {@code exception} classes (a class name or a
     *     list; by default {@code IllegalArgumentException}, which covers
     *     {@code NumberFormatException}, and {@code java.time.DateTimeException}, Java's
     *     counterparts of Python's {@code ValueError}) is answered with {@code error} (400):
     *     {@code Invalid value for parameter 'page': expected int.} Other exceptions propagate
     *     (a 500), as in CherryPy.
     * </ul>
     *
     * <p>Unknown type names, an {@code exception} entry that names no {@code Throwable}, or an
     * {@code error} outside 400-599 are refused when the config is read.
     */
    static Tool paramsTool() {
        return Tool.of("params", HookPoint.BEFORE_HANDLER, 15, MiscTools::paramsPlan);
    }

    private static List<Tool.Setup> paramsPlan(ToolArgs args, int priority) {
        Map<String, String> names = args.stringMap("types");
        Map<String, Conversion> conversions = new LinkedHashMap<>();
        names.forEach((param, type) -> conversions.put(param, conversion(type.trim())));
        List<Class<?>> exceptions = new ArrayList<>();
        for (String name : args.strings("exception", DEFAULT_EXCEPTIONS)) {
            Class<?> exception = loadClass(name.trim(), "exception");
            if (!Throwable.class.isAssignableFrom(exception)) {
                throw new IllegalArgumentException("config key tools.params.exception must name a Throwable, not "
                        + exception.getName());
            }
            exceptions.add(exception);
        }
        int error = (int) args.integer("error", 400);
        if (error < 400 || error > 599) {
            throw new IllegalArgumentException("config key tools.params.error must be within 400-599, not " + error);
        }
        if (conversions.isEmpty()) {
            return List.of();
        }
        Hook hook = new Hook(request -> convert(request, names, conversions, exceptions, error), false, priority);
        return List.of(Tool.attach(HookPoint.BEFORE_HANDLER, hook));
    }

    private static void convert(Request request, Map<String, String> names, Map<String, Conversion> conversions,
            List<Class<?>> exceptions, int error) throws Exception {
        Map<String, Object> params = request.params();
        for (Map.Entry<String, Conversion> c : conversions.entrySet()) {
            String name = c.getKey();
            if (!params.containsKey(name)) {
                continue;
            }
            Object value = params.get(name);
            try {
                if (value instanceof List<?> list) {
                    List<Object> out = new ArrayList<>(list.size());
                    for (Object item : list) {
                        out.add(convertOne(c.getValue(), item));
                    }
                    params.put(name, out);
                } else {
                    params.put(name, convertOne(c.getValue(), value));
                }
            } catch (Throwable t) {
                if (exceptions.stream().anyMatch(e -> e.isInstance(t))) {
                    throw new HttpError(error, "Invalid value for parameter '" + name + "': expected "
                            + names.get(name) + ".", t);
                }
                if (t instanceof Exception e) {
                    throw e;
                }
                throw (Error) t;
            }
        }
    }

    private static Object convertOne(Conversion conversion, Object value) throws Throwable {
        if (value instanceof Part) {
            throw new IllegalArgumentException("an uploaded file is not a value");
        }
        return conversion.convert(value == null ? "" : value.toString());
    }

    static Conversion conversion(String type) {
        return switch (type) {
            case "int" -> s -> (int) integer(s, Integer.MIN_VALUE, Integer.MAX_VALUE);
            case "long" -> s -> integer(s, Long.MIN_VALUE, Long.MAX_VALUE);
            case "float", "double" -> MiscTools::decimal;
            case "bool" -> MiscTools::bool;
            case "str" -> s -> s;
            case "decimal" -> s -> new BigDecimal(plainNumber(s));
            default -> byClass(type);
        };
    }

    /** An integer of ASCII digits with an optional leading minus, within the bounds. */
    static long integer(String s, long min, long max) {
        int i = s.startsWith("-") ? 1 : 0;
        if (s.length() == i || s.length() > 20) {
            throw new NumberFormatException("not an integer");
        }
        long n = 0;
        boolean negative = i == 1;
        for (; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException("not an integer");
            }
            int d = c - '0';
            // accumulate negatively: Long.MIN_VALUE has no positive counterpart
            if (n < (Long.MIN_VALUE + d) / 10) {
                throw new NumberFormatException("out of range");
            }
            n = n * 10 - d;
        }
        if (!negative) {
            if (n == Long.MIN_VALUE) {
                throw new NumberFormatException("out of range");
            }
            n = -n;
        }
        if (n < min || n > max) {
            throw new NumberFormatException("out of range");
        }
        return n;
    }

    /** Decimal notation only: Java's parser would also take {@code NaN}, hex and a trailing {@code d}. */
    private static String plainNumber(String s) {
        if (s.isEmpty() || s.length() > 400) {
            throw new NumberFormatException("not a number");
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                throw new NumberFormatException("not a number");
            }
        }
        return s;
    }

    private static Double decimal(String s) {
        double d = Double.parseDouble(plainNumber(s));
        if (Double.isInfinite(d)) {
            throw new NumberFormatException("out of range");
        }
        return d;
    }

    private static Boolean bool(String s) {
        return switch (s.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> Boolean.TRUE;
            case "false", "0", "no", "off" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException("not a boolean");
        };
    }

    private static Conversion byClass(String name) {
        Class<?> type = loadClass(name, "types");
        for (String factory : new String[] {"valueOf", "parse", "fromString"}) {
            for (Class<?> arg : new Class<?>[] {String.class, CharSequence.class}) {
                try {
                    Method m = type.getMethod(factory, arg);
                    if (Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType())) {
                        return s -> invoke(() -> m.invoke(null, s));
                    }
                } catch (NoSuchMethodException e) {
                    // try the next way of making one
                }
            }
        }
        try {
            Constructor<?> c = type.getConstructor(String.class);
            return s -> invoke(() -> c.newInstance(s));
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("config key tools.params.types: " + name
                    + " has no public static valueOf(String) or parse(CharSequence), nor a public (String) constructor");
        }
    }

    private interface Reflective {
        Object call() throws ReflectiveOperationException;
    }

    /** Calls a factory, rethrowing what it threw rather than the reflection wrapper. */
    private static Object invoke(Reflective call) throws Throwable {
        try {
            return call.call();
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    private static Class<?> loadClass(String name, String arg) {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        try {
            return Class.forName(name, false, loader != null ? loader : MiscTools.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            throw new IllegalArgumentException("config key tools.params." + arg + " names no known type: " + name);
        }
    }
}
