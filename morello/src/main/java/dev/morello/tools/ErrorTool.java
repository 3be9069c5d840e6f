package dev.morello.tools;

import java.util.List;

/**
 * A tool that replaces the response to an unexpected error, as CherryPy's {@code ErrorTool}:
 * instead of the 500 page, its callback sets the response (or throws a redirect).
 *
 * <pre>{@code
 * new ErrorTool("oops", (request, args) -> { throw new HttpRedirect(args.string("url", "/oops")); });
 * }</pre>
 */
public class ErrorTool extends Tool {
    private final Callback callback;

    public ErrorTool(String name, Callback callback) {
        super(name, HookPoint.BEFORE_ERROR_RESPONSE, 50, callback);
        this.callback = callback;
    }

    @Override
    public List<Setup> setups(ToolArgs args, int priority) {
        return List.of(request -> request.errorResponse(r -> callback.run(r, args)));
    }
}
