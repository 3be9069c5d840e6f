package dev.morello.sessions;

import dev.morello.config.Key;
import dev.morello.tools.ToolArgs;
import java.io.IOException;
import java.util.List;

/**
 * A kind of session storage, chosen by {@code tools.sessions.storage_type} (its {@link #name()})
 * or given by {@code tools.sessions.storage_class}: the arguments it takes beyond the common
 * ones, and how to open a store from them.
 *
 * <p>Storages packaged apart from the framework (Redis, in {@code morello-redis}) are found as
 * services: {@code provides dev.morello.sessions.SessionStorage with ...} in a module, or a
 * {@code META-INF/services/dev.morello.sessions.SessionStorage} file on the class path.
 *
 * <pre>{@code
 * [/]
 * tools.sessions.on = True
 * tools.sessions.storage_type = "file"
 * tools.sessions.storage_path = "/var/lib/shop/sessions"
 * }</pre>
 */
public interface SessionStorage {
    /** The {@code storage_type} that names it: {@code ram}, {@code file}, {@code redis}. */
    String name();

    /**
     * The {@code tools.sessions} arguments it takes beyond the common ones (their names are
     * plain, without {@code tools.sessions.}). Config that gives one of them to another storage
     * is refused.
     */
    List<Argument> arguments();

    /**
     * Opens a store for the arguments ({@code tools.sessions.*} on the path, its own among
     * them). The framework opens one store per storage and distinct arguments, and closes it
     * when the site is reset. It throws, naming the argument, for values it refuses.
     */
    SessionStore open(ToolArgs args) throws IOException;

    /**
     * The storage {@code storage_type} names ({@code ram}, {@code file}, or one found as a
     * service; case ignored), or null.
     */
    static SessionStorage named(String name) {
        return Storages.named(name);
    }

    /**
     * One argument of a storage, declared as a tool's.
     *
     * @param name the argument's name, without {@code tools.sessions.}
     * @param type the kind of value it takes
     * @param defaultValue its value when config gives none (may be null)
     * @param meaning what it does, for the config reference
     * @param check what a value must be beyond its type
     */
    record Argument(String name, Key.Type type, Object defaultValue, String meaning, Key.Check check) {
        public Argument(String name, Key.Type type, Object defaultValue, String meaning) {
            this(name, type, defaultValue, meaning, Key.Check.NONE);
        }
    }
}
