package dev.morello.health;

import dev.morello.Expose;
import dev.morello.Response;
import dev.morello.engine.Bus;
import dev.morello.engine.State;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness for an orchestrator (a Kubernetes probe, a load balancer's health
 * check), mounted where the site chooses:
 *
 * <pre>{@code
 * Health health = new Health(Morello.engine()).check("database", db::isReachable);
 * Morello.tree().mount(health, "/health");
 * }</pre>
 *
 * <ul>
 *   <li>{@code /health/live}: {@code 200 live} whenever the process answers at all. A probe that
 *       gets no answer (or none in time) should restart the process; nothing here can make the
 *       process look dead while it serves.</li>
 *   <li>{@code /health/ready}: {@code 200 ready} while the engine is STARTED and every check
 *       holds; {@code 503 not ready: starting} while it starts, {@code 503 not ready: stopping}
 *       while it drains (a stop, a SIGTERM: the server has stopped accepting, and requests on
 *       connections already open are still answered), {@code 503 not ready: database} when a
 *       check fails or throws. A load balancer then sends no new work here.</li>
 *   <li>{@code /health/}: the same as {@code ready}.</li>
 * </ul>
 *
 * Answers are short plain text, never cached ({@code Cache-Control: no-store}).
 */
public class Health {
    private final Bus engine;
    private final Map<String, BooleanSupplier> checks = new ConcurrentHashMap<>();
    private final List<String> order = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** The health of the site that {@code engine} runs (the site's: {@code Morello.engine()}). */
    public Health(Bus engine) {
        this.engine = Objects.requireNonNull(engine, "engine");
    }

    /**
     * Adds a readiness check under {@code name}: the site is not ready while it returns false or
     * throws. Checks run on every readiness probe, on the probe's thread: keep them quick.
     *
     * @return this, to chain
     */
    public Health check(String name, BooleanSupplier check) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(check, "check");
        if (name.isBlank() || name.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
            throw new IllegalArgumentException("a check's name is printable text: " + name);
        }
        if (checks.putIfAbsent(name, check) != null) {
            throw new IllegalArgumentException("a check named " + name + " is already there");
        }
        order.add(name);
        return this;
    }

    /** Liveness: the process answers. */
    @Expose
    public String live(Response response) {
        noStore(response);
        return "live\n";
    }

    /** Readiness: STARTED, and every check holds. */
    @Expose
    public String ready(Response response) {
        noStore(response);
        State state = engine.state();
        if (state != State.STARTED) {
            response.status(503);
            return "not ready: " + state.name().toLowerCase(Locale.ROOT) + "\n";
        }
        List<String> failing = new ArrayList<>();
        for (String name : order) {
            boolean holds;
            try {
                holds = checks.get(name).getAsBoolean();
            } catch (RuntimeException e) {
                holds = false;
            }
            if (!holds) {
                failing.add(name);
            }
        }
        if (!failing.isEmpty()) {
            response.status(503);
            return "not ready: " + String.join(", ", failing) + "\n";
        }
        return "ready\n";
    }

    /** The same as {@link #ready}. */
    @Expose
    public String index(Response response) {
        return ready(response);
    }

    private static void noStore(Response response) {
        response.headers().set("Content-Type", "text/plain;charset=utf-8");
        response.headers().set("Cache-Control", "no-store");
    }
}
