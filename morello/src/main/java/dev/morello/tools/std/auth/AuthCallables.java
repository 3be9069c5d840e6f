package dev.morello.tools.std.auth;

import dev.morello.internal.config.MethodRef;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.Arrays;

/**
 * Turns what config gives the authentication tools into something to call: an object already of
 * the wanted interface (from Java maps), a static method named as {@code a.b.Class::method} (a
 * config file's method reference, which reaches the tool as a {@link MethodRef} or as text), or
 * a class with a public no-argument constructor implementing the interface.
 */
final class AuthCallables {
    private AuthCallables() {
    }

    /** A static method with these parameter types and return type, from a {@code Class::method} reference. */
    static Method staticMethod(String key, String reference, Class<?> returns, Class<?>... params) {
        int sep = reference.indexOf("::");
        String className = reference.substring(0, sep);
        String methodName = reference.substring(sep + 2);
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        if (loader == null) {
            loader = AuthCallables.class.getClassLoader();
        }
        try {
            Class<?> type = Class.forName(className, true, loader);
            Method m = type.getMethod(methodName, params);
            if (!Modifier.isStatic(m.getModifiers())) {
                throw new IllegalArgumentException(key + ": " + reference + " is not static");
            }
            if (m.getReturnType() != returns && !(returns == boolean.class && m.getReturnType() == Boolean.class)) {
                throw new IllegalArgumentException(key + ": " + reference + " must return " + returns.getSimpleName());
            }
            return m;
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException(key + ": no class " + className, e);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException(key + ": no public method " + methodName + Arrays.toString(params)
                    .replace('[', '(').replace(']', ')') + " in " + className, e);
        }
    }

    /** Calls a static method, unwrapping what it threw. */
    static Object call(Method m, Object... args) throws Exception {
        try {
            return m.invoke(null, args);
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception ex) {
                throw ex;
            }
            throw e;
        }
    }

    /**
     * The text of a method reference when the value is one ({@code MethodRef} prints as its
     * {@code Class::method}), else null.
     */
    static String reference(Object value) {
        if (value == null) {
            return null;
        }
        boolean ref = value instanceof CharSequence || value instanceof MethodRef;
        String text = value.toString();
        return ref && text.indexOf("::") > 0 ? text : null;
    }

    /** An instance of {@code type} made from a class value, or null when the value is not such a class. */
    static <T> T instance(String key, Object value, Class<T> type) {
        if (value instanceof Class<?> c && type.isAssignableFrom(c)) {
            try {
                return type.cast(c.getConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalArgumentException(key + ": cannot make a " + c.getName() + ": " + e, e);
            }
        }
        return null;
    }
}
