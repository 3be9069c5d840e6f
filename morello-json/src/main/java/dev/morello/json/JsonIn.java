package dev.morello.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.morello.BodyProcessor;
import dev.morello.HttpError;
import dev.morello.Request;
import dev.morello.RequestBody;
import dev.morello.config.Key;
import dev.morello.tools.Hook;
import dev.morello.tools.HookPoint;
import dev.morello.tools.Tool;
import dev.morello.tools.ToolArgs;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * CherryPy's {@code json_in}: at {@code before_request_body} it installs a body processor for the
 * JSON media types, which the framework runs when it processes the body; with {@code force}, it
 * removes the other processors and refuses a body none of its types claimed. The arguments are
 * described in {@link JsonTools}.
 */
final class JsonIn extends Tool {
    static final String NAME = "json_in";
    static final List<String> DEFAULT_TYPES = List.of("application/json", "text/javascript");
    static final String INVALID = "Invalid JSON document";

    /**
     * Where the refusal of other bodies runs: before every other {@code before_handler} hook. It
     * stands for CherryPy's default body processor, which runs when the body is processed, after
     * {@code before_request_body} and before {@code before_handler}; nothing in between runs hooks.
     */
    static final int REFUSAL_PRIORITY = Integer.MIN_VALUE;

    JsonIn() {
        super(NAME, HookPoint.BEFORE_REQUEST_BODY, 30, (request, args) -> { });
        arg("content_type", Key.Type.LIST, DEFAULT_TYPES, "the media types whose bodies are parsed as JSON");
        arg("force", Key.Type.BOOLEAN, true, "refuse a body of any other media type (415)");
        arg("processor", Key.Type.OBJECT, null, "a BodyProcessor to use instead of the Jackson parser");
        arg("debug", Key.Type.BOOLEAN, false, "log what the tool does");
    }

    /** Reads the arguments once per config path; a wrong one fails here rather than on each request. */
    @Override
    public List<Setup> setups(ToolArgs args, int priority) {
        List<String> named = args.strings("content_type", DEFAULT_TYPES);
        List<String> types = new ArrayList<>(named.size());
        for (String t : named) {
            types.add(t.trim().toLowerCase(Locale.ROOT));
        }
        boolean force = args.bool("force", true);
        boolean debug = args.bool("debug", false);
        BodyProcessor replacement = processor(args);
        Hook install = new Hook(request -> install(request, types, force, replacement, debug), false, priority);
        Setup installs = request -> request.hooks().attach(HookPoint.BEFORE_REQUEST_BODY, install);
        if (!force) {
            return List.of(installs);
        }
        // CherryPy's message lists the types as configured
        String refusal = "Expected an entity of content type " + String.join(", ", named);
        Hook refuse = new Hook(request -> refuseUnclaimed(request, refusal, debug), false, REFUSAL_PRIORITY);
        return List.of(installs, request -> request.hooks().attach(HookPoint.BEFORE_HANDLER, refuse));
    }

    private static BodyProcessor processor(ToolArgs args) {
        Object value = args.get("processor");
        if (value == null || value instanceof BodyProcessor) {
            return (BodyProcessor) value;
        }
        throw new IllegalArgumentException("tools." + NAME + ".processor must be a dev.morello.BodyProcessor, not "
                + value.getClass().getName());
    }

    private static void install(Request request, List<String> types, boolean force, BodyProcessor replacement,
            boolean debug) {
        RequestBody body = request.body();
        if (force) {
            for (String other : List.copyOf(body.processors().keySet())) {
                if (!types.contains(other)) {
                    body.processor(other, null);
                }
            }
        }
        BodyProcessor processor = replacement != null ? replacement : b -> parse(request, b, debug);
        for (String type : types) {
            body.processor(type, processor);
        }
        if (debug) {
            JsonTools.LOG.info("[{}] {}: body processor for {}{}", request.uniqueId(), NAME, types,
                    force ? "; other bodies refused" : "");
        }
    }

    /** With {@code force}: a body was to be processed and none of the JSON processors took it. */
    private static void refuseUnclaimed(Request request, String refusal, boolean debug) {
        if (request.processRequestBody() && !request.body().processed()) {
            if (debug) {
                JsonTools.LOG.info("[{}] {}: refused a body of type {}", request.uniqueId(), NAME,
                        request.body().mediaType());
            }
            throw new HttpError(415, refusal);
        }
    }

    /**
     * Jackson's parse of the body, chunked or not (the framework has already refused, with 411, a
     * body with neither a length nor chunking).
     */
    static void parse(Request request, RequestBody body, boolean debug) throws IOException {
        JsonNode document;
        try {
            document = JsonTools.documentReader().readTree(body.stream());
        } catch (JacksonException | CharConversionException e) {
            refuse(request, debug, e.getMessage());
            return;
        }
        if (document == null || document.isMissingNode()) {
            refuse(request, debug, "no document");
            return;
        }
        request.attribute(JsonTools.ATTRIBUTE, document);
    }

    /** The client's mistake: logged at DEBUG (INFO with {@code debug}); the page says only what CherryPy's does. */
    private static void refuse(Request request, boolean debug, String why) {
        if (debug) {
            JsonTools.LOG.info("[{}] {}: {}", request.uniqueId(), INVALID, why);
        } else if (JsonTools.LOG.debugEnabled()) {
            JsonTools.LOG.debug("[{}] {}: {}", request.uniqueId(), INVALID, why);
        }
        throw new HttpError(400, INVALID);
    }
}
