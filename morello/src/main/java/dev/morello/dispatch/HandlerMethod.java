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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * An exposed method, resolved once: a method handle taking (target, Object[]) and how to fill each
 * parameter. Binding follows CherryPy's rules for a Python signature: path segments fill the
 * named parameters in order (then a varargs parameter), request parameters fill them by name, a
 * {@code Map} parameter takes the remaining request parameters (Python's {@code **kwargs}), and a
 * mismatch is 404 when the URL caused it and 400 when the body did.
 */
public final class HandlerMethod {
    private enum Kind { REQUEST, RESPONSE, BODY, NAMED, VARARGS, KWARGS }

    private record Slot(Kind kind, String name, Class<?> type, Type generic, String defaultValue) {
    }

    private final Method method;
    private final MethodHandle invoker;
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
        try {
            MethodHandle mh = MethodHandles.lookup().unreflect(m).asFixedArity();
            if (Modifier.isStatic(m.getModifiers())) {
                mh = MethodHandles.dropArguments(mh, 0, Object.class);
            }
            int n = m.getParameterCount();
            mh = mh.asType(MethodType.genericMethodType(n + 1));
            if (m.getReturnType() == void.class) {
                mh = mh.asType(mh.type().changeReturnType(Object.class));
            }
            invoker = mh.asSpreader(Object[].class, n);
        } catch (IllegalAccessException e) {
            throw new IllegalStateException("cannot call handler " + m
                    + "; make its class public, or open its package to dev.morello", e);
        }
        Parameter[] ps = m.getParameters();
        slots = new Slot[ps.length];
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
            String name = ann != null && !ann.value().isEmpty() ? ann.value() : p.getName();
            if (kind == Kind.NAMED && ann == null && !p.isNamePresent()) {
                throw new IllegalStateException("handler " + m + " has unnamed parameters; compile with"
                        + " -parameters or name each with @Param");
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
     * Binds the handler's parameters from the positional segments and the request's parameters,
     * and calls it on the target.
     */
    public Object invoke(Object target, Request request, Response response, List<String> positional) throws Throwable {
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
