package dev.morello.stats;

import dev.morello.Request;
import dev.morello.http.HttpExchange;
import dev.morello.tools.BuiltinTools;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.Toolbox;
import java.util.List;

/**
 * CherryPy's {@code cpstats} tool: with {@code tools.cpstats.on = True} on a path, each request
 * there is counted in {@link Statistics#site()}. It begins when the request's config is applied
 * (the handler is found) and ends after the response went out ({@code on_end_request}, failsafe):
 * the time between is the request's latency, and what the exchange read and sent of the bodies
 * its bytes. A request that an internal redirect replaced is counted once, as the request it
 * became, from its own start; one whose response never began (the client left first) is not.
 *
 * <pre>
 * [/]
 * tools.cpstats.on = True
 * </pre>
 *
 * <p>CherryPy's other arguments ({@code uriset}, {@code slow_queries}, {@code slow_queries_count},
 * {@code debug}) are not offered: requests are grouped by path template without being told how,
 * and a config naming them is refused, as any argument the tool does not know.
 */
public final class StatsTool {
    /** Where the request's start is kept, between the two halves. */
    private static final String STARTED = "dev.morello.stats.started";
    /** On a request an internal redirect replaced: when it began, for the request that goes on. */
    private static final String BEGAN = "dev.morello.stats.began";

    private StatsTool() {
    }

    /** Registers {@code cpstats}, counting into the site's statistics. */
    public static void register(Toolbox tools) {
        BuiltinTools.add(tools, tool(Statistics.site()));
    }

    static Tool tool(Statistics statistics) {
        return Tool.of("cpstats", HookPoint.ON_END_REQUEST, 50, (args, priority) -> {
            Hook end = new Hook(request -> end(request), true, priority);
            return List.of(request -> {
                Long began = request.prev() == null ? null : request.prev().attribute(BEGAN);
                long nanos = began == null ? System.nanoTime() : began;
                request.attribute(STARTED, new Started(statistics.begin(request.app().scriptName()), nanos));
                request.hooks().attach(HookPoint.ON_END_REQUEST, end);
            });
        }).noOtherArgs();
    }

    /** The request's application counters and when it began. */
    private record Started(Statistics.AppCounters app, long nanos) {
    }

    private static void end(Request request) {
        Started started = request.attribute(STARTED);
        if (started == null) {
            return;
        }
        request.attribute(STARTED, null);
        if (!request.exchange().committed()) {
            // No response went out: an internal redirect replaced the request (the one it goes on
            // as is counted, from this one's start), or it failed before its response began.
            Statistics.abandon(started.app());
            request.attribute(BEGAN, started.nanos());
            return;
        }
        long nanos = System.nanoTime() - started.nanos();
        int status = request.response().status();
        HttpExchange ex = request.exchange();
        Statistics.end(started.app(), key(request, status), status, Math.max(0, ex.bodyBytesRead()),
                Math.max(0, ex.bodyBytesWritten()), nanos);
    }

    /** The path template, or for a request without one the key that says why (see Statistics). */
    static String key(Request request, int status) {
        String template = request.pathTemplate();
        if (template != null) {
            return template;
        }
        return status == 404 ? Statistics.NOT_FOUND : Statistics.NO_HANDLER;
    }
}
