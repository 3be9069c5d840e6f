package dev.morello.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morello.Morello;
import dev.morello.PageHandler;
import dev.morello.Request;
import dev.morello.config.Key;
import dev.morello.tools.HandlerWrapperTool;
import dev.morello.tools.ToolArgs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.BaseStream;

/**
 * CherryPy's {@code json_out}: wraps the page handler so that its result is written as JSON. The
 * arguments are described in {@link JsonTools}.
 */
final class JsonOut extends HandlerWrapperTool {
    static final String NAME = "json_out";
    static final String DEFAULT_TYPE = "application/json";

    private static final JsonEncoder SHARED = JsonEncoder.shared();

    JsonOut() {
        super(NAME, 30, JsonOut::call);
        arg("content_type", Key.Type.STRING, DEFAULT_TYPE, "the response's Content-Type (None leaves it alone)");
        arg("handler", Key.Type.OBJECT, null,
                "what writes the result: a JsonEncoder, an ObjectMapper or a Function<Object, byte[]> (None: the shared mapper)");
        arg("debug", Key.Type.BOOLEAN, false, "log what the tool does");
    }

    /** Checks the {@code handler} argument once per config path rather than on each request. */
    @Override
    public List<Setup> setups(ToolArgs args, int priority) {
        encoder(args);
        return super.setups(args, priority);
    }

    private static Object call(PageHandler inner, Request request, ToolArgs args) throws Exception {
        Object type = args.get("content_type", DEFAULT_TYPE);
        if (type != null) {
            // set before the handler runs, as CherryPy does, so that the handler may still change it
            Morello.response().headers().set("Content-Type", type.toString());
        }
        Object result = inner.handle(request);
        if (args.bool("debug", false)) {
            JsonTools.LOG.info("[{}] {}: writing a {}", request.uniqueId(), NAME,
                    result == null ? "null" : result.getClass().getName());
        }
        return encoder(args).encode(settled(result));
    }

    static JsonEncoder encoder(ToolArgs args) {
        Object handler = args.get("handler");
        if (handler == null) {
            return SHARED;
        }
        if (handler instanceof JsonEncoder encoder) {
            return encoder;
        }
        if (handler instanceof ObjectMapper mapper) {
            return JsonEncoder.of(mapper);
        }
        if (handler instanceof Function<?, ?> function) {
            @SuppressWarnings("unchecked")
            Function<Object, ?> f = (Function<Object, ?>) function;
            return result -> bytes(f.apply(result));
        }
        throw new IllegalArgumentException("tools." + NAME + ".handler must be a dev.morello.json.JsonEncoder, "
                + "an ObjectMapper or a Function<Object, byte[]>, not " + handler.getClass().getName());
    }

    private static byte[] bytes(Object written) {
        if (written instanceof byte[] b) {
            return b;
        }
        if (written instanceof CharSequence s) {
            return s.toString().getBytes(StandardCharsets.UTF_8);
        }
        throw new IllegalStateException("a tools." + NAME + ".handler function returned "
                + (written == null ? "null" : "a " + written.getClass().getName()) + "; it must return a byte[]");
    }

    /** A stream becomes a list (Jackson has no writer for streams); it is closed once drained. */
    private static Object settled(Object result) {
        if (!(result instanceof BaseStream<?, ?> stream)) {
            return result;
        }
        try (stream) {
            List<Object> items = new ArrayList<>();
            for (Iterator<?> it = stream.iterator(); it.hasNext(); ) {
                items.add(it.next());
            }
            return items;
        }
    }
}
