package dev.morello.dispatch;

import dev.morello.Default;
import dev.morello.Expose;
import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What the object dispatcher needs to know about a class, worked out once per class: its public
 * fields (sub-trees), its public methods (exposed or not), its aliases, its default handler and
 * its {@link PopArgs}.
 */
final class NodeType {
    private static final ClassValue<NodeType> TYPES = new ClassValue<>() {
        @Override
        protected NodeType computeValue(Class<?> type) {
            return new NodeType(type);
        }
    };

    /** A member reachable by a path segment. */
    sealed interface Member permits FieldMember, MethodMember {
    }

    record FieldMember(MethodHandle getter) implements Member {
    }

    record MethodMember(HandlerMethod method, boolean exposed) implements Member {
    }

    private final Map<String, Member> members = new HashMap<>();
    /** Public fields the framework may not read: the class's module does not open its package. */
    private final List<String> unreadable = new ArrayList<>(0);
    private final HandlerMethod defaultHandler;
    private final String[] popArgs;
    private final dev.morello.config.NodeConfig config;
    private volatile Map<String, HandlerMethod> verbs;
    private final Class<?> type;
    private final boolean exposedClass;

    static NodeType of(Class<?> type) {
        return TYPES.get(type);
    }

    private NodeType(Class<?> type) {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        for (Field f : type.getFields()) {
            if (f.isSynthetic() || f.getType().isPrimitive()) {
                continue;
            }
            try {
                f.trySetAccessible();
                MethodHandle getter = lookup.unreflectGetter(f);
                if (Modifier.isStatic(f.getModifiers())) {
                    getter = MethodHandles.dropArguments(getter, 0, Object.class);
                }
                getter = getter.asType(java.lang.invoke.MethodType.methodType(Object.class, Object.class));
                members.put(f.getName(), new FieldMember(getter));
            } catch (IllegalAccessException e) {
                // not part of the tree; the check before serving says which package to open
                unreadable.add(f.getName());
            }
        }
        HandlerMethod def = null;
        Map<String, MethodMember> aliases = new HashMap<>();
        for (Method m : type.getMethods()) {
            if (m.isSynthetic() || m.isBridge() || m.getDeclaringClass() == Object.class) {
                continue;
            }
            Expose expose = m.getAnnotation(Expose.class);
            if (m.isAnnotationPresent(Default.class)) {
                if (def != null) {
                    throw new IllegalStateException(type.getName() + " has more than one @Default method: "
                            + def.method().getName() + " and " + m.getName());
                }
                def = HandlerMethod.of(m);
                continue;
            }
            if (expose != null) {
                if (members.get(m.getName()) instanceof MethodMember other && other.exposed()) {
                    throw new IllegalStateException(type.getName() + " exposes " + m.getName()
                            + " more than once; an exposed method may not be overloaded");
                }
                MethodMember mm = new MethodMember(HandlerMethod.of(m), true);
                members.put(m.getName(), mm);
                for (String alias : expose.alias()) {
                    aliases.put(ObjectDispatcher.translate(alias), mm);
                }
            } else if (!members.containsKey(m.getName()) && !Modifier.isStatic(m.getModifiers())) {
                // CherryPy finds an unexposed method too: it blocks the walk but is no handler
                members.put(m.getName(), new MethodMember(null, false));
            }
        }
        aliases.forEach(members::putIfAbsent);
        this.defaultHandler = def;
        this.config = dev.morello.config.NodeConfig.of(type);
        this.type = type;
        this.exposedClass = type.isAnnotationPresent(Expose.class);
        PopArgs pa = type.getAnnotation(PopArgs.class);
        this.popArgs = pa == null ? null : pa.value();
    }

    Member member(String name) {
        return members.get(name);
    }

    /** Every member, once each (an alias and its method are one member). */
    Collection<Member> members() {
        return new LinkedHashSet<>(members.values());
    }

    /** The public fields the framework may not read, by name. */
    List<String> unreadableFields() {
        return unreadable;
    }

    /** Every member by name (fields, exposed methods, aliases, and unexposed methods that block a walk). */
    Map<String, Member> membersByName() {
        return java.util.Collections.unmodifiableMap(members);
    }

    HandlerMethod defaultHandler() {
        return defaultHandler;
    }

    String[] popArgs() {
        return popArgs;
    }

    /** Whether the class is {@code @Expose}d: a resource for the method dispatcher. */
    boolean exposedClass() {
        return exposedClass;
    }

    /**
     * The methods named for HTTP verbs (all upper case: {@code GET}, {@code POST}, {@code PURGE}
     * ...), by name, sorted; worked out on first use.
     */
    Map<String, HandlerMethod> verbs() {
        Map<String, HandlerMethod> v = verbs;
        if (v == null) {
            Map<String, HandlerMethod> found = new java.util.TreeMap<>();
            for (Method m : type.getMethods()) {
                String n = m.getName();
                if (m.isSynthetic() || m.isBridge() || Modifier.isStatic(m.getModifiers()) || !isVerb(n)) {
                    continue;
                }
                if (found.containsKey(n)) {
                    throw new IllegalStateException(type.getName() + " has more than one " + n + " method");
                }
                found.put(n, HandlerMethod.of(m));
            }
            v = java.util.Collections.unmodifiableMap(found);
            verbs = v;
        }
        return v;
    }

    private static boolean isVerb(String name) {
        boolean letter = false;
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (Character.isLowerCase(c)) {
                return false;
            }
            letter |= Character.isUpperCase(c);
        }
        return letter;
    }

    /** The class's {@code @Config}, or null. */
    dev.morello.config.NodeConfig config() {
        return config;
    }
}
