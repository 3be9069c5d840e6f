package dev.morello.internal;

import java.nio.file.Path;
import java.util.function.Supplier;

/** Paths in config files, relative to the file being applied (see {@code GlobalConfig.relative}). */
public final class ConfigPaths {
    private static final ThreadLocal<Path> LOADING = new ThreadLocal<>();

    /**
     * A path named in a config file, resolved against that file's directory while the file is
     * being applied (so {@code log.access_file = "access.log"} lands beside the config file);
     * otherwise as given.
     */
    public static Path relative(String name) {
        Path p = Path.of(name);
        Path dir = LOADING.get();
        return p.isAbsolute() || dir == null ? p : dir.resolve(p);
    }

    /** Runs an action with the directory of a config file as the base of relative paths. */
    public static <T> T loading(Path file, Supplier<T> action) {
        Path previous = LOADING.get();
        Path dir = file.toAbsolutePath().getParent();
        LOADING.set(dir);
        try {
            return action.get();
        } finally {
            if (previous == null) {
                LOADING.remove();
            } else {
                LOADING.set(previous);
            }
        }
    }

    private ConfigPaths() {
    }
}
