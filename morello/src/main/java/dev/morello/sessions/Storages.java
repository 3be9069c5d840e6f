package dev.morello.sessions;

import dev.morello.config.Key;
import dev.morello.tools.ToolArgs;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;

/**
 * The storages {@code storage_type} can name: {@code ram} and {@code file}, built in, and those
 * found as {@link SessionStorage} services (on the module path, the framework's class path, and
 * the thread's context class loader).
 */
final class Storages {
    static final SessionStorage RAM = new SessionStorage() {
        @Override
        public String name() {
            return "ram";
        }

        @Override
        public List<Argument> arguments() {
            return List.of(new Argument("max_sessions", Key.Type.INTEGER, 100_000,
                    "ram storage: the most sessions kept; past it, those expiring soonest are dropped", Key.Check.atLeast(1)));
        }

        @Override
        public SessionStore open(ToolArgs args) {
            return new RamStore((int) Math.min(Integer.MAX_VALUE, args.integer("max_sessions", 100_000)));
        }
    };

    static final SessionStorage FILE = new SessionStorage() {
        @Override
        public String name() {
            return "file";
        }

        @Override
        public List<Argument> arguments() {
            return List.of(new Argument("storage_path", Key.Type.STRING, null,
                    "file storage: the directory of the session files (required; it must exist)"));
        }

        @Override
        public SessionStore open(ToolArgs args) throws IOException {
            String path = args.string("storage_path", null);
            if (path == null || path.isBlank()) {
                throw new IOException("tools.sessions.storage_path must name the directory of the session files");
            }
            return new FileStore(Path.of(path));
        }
    };

    private static volatile Map<String, SessionStorage> known;

    private Storages() {
    }

    /** Every storage by name: the built-in ones, then the services found (the first of a name wins). */
    static Map<String, SessionStorage> all() {
        Map<String, SessionStorage> k = known;
        if (k == null) {
            Map<String, SessionStorage> m = new LinkedHashMap<>();
            m.put(RAM.name(), RAM);
            m.put(FILE.name(), FILE);
            Set<String> seen = new HashSet<>();
            ModuleLayer layer = Storages.class.getModule().getLayer();
            if (layer != null) {
                add(m, seen, ServiceLoader.load(layer, SessionStorage.class));
            }
            add(m, seen, ServiceLoader.load(SessionStorage.class, Storages.class.getClassLoader()));
            ClassLoader context = Thread.currentThread().getContextClassLoader();
            if (context != null) {
                add(m, seen, ServiceLoader.load(SessionStorage.class, context));
            }
            k = Collections.unmodifiableMap(m);
            known = k;
        }
        return k;
    }

    static SessionStorage named(String name) {
        return all().get(name.toLowerCase(Locale.ROOT));
    }

    private static void add(Map<String, SessionStorage> m, Set<String> seen, ServiceLoader<SessionStorage> loader) {
        Iterator<ServiceLoader.Provider<SessionStorage>> it = loader.stream().iterator();
        while (true) {
            ServiceLoader.Provider<SessionStorage> p;
            try {
                if (!it.hasNext()) {
                    return;
                }
                p = it.next();
            } catch (ServiceConfigurationError e) {
                return;
            }
            if (seen.add(p.type().getName())) {
                SessionStorage s = p.get();
                m.putIfAbsent(s.name().toLowerCase(Locale.ROOT), s);
            }
        }
    }
}
