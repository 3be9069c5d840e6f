package dev.morello.dispatch;

import dev.morello.HttpError;
import dev.morello.Param;
import dev.morello.Request;
import dev.morello.RequestBody;
import dev.morello.Response;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Parameter;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * An exposed method, resolved once: a method handle taking (target, Object[]) and how to fill each
 * parameter. Binding follows CherryPy's rules for a Python signature: path segments fill the
 * named parameters in order (then a varargs parameter), request parameters fill them by name, a
 * {@code Map} parameter takes the remaining request parameters (Python's {@code **kwargs}), and a
 * mismatch is 404 when the URL caused it and 400 when the body did.
 */
public final class HandlerMethod {
    private enum Kind { REQUEST, RESPONSE, BODY, SESSION, NAMED, VARARGS, KWARGS }

    private record Slot(Kind kind, String name, Class<?> type, Type generic, String defaultValue) {
    }

    private final Method method;
    /** Null when the framework may not call the method (see {@link #inaccessible()}). */
    private final MethodHandle invoker;
    private final boolean inaccessible;
    /** The 0-based positions of the parameters that bind by name but have none; usually empty. */
    private final List<Integer> unnamed;
    private final Slot[] slots;
    private final int named;
    private final boolean hasVarargs;
    private final boolean hasKwargs;
    private final dev.morello.config.NodeConfig config;

    static HandlerMethod of(Method m) {
        return new HandlerMethod(m);
    }

    private HandlerMethod(Method m) {
        this.method = m;
        m.trySetAccessible();
        MethodHandle mh;
        try {
            mh = MethodHandles.lookup().unreflect(m).asFixedArity();
            if (Modifier.isStatic(m.getModifiers())) {
                mh = MethodHandles.dropArguments(mh, 0, Object.class);
            }
            int n = m.getParameterCount();
            mh = mh.asType(MethodType.genericMethodType(n + 1));
            if (m.getReturnType() == void.class) {
                mh = mh.asType(mh.type().changeReturnType(Object.class));
            }
            mh = mh.asSpreader(Object[].class, n);
        } catch (IllegalAccessException e) {
            // the class's module keeps it from us: the check before serving names the line to add
            mh = null;
        }
        invoker = mh;
        inaccessible = mh == null;
        Parameter[] ps = m.getParameters();
        slots = new Slot[ps.length];
        List<Integer> nameless = new ArrayList<>(0);
        int namedCount = 0;
        boolean varargs = false;
        boolean kwargs = false;
        for (int i = 0; i < ps.length; i++) {
            Parameter p = ps[i];
            Class<?> t = p.getType();
            Param ann = p.getAnnotation(Param.class);
            Kind kind;
            if (t == Request.class) {
                kind = Kind.REQUEST;
            } else if (t == Response.class) {
                kind = Kind.RESPONSE;
            } else if (t == RequestBody.class) {
                kind = Kind.BODY;
            } else if (t == dev.morello.sessions.Session.class) {
                kind = Kind.SESSION;
            } else if (i == ps.length - 1 && m.isVarArgs() && ann == null) {
                kind = Kind.VARARGS;
                varargs = true;
            } else if (Map.class.isAssignableFrom(t) && ann == null) {
                kind = Kind.KWARGS;
                kwargs = true;
            } else {
                kind = Kind.NAMED;
                namedCount++;
            }
            boolean named = ann != null && !ann.value().isEmpty();
            String name = named ? ann.value() : p.getName();
            // Without -parameters the name reads as "arg0": binding by it would answer ?length=4
            // with a 404. An @Param that only gives a default does not name the parameter.
            if (kind == Kind.NAMED && !named && !p.isNamePresent()) {
                nameless.add(i);
            }
            String def = ann == null || Param.NONE.equals(ann.defaultValue()) ? null : ann.defaultValue();
            if (kind == Kind.NAMED) {
                Converters.check(m.getDeclaringClass().getName() + "." + m.getName(), name, t, p.getParameterizedType());
            } else if (kind == Kind.VARARGS) {
                Converters.check(m.getDeclaringClass().getName() + "." + m.getName(), name, t.getComponentType(), t.getComponentType());
            }
            slots[i] = new Slot(kind, name, t, p.getParameterizedType(), def);
        }
        named = namedCount;
        unnamed = List.copyOf(nameless);
        hasVarargs = varargs;
        hasKwargs = kwargs;
        config = dev.morello.config.NodeConfig.of(m);
    }

    public Method method() {
        return method;
    }

    /** The method's {@code @Config}, or null. */
    public dev.morello.config.NodeConfig config() {
        return config;
    }

    /**
     * The positions (from 0) of the parameters that bind by name but have none: the class was
     * compiled without {@code -parameters} and no {@code @Param("name")} names them.
     */
    List<Integer> unnamed() {
        return unnamed;
    }

    /** Whether the method's module keeps the framework from calling it (its package is not open). */
    boolean inaccessible() {
        return inaccessible;
    }

    /**
     * Binds the handler's parameters from the positional segments and the request's parameters,
     * and calls it on the target.
     */
    public Object invoke(Object target, Request request, Response response, List<String> positional) throws Throwable {
        if (inaccessible || !unnamed.isEmpty()) {
            // reached only now (the check before serving did not see it): refuse rather than misbind
            throw new IllegalStateException(inaccessible
                    ? HandlerProblems.closedPackages(List.of(method.getDeclaringClass()))
                    : HandlerProblems.unnamedParameters(List.of(this)));
        }
        Object[] args = bind(request, response, positional);
        return invoker.invokeExact(target, args);
    }

    private Object[] bind(Request request, Response response, List<String> positional) {
        Map<String, Object> params = request.params();
        // CherryPy's rule: a name the body carried is a body parameter, any other a query one
        Map<String, Object> bodyParams = request.body() == null ? Map.of() : request.body().params();
        boolean show = request.showMismatchedParams();

        // Python binds positional arguments to the named parameters first, in order.
        if (positional.size() > named && !hasVarargs) {
            throw new HttpError(404);
        }
        Object[] args = new Object[slots.length];
        int usedCount = 0;
        List<String> missing = null;
        List<String> multiple = null;
        boolean multipleFromQuery = false;
        int pos = 0;
        for (int i = 0; i < slots.length; i++) {
            Slot s = slots[i];
            switch (s.kind) {
                case REQUEST -> args[i] = request;
                case RESPONSE -> args[i] = response;
                case BODY -> args[i] = request.body();
                case SESSION -> args[i] = dev.morello.sessions.Session.of(request);
                case VARARGS, KWARGS -> { }
                case NAMED -> {
                    Object value;
                    if (pos < positional.size()) {
                        value = positional.get(pos++);
                        if (!params.isEmpty() && params.containsKey(s.name)) {
                            if (multiple == null) {
                                multiple = new ArrayList<>(1);
                            }
                            multiple.add(s.name);
                            multipleFromQuery |= !bodyParams.containsKey(s.name);
                        }
                    } else if (params.containsKey(s.name)) {
                        value = params.get(s.name);
                    } else if (s.defaultValue != null) {
                        value = s.defaultValue;
                    } else if (isOptionalType(s)) {
                        value = null;
                    } else {
                        if (missing == null) {
                            missing = new ArrayList<>(1);
                        }
                        missing.add(s.name);
                        continue;
                    }
                    if (params.containsKey(s.name)) {
                        usedCount++;
                    }
                    args[i] = value;
                }
            }
        }
        if (missing != null) {
            throw new HttpError(404, show ? "Missing parameters: " + String.join(",", missing) : null);
        }
        if (multiple != null) {
            throw new HttpError(multipleFromQuery ? 404 : 400,
                    show ? "Multiple values for parameters: " + String.join(",", multiple) : null);
        }
        Map<String, Object> extra = Map.of();
        if (params.size() > usedCount || hasKwargs) {
            extra = new LinkedHashMap<>();
            for (Map.Entry<String, Object> e : params.entrySet()) {
                if (!isBound(e.getKey())) {
                    extra.put(e.getKey(), e.getValue());
                }
            }
        }
        if (!extra.isEmpty() && !hasKwargs) {
            List<String> qs = new ArrayList<>();
            List<String> bodyNames = new ArrayList<>();
            for (String k : extra.keySet()) {
                (bodyParams.containsKey(k) ? bodyNames : qs).add(k);
            }
            if (!qs.isEmpty()) {
                throw new HttpError(404, show ? "Unexpected query string parameters: " + String.join(", ", qs) : null);
            }
            throw new HttpError(400, show ? "Unexpected body parameters: " + String.join(", ", bodyNames) : null);
        }
        // convert, now that the shape is right
        for (int i = 0; i < slots.length; i++) {
            Slot s = slots[i];
            switch (s.kind) {
                case NAMED -> args[i] = Converters.convert(s.name, args[i], s.type, s.generic);
                case VARARGS -> {
                    List<String> rest = pos < positional.size() ? positional.subList(pos, positional.size()) : List.of();
                    args[i] = Converters.toArray(s.name, rest, s.type.getComponentType());
                }
                case KWARGS -> args[i] = extra;
                default -> { }
            }
        }
        return args;
    }

    private boolean isBound(String name) {
        for (Slot s : slots) {
            if (s.kind == Kind.NAMED && s.name.equals(name)) {
                return true;
            }
        }
        return false;
    }

    private static boolean isOptionalType(Slot s) {
        return s.type == Optional.class || s.type == List.class || s.type.isArray();
    }

    @Override
    public String toString() {
        return method.getDeclaringClass().getName() + "." + method.getName();
    }

    static boolean isList(Type generic) {
        return generic instanceof ParameterizedType pt && pt.getRawType() == List.class;
    }
}
