package dev.morello.config;

import dev.morello.Config;
import dev.morello.internal.config.Literals;
import dev.morello.internal.config.Names;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The {@link Config} of a class or method, parsed once: its entries and an id that stands for it
 * in the keys of merged-config caches.
 */
public final class NodeConfig {
    private static final Map<AnnotatedElement, NodeConfig> CACHE = new ConcurrentHashMap<>();
    private static final NodeConfig NONE = new NodeConfig(Map.of(), "", "", Map.of());
    private static final AtomicInteger IDS = new AtomicInteger();

    private final Map<String, Object> entries;
    private final String id;
    private final String source;
    private final Map<String, Integer> entryNumbers;

    private NodeConfig(Map<String, Object> entries, String id, String source, Map<String, Integer> entryNumbers) {
        this.entries = entries;
        this.id = id;
        this.source = source;
        this.entryNumbers = entryNumbers;
    }

    /** The config on a class or method, or null when it has none. */
    public static NodeConfig of(AnnotatedElement element) {
        NodeConfig c = CACHE.computeIfAbsent(element, NodeConfig::parse);
        return c == NONE ? null : c;
    }

    private static NodeConfig parse(AnnotatedElement element) {
        Config annotation = element.getAnnotation(Config.class);
        if (annotation == null) {
            return NONE;
        }
        String source = element instanceof Class<?> c ? c.getName()
                : element instanceof Method m ? m.getDeclaringClass().getName() + "." + m.getName() : element.toString();
        Map<String, Object> out = new LinkedHashMap<>();
        Map<String, Integer> numbers = new LinkedHashMap<>();
        String[] lines = annotation.value();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            int eq = line.indexOf('=');
            int colon = line.indexOf(':');
            int at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (at <= 0) {
                throw new ConfigException("@Config on " + source, i + 1, 1, line, "key = value");
            }
            String key = line.substring(0, at).strip();
            String text = line.substring(at + 1);
            out.put(key, Literals.parse(text.strip(), Names.DEFAULT, "@Config on " + source, i + 1, at + 2));
            numbers.put(key, i + 1);
        }
        return new NodeConfig(Collections.unmodifiableMap(out), "@" + IDS.incrementAndGet(), "@Config on " + source,
                Map.copyOf(numbers));
    }

    public Map<String, Object> entries() {
        return entries;
    }

    /** Where it is written, for messages: {@code @Config on com.example.Admin.log}. */
    public String source() {
        return source;
    }

    /** Where an entry is written: {@code @Config on com.example.Admin.log, entry 2}; null when it is not here. */
    public String origin(String key) {
        Integer n = entryNumbers.get(key);
        return n == null ? null : source + ", entry " + n;
    }

    /** Stands for this config in cache keys. */
    public String id() {
        return id;
    }
}
