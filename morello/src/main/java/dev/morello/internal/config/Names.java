package dev.morello.internal.config;

import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiFunction;

/**
 * What names in config values mean. CherryPy's common names map to Morello's equivalents
 * ({@code cherrypy.dispatch.Dispatcher()} is the object dispatcher,
 * {@code cherrypy.Application(root, "/", "app.conf")} an application to mount); a fully qualified
 * Java class name followed by {@code ()} makes an instance of that class (its constructor taking
 * the arguments given); {@code a.b.Class::method} is a static method; {@code a.b.Class.FIELD} a
 * static field. Other parts of Morello register their names with {@link #register}.
 */
public final class Names implements NameResolver {
    /** The resolver every config load uses. */
    public static final Names DEFAULT = new Names();

    private final Map<String, BiFunction<List<Object>, Map<String, Object>, Object>> names = new ConcurrentHashMap<>();

    private Names() {
        register("cherrypy.Application", (a, k) -> {
            Object root = arg(a, k, 0, "root");
            Object sn = arg(a, k, 1, "script_name");
            Object config = arg(a, k, 2, "config");
            return new MountSpec(root, sn == null ? "" : sn.toString(), config);
        });
    }

    /** Gives a name (as written in config, without the call) a meaning; the factory gets the call's arguments. */
    public void register(String name, BiFunction<List<Object>, Map<String, Object>, Object> factory) {
        names.put(name, factory);
    }

    private static Object arg(List<Object> args, Map<String, Object> kwargs, int index, String name) {
        if (args != null && args.size() > index) {
            return args.get(index);
        }
        return kwargs.get(name);
    }

    @Override
    public Object resolve(String name, List<Object> args, Map<String, Object> kwargs) {
        var factory = names.get(name);
        if (factory != null) {
            return factory.apply(args == null ? List.of() : args, kwargs);
        }
        ClassLoader loader = loader();
        if (name.contains("::")) {
            if (args != null) {
                throw new IllegalArgumentException("a method reference is not called in config: " + name);
            }
            return MethodRef.of(name, loader);
        }
        if (name.startsWith("cherrypy.")) {
            throw new IllegalArgumentException(name + " has no Morello equivalent");
        }
        Class<?> type = load(name, loader);
        if (type != null) {
            if (args == null) {
                return type;
            }
            return construct(type, args);
        }
        int dot = name.lastIndexOf('.');
        if (dot > 0) {
            Class<?> owner = load(name.substring(0, dot), loader);
            if (owner != null) {
                try {
                    Field f = owner.getField(name.substring(dot + 1));
                    if (Modifier.isStatic(f.getModifiers())) {
                        Object value = f.get(null);
                        if (args == null) {
                            return value;
                        }
                    }
                } catch (ReflectiveOperationException e) {
                    // not a field: fall through to the error
                }
            }
        }
        throw new IllegalArgumentException("unknown name " + name + " (not a Java class, static field, or known CherryPy name)");
    }

    /** A class by its dotted name; {@code a.b.Outer.Inner} finds the nested {@code a.b.Outer$Inner}. */
    private static Class<?> load(String name, ClassLoader loader) {
        String candidate = name;
        while (true) {
            try {
                return Class.forName(candidate, true, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                int dot = candidate.lastIndexOf('.');
                if (dot < 0) {
                    return null;
                }
                candidate = candidate.substring(0, dot) + "$" + candidate.substring(dot + 1);
            }
        }
    }

    private static Object construct(Class<?> type, List<Object> args) {
        for (Constructor<?> c : type.getConstructors()) {
            if (c.getParameterCount() != args.size()) {
                continue;
            }
            Class<?>[] p = c.getParameterTypes();
            Object[] values = new Object[args.size()];
            boolean ok = true;
            for (int i = 0; i < p.length && ok; i++) {
                values[i] = adapt(args.get(i), p[i]);
                ok = values[i] != null || args.get(i) == null && !p[i].isPrimitive();
            }
            if (ok) {
                try {
                    return c.newInstance(values);
                } catch (ReflectiveOperationException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    throw new IllegalArgumentException("making a " + type.getName() + " failed: " + cause, cause);
                }
            }
        }
        throw new IllegalArgumentException(type.getName() + " has no public constructor taking " + args.size() + " argument(s) of these types");
    }

    private static Object adapt(Object v, Class<?> target) {
        if (v == null) {
            return null;
        }
        Class<?> boxed = box(target);
        if (boxed.isInstance(v)) {
            return v;
        }
        if (v instanceof Number n) {
            if (boxed == Integer.class) {
                return n.intValue();
            }
            if (boxed == Long.class) {
                return n.longValue();
            }
            if (boxed == Double.class) {
                return n.doubleValue();
            }
        }
        if (v instanceof Class<?> c && !target.isInstance(v)) {
            try {
                Object instance = c.getConstructor().newInstance();
                return target.isInstance(instance) ? instance : null;
            } catch (ReflectiveOperationException e) {
                return null;
            }
        }
        return null;
    }

    private static Class<?> box(Class<?> t) {
        if (!t.isPrimitive()) {
            return t;
        }
        return t == int.class ? Integer.class : t == long.class ? Long.class : t == double.class ? Double.class
                : t == boolean.class ? Boolean.class : t == float.class ? Float.class : t == short.class ? Short.class
                : t == byte.class ? Byte.class : Character.class;
    }

    private static ClassLoader loader() {
        ClassLoader l = Thread.currentThread().getContextClassLoader();
        return l != null ? l : Names.class.getClassLoader();
    }
}
