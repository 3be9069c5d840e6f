package dev.morello.internal;

import java.util.Iterator;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Writes one access line's fields as one line of JSON, for {@code log.access_format = "json"}.
 * The framework writes no JSON itself: {@code morello-json} provides this (with Jackson), as a
 * service found on the module path or the class path beside the framework.
 */
public interface JsonLines {
    /** One JSON object, on one line, of {@code fields} in their order (values: strings, numbers, null). */
    String line(Map<String, ?> fields);

    /** The provider beside the framework, or null when there is none. */
    static JsonLines installed() {
        return Installed.FOUND;
    }

    /** Looked up once: the module layer's services, then the framework's class loader's, then the thread's. */
    final class Installed {
        static final JsonLines FOUND = find();

        private Installed() {
        }

        private static JsonLines find() {
            ModuleLayer layer = JsonLines.class.getModule().getLayer();
            JsonLines found = layer == null ? null : first(ServiceLoader.load(layer, JsonLines.class));
            if (found == null) {
                found = first(ServiceLoader.load(JsonLines.class, JsonLines.class.getClassLoader()));
            }
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (found == null && context != null) {
                found = first(ServiceLoader.load(JsonLines.class, context));
            }
            return found;
        }

        private static JsonLines first(ServiceLoader<JsonLines> loader) {
            try {
                Iterator<JsonLines> it = loader.iterator();
                return it.hasNext() ? it.next() : null;
            } catch (ServiceConfigurationError e) {
                return null;
            }
        }
    }
}
