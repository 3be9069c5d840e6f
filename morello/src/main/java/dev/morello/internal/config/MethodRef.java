package dev.morello.internal.config;

import dev.morello.ErrorPage;
import dev.morello.PageHandler;
import dev.morello.Request;
import dev.morello.tools.HookCallback;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

/**
 * A static method named in config as {@code a.b.Class::method}: usable as a hook
 * ({@code hooks.before_handler}), a page handler, or an error page, whichever its parameters fit.
 * A hook or handler method takes a {@code Request} or nothing; an error page method takes four
 * strings (status, message, traceback, version).
 */
public final class MethodRef implements HookCallback, PageHandler, ErrorPage {
    private final String name;
    private final Method method;

    private MethodRef(String name, Method method) {
        this.name = name;
        this.method = method;
    }

    /** Finds {@code Class::method}; the method must be public and static. */
    public static MethodRef of(String reference, ClassLoader loader) {
        int sep = reference.indexOf("::");
        String className = reference.substring(0, sep);
        String methodName = reference.substring(sep + 2);
        Class<?> type;
        try {
            type = Class.forName(className, true, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no class " + className);
        }
        Method found = null;
        for (Method m : type.getMethods()) {
            if (m.getName().equals(methodName) && Modifier.isStatic(m.getModifiers())) {
                if (found == null || m.getParameterCount() > found.getParameterCount()) {
                    found = m;
                }
            }
        }
        if (found == null) {
            throw new IllegalArgumentException("no public static method " + methodName + " in " + className);
        }
        return new MethodRef(reference, found);
    }

    private Object call(Object... args) throws Exception {
        try {
            return method.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    @Override
    public void run(Request request) throws Exception {
        handle(request);
    }

    @Override
    public Object handle(Request request) throws Exception {
        Class<?>[] p = method.getParameterTypes();
        if (p.length == 0) {
            return call();
        }
        if (p.length == 1 && p[0].isAssignableFrom(Request.class)) {
            return call(request);
        }
        throw new IllegalStateException(name + " must take a Request or nothing to be a hook or handler");
    }

    @Override
    public String render(String status, String message, String traceback, String version) throws Exception {
        if (method.getParameterCount() != 4) {
            throw new IllegalStateException(name + " must take (status, message, traceback, version) to be an error page");
        }
        return String.valueOf(call(status, message, traceback, version));
    }

    @Override
    public String toString() {
        return name;
    }
}
