package dev.morello.bench;

import dev.morello.dispatch.RoutesDispatcher;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Route lookup in {@link RoutesDispatcher} as the number of routes grows: the time to match a path
 * must stay flat, because lookup walks a tree of path segments instead of trying each route.
 * Each table holds {@code routes} routes of three shapes: {@code /r{i}/items/{id}} (most),
 * static-only {@code /s{i}/about}, and rest wildcards {@code /w{i}/files/{*path}}.
 *
 * <pre>
 * java -jar morello-bench/target/morello-bench.jar jmh RoutesBenchmark
 * java -jar morello-bench/target/morello-bench.jar jmh RoutesBenchmark -f 1 -wi 2 -i 3 -w 1s -r 1s
 * </pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RoutesBenchmark {
    /** A controller; matching never calls it. */
    public static final class Items {
        public String show(String id) {
            return id;
        }
    }

    @Param({"10", "100", "1000"})
    int routes;

    RoutesDispatcher dispatcher;
    /** Hits the last route connected. */
    String lastRoute;
    /** Hits a static-only route halfway through. */
    String staticRoute;
    /** Hits a wildcard route. */
    String wildcardRoute;
    /** Shares a first segment with a route but matches none. */
    String miss;

    @Setup
    public void setup() {
        Items items = new Items();
        dispatcher = new RoutesDispatcher();
        int last = 0;
        for (int i = 0; i < routes; i++) {
            if (i % 10 == 3) {
                dispatcher.connect("s" + i, "/s" + i + "/about", items, "show", Map.of("id", "about"));
            } else if (i % 10 == 7) {
                dispatcher.connect("w" + i, "/w" + i + "/files/{*path}", items, "show");
            } else {
                dispatcher.connect("r" + i, "/r" + i + "/items/{id}", items, "show");
                last = i;
            }
        }
        lastRoute = "/r" + last + "/items/42";
        staticRoute = "/s" + (routes / 2 / 10 * 10 + 3) + "/about";
        wildcardRoute = "/w7/files/a/b/c.txt";
        miss = "/r" + last + "/other/42";
        // every path is checked once, so a broken table fails the run rather than measuring nothing
        check(lastRoute, true);
        check(staticRoute, true);
        check(wildcardRoute, true);
        check(miss, false);
    }

    private void check(String path, boolean hit) {
        if ((dispatcher.match("GET", path) != null) != hit) {
            throw new IllegalStateException(path + (hit ? " should match" : " should not match"));
        }
    }

    @Benchmark
    public RoutesDispatcher.Match hitLastConnected() {
        return dispatcher.match("GET", lastRoute);
    }

    @Benchmark
    public RoutesDispatcher.Match hitStatic() {
        return dispatcher.match("GET", staticRoute);
    }

    @Benchmark
    public RoutesDispatcher.Match hitWildcard() {
        return dispatcher.match("GET", wildcardRoute);
    }

    @Benchmark
    public RoutesDispatcher.Match miss() {
        return dispatcher.match("GET", miss);
    }
}
