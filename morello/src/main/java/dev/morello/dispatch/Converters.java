package dev.morello.dispatch;

import dev.morello.HttpError;
import dev.morello.Part;
import java.lang.reflect.Array;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * Converts request parameter values (strings, uploaded parts, or lists of them) to the types
 * handlers declare. A value that does not convert is the client's mistake: 400 naming the
 * parameter.
 */
final class Converters {
    private Converters() {
    }

    static Object convert(String name, Object value, Class<?> type, Type generic) {
        if (type == Optional.class) {
            Type inner = typeArgument(generic);
            if (value == null) {
                return Optional.empty();
            }
            return Optional.ofNullable(convert(name, value, rawClass(inner), inner));
        }
        if (type == List.class || type == java.util.Collection.class || type == Iterable.class) {
            Type inner = typeArgument(generic);
            Class<?> innerClass = rawClass(inner);
            List<Object> out = new ArrayList<>();
            for (Object item : asList(value)) {
                out.add(convertOne(name, item, innerClass));
            }
            return List.copyOf(out);
        }
        if (type.isArray() && type != byte[].class) {
            List<Object> items = asList(value);
            Object array = Array.newInstance(type.getComponentType(), items.size());
            for (int i = 0; i < items.size(); i++) {
                Array.set(array, i, convertOne(name, items.get(i), type.getComponentType()));
            }
            return array;
        }
        if (value instanceof List<?> list) {
            if (type == Object.class) {
                return value;
            }
            if (list.size() != 1) {
                throw new HttpError(400, "Parameter '" + name + "' was given " + list.size()
                        + " times; the handler takes one value.");
            }
            value = list.get(0);
        }
        return convertOne(name, value, type);
    }

    static Object toArray(String name, List<String> values, Class<?> component) {
        Object array = Array.newInstance(component, values.size());
        for (int i = 0; i < values.size(); i++) {
            Array.set(array, i, convertOne(name, values.get(i), component));
        }
        return array;
    }

    private static List<Object> asList(Object value) {
        if (value == null) {
            return List.of();
        }
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        List<Object> one = new ArrayList<>(1);
        one.add(value);
        return one;
    }

    private static Object convertOne(String name, Object value, Class<?> type) {
        if (value == null) {
            if (type.isPrimitive()) {
                throw new HttpError(400, "Parameter '" + name + "' needs a value.");
            }
            return null;
        }
        if (type.isInstance(value) && !(value instanceof List)) {
            return value;
        }
        if (value instanceof Part part) {
            if (type == byte[].class) {
                try {
                    return part.bytes();
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
            throw new HttpError(400, "Parameter '" + name + "' expects a value, not an uploaded file.");
        }
        String s = value.toString();
        try {
            if (type == String.class || type == CharSequence.class || type == Object.class) {
                return s;
            }
            if (type == int.class || type == Integer.class) {
                return Integer.parseInt(decimal(s));
            }
            if (type == long.class || type == Long.class) {
                return Long.parseLong(decimal(s));
            }
            if (type == boolean.class || type == Boolean.class) {
                return bool(s);
            }
            if (type == double.class || type == Double.class) {
                double d = Double.parseDouble(finite(s));
                if (Double.isInfinite(d)) {
                    throw new NumberFormatException();
                }
                return d;
            }
            if (type == float.class || type == Float.class) {
                float f = Float.parseFloat(finite(s));
                if (Float.isInfinite(f)) {
                    throw new NumberFormatException();
                }
                return f;
            }
            if (type == short.class || type == Short.class) {
                return Short.parseShort(decimal(s));
            }
            if (type == byte.class || type == Byte.class) {
                return Byte.parseByte(decimal(s));
            }
            if (type == char.class || type == Character.class) {
                if (s.length() != 1) {
                    throw new IllegalArgumentException();
                }
                return s.charAt(0);
            }
            if (type == BigDecimal.class) {
                return new BigDecimal(finite(s));
            }
            if (type == BigInteger.class) {
                return new BigInteger(decimal(s));
            }
            if (type == UUID.class) {
                return UUID.fromString(s);
            }
            if (type.isEnum()) {
                return enumValue(type, s);
            }
            if (type == byte[].class) {
                return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            }
            return byFactory(type, s);
        } catch (HttpError e) {
            throw e;
        } catch (RuntimeException e) {
            throw new HttpError(400, "Parameter '" + name + "' must be " + describe(type) + ".");
        }
    }

    /** Only ASCII digits with an optional leading minus: no '+', no other scripts' digits. */
    private static String decimal(String s) {
        int start = s.startsWith("-") ? 1 : 0;
        if (s.length() > 400) {
            throw new NumberFormatException();
        }
        if (s.length() == start) {
            throw new NumberFormatException();
        }
        for (int i = start; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                throw new NumberFormatException();
            }
        }
        return s;
    }

    private static String finite(String s) {
        if (s.length() > 400) {
            throw new NumberFormatException();
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == 'e' || c == 'E' || c == '+')) {
                throw new NumberFormatException();
            }
        }
        return s;
    }

    private static Boolean bool(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "true", "on", "1", "yes" -> Boolean.TRUE;
            case "false", "off", "0", "no", "" -> Boolean.FALSE;
            default -> throw new IllegalArgumentException();
        };
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static Object enumValue(Class<?> type, String s) {
        for (Object c : type.getEnumConstants()) {
            if (((Enum) c).name().equals(s)) {
                return c;
            }
        }
        for (Object c : type.getEnumConstants()) {
            if (((Enum) c).name().equalsIgnoreCase(s)) {
                return c;
            }
        }
        throw new IllegalArgumentException();
    }

    /** How to make a value of a type from text: a static valueOf/of/parse(String), or a String constructor. */
    private static final ClassValue<java.lang.reflect.Executable> FACTORIES = new ClassValue<>() {
        @Override
        protected java.lang.reflect.Executable computeValue(Class<?> type) {
            for (String factory : new String[] {"valueOf", "of", "parse"}) {
                try {
                    Method m = type.getMethod(factory, String.class);
                    if (Modifier.isStatic(m.getModifiers()) && type.isAssignableFrom(m.getReturnType())) {
                        return m;
                    }
                } catch (NoSuchMethodException e) {
                    // try the next way
                }
            }
            try {
                return type.getConstructor(String.class);
            } catch (NoSuchMethodException e) {
                return null;
            }
        }
    };

    private static final java.util.Set<Class<?>> BUILT_IN = java.util.Set.of(String.class, CharSequence.class,
            Object.class, int.class, Integer.class, long.class, Long.class, boolean.class, Boolean.class,
            double.class, Double.class, float.class, Float.class, short.class, Short.class, byte.class, Byte.class,
            char.class, Character.class, BigDecimal.class, BigInteger.class, UUID.class, byte[].class, Part.class);

    /** Refuses, when a handler is first resolved, a parameter type no request value can become. */
    static void check(String handler, String name, Class<?> type, Type generic) {
        Class<?> t = type;
        if (t == Optional.class || t == List.class || t == java.util.Collection.class || t == Iterable.class) {
            Type inner = typeArgument(generic);
            t = rawClass(inner);
        } else if (t.isArray() && t != byte[].class) {
            t = t.getComponentType();
        }
        if (BUILT_IN.contains(t) || t.isEnum() || FACTORIES.get(t) != null) {
            return;
        }
        throw new IllegalStateException("handler " + handler + ": parameter '" + name + "' has type " + t.getName()
                + ", which no request value converts to (give it a static valueOf(String) or a String constructor)");
    }

    private static Object byFactory(Class<?> type, String s) {
        java.lang.reflect.Executable f = FACTORIES.get(type);
        try {
            if (f instanceof Method m) {
                return m.invoke(null, s);
            }
            if (f instanceof Constructor<?> c) {
                return c.newInstance(s);
            }
        } catch (ReflectiveOperationException e) {
            throw new IllegalArgumentException(e);
        }
        throw new IllegalStateException("no way to make a " + type.getName() + " from a request parameter");
    }

    private static String describe(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class
                || type == short.class || type == Short.class || type == byte.class || type == Byte.class
                || type == BigInteger.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class
                || type == BigDecimal.class) {
            return "a number";
        }
        if (type == boolean.class || type == Boolean.class) {
            return "true or false";
        }
        if (type.isEnum()) {
            List<String> names = new ArrayList<>();
            for (Object c : type.getEnumConstants()) {
                names.add(((Enum<?>) c).name());
            }
            return "one of " + String.join(", ", names);
        }
        return "a valid " + type.getSimpleName();
    }

    private static Type typeArgument(Type generic) {
        if (generic instanceof ParameterizedType pt && pt.getActualTypeArguments().length == 1) {
            return pt.getActualTypeArguments()[0];
        }
        return String.class;
    }

    private static Class<?> rawClass(Type t) {
        if (t instanceof Class<?> c) {
            return c;
        }
        if (t instanceof ParameterizedType pt && pt.getRawType() instanceof Class<?> c) {
            return c;
        }
        return Object.class;
    }
}
