package dev.morello.tools;

import dev.morello.PageHandler;
import dev.morello.Request;
import java.util.List;

/**
 * A tool that wraps the page handler, as CherryPy's {@code HandlerWrapperTool}: at
 * {@code before_handler} (by default) the request's handler is replaced by one that calls the
 * wrapper with the original.
 *
 * <pre>{@code
 * new HandlerWrapperTool("upper", 50, (inner, request, args) -> String.valueOf(inner.handle(request)).toUpperCase());
 * }</pre>
 */
public class HandlerWrapperTool extends Tool {
    /** Calls (or not) the inner handler and returns the result. */
    @FunctionalInterface
    public interface Wrapper {
        Object call(PageHandler inner, Request request, ToolArgs args) throws Exception;
    }

    private final Wrapper wrapper;

    public HandlerWrapperTool(String name, int priority, Wrapper wrapper) {
        super(name, HookPoint.BEFORE_HANDLER, priority);
        this.wrapper = wrapper;
    }

    @Override
    public List<Setup> setups(ToolArgs args, int priority) {
        Hook hook = new Hook(request -> {
            PageHandler inner = request.handler();
            if (inner != null) {
                request.handler(r -> wrapper.call(inner, r, args));
            }
        }, false, priority);
        return List.of(request -> request.hooks().attach(point(), hook));
    }
}
