package dev.morello.tools;

import dev.morello.NotFound;
import dev.morello.PageHandler;
import dev.morello.Request;
import java.util.List;
import java.util.Map;

/**
 * A tool that may answer the request instead of the page handler, as CherryPy's
 * {@code HandlerTool}: it runs at {@code before_handler}; when its callback returns true (having
 * set the response), the page handler is skipped. It can also be a page handler itself:
 *
 * <pre>{@code
 * public PageHandler favicon_ico = Morello.tools().handlerTool("staticfile").handler(Map.of("filename", "/srv/favicon.ico"));
 * }</pre>
 */
public class HandlerTool extends Tool {
    /** Answers the request (setting the response) and returns true, or returns false to let the page handler answer. */
    @FunctionalInterface
    public interface Answer {
        boolean handle(Request request, ToolArgs args) throws Exception;
    }

    private final Answer answer;

    public HandlerTool(String name, int priority, Answer answer) {
        super(name, HookPoint.BEFORE_HANDLER, priority, (request, args) -> {
            if (answer.handle(request, args)) {
                request.handler(null);
            }
        });
        this.answer = answer;
    }

    /**
     * A page handler that runs the tool with these arguments; when the tool does not answer, 404.
     * The arguments are given as a map of argument names to values.
     */
    public PageHandler handler(Map<String, ?> args) {
        ToolArgs toolArgs = ToolArgs.of(name(), args);
        return request -> {
            if (!answer.handle(request, toolArgs)) {
                throw new NotFound();
            }
            return request.response().body();
        };
    }

    @Override
    public List<Setup> setups(ToolArgs args, int priority) {
        return super.setups(args, priority);
    }
}
