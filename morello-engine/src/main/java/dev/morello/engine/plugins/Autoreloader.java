package dev.morello.engine.plugins;

import dev.morello.engine.Bus;
import dev.morello.engine.SimplePlugin;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * For development: restarts the bus (and so the program, see {@link Bus#restart()}) when a
 * watched file changes, as CherryPy's {@code Autoreloader}. Watched are the files and the
 * directories given (class directories, config files), every file below a directory whose name
 * matches {@code match}; checked every {@code frequency} (1 s by default). A changed, added or
 * deleted file triggers the restart. Off in every environment preset; never for production.
 */
public final class Autoreloader extends SimplePlugin {
    private final Bus bus;
    private final Set<Path> watched = new java.util.concurrent.CopyOnWriteArraySet<>();
    private final Pattern match;
    private final Monitor monitor;
    private volatile Map<Path, Long> snapshot = Map.of();

    public Autoreloader(Bus bus, Duration frequency, String match) {
        this.bus = bus;
        this.match = Pattern.compile(match);
        this.monitor = new Monitor("morello-autoreloader", frequency, this::check);
    }

    public Autoreloader(Bus bus) {
        this(bus, Duration.ofSeconds(1), ".*");
    }

    /** Watches a file, or every matching file below a directory. */
    public Autoreloader watch(Path path) {
        watched.add(path.toAbsolutePath().normalize());
        return this;
    }

    @Override
    public void start() {
        snapshot = scan();
        monitor.start();
    }

    @Override
    public void stop() throws InterruptedException {
        monitor.stop();
    }

    @Override
    protected int priority(String channel) {
        return Bus.START.equals(channel) ? 70 : Bus.DEFAULT_PRIORITY;
    }

    private void check() {
        Map<Path, Long> now = scan();
        Map<Path, Long> before = snapshot;
        if (now.equals(before)) {
            return;
        }
        Path changed = null;
        for (Map.Entry<Path, Long> e : now.entrySet()) {
            if (!e.getValue().equals(before.get(e.getKey()))) {
                changed = e.getKey();
                break;
            }
        }
        if (changed == null) {
            for (Path p : before.keySet()) {
                if (!now.containsKey(p)) {
                    changed = p;
                    break;
                }
            }
        }
        snapshot = now;
        bus.log("Restarting because " + changed + " changed.");
        // Restart from a thread of its own: stopping the bus stops this monitor, which joins us.
        // Not a daemon (as the monitor's is): block() joins it before it starts the next generation.
        Thread.ofPlatform().daemon(false).name("morello-autoreload-restart").start(bus::restart);
    }

    private Map<Path, Long> scan() {
        Map<Path, Long> times = new HashMap<>();
        for (Path root : watched) {
            if (Files.isDirectory(root)) {
                try (Stream<Path> files = Files.walk(root)) {
                    files.filter(Files::isRegularFile)
                            .filter(p -> match.matcher(p.getFileName().toString()).matches())
                            .forEach(p -> times.put(p, modified(p)));
                } catch (IOException | UncheckedIOException e) {
                    // A directory vanishing mid-walk is a change the next scan will see.
                }
            } else if (Files.exists(root)) {
                times.put(root, modified(root));
            }
        }
        return times;
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return -1;
        }
    }
}
