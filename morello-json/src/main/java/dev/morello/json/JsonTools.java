package dev.morello.json;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidDefinitionException;
import dev.morello.HttpError;
import dev.morello.Request;
import dev.morello.internal.Log;
import dev.morello.tools.BuiltinTools;
import dev.morello.tools.Toolbox;
import dev.morello.tools.Tools;
import java.util.Map;

/**
 * CherryPy's JSON tools, with Jackson: {@code json_in} parses a JSON request body, {@code json_out}
 * writes whatever the page handler returns as JSON. Both are registered in {@code Morello.tools()}
 * as soon as this module is on the module path or the class path.
 *
 * <pre>{@code
 * public record Order(String item, int quantity) { }
 * public record Receipt(String item, int quantity, String status) { }
 *
 * public class Shop {
 *     @Expose public Receipt order(Request request) {
 *         Order order = JsonTools.read(request, Order.class);   // or JsonTools.json(request), a JsonNode
 *         return new Receipt(order.item(), order.quantity(), "accepted");
 *     }
 * }
 *
 * Morello.tree().mount(new Shop(), "", Map.of("/", Map.of(
 *         "tools.json_in.on", true,
 *         "tools.json_out.on", true)));
 * }</pre>
 *
 * <p>In a config file the same is {@code tools.json_in.on = True} and {@code tools.json_out.on = True}.
 * A {@code POST /order} with {@code {"item": "tea", "quantity": 2}} and {@code Content-Type:
 * application/json} answers {@code {"item":"tea","quantity":2,"status":"accepted"}} with
 * {@code Content-Type: application/json}.
 *
 * <h2>{@code json_in} ({@code before_request_body}, priority 30)</h2>
 * <ul>
 * <li>{@code content_type} ({@code ['application/json', 'text/javascript']}): the media types
 *     parsed as JSON; their documents are available as {@link #json(Request)} (the request
 *     attribute {@value #ATTRIBUTE}), or bound to a type with {@link #read(Request, Class)}.
 * <li>{@code force} ({@code True}): every other body is refused with 415 {@code Expected an entity
 *     of content type application/json, text/javascript}, including one sent without a
 *     Content-Type, and no other body processor (forms, multipart) runs.
 * <li>{@code processor} (None): a {@link dev.morello.BodyProcessor} to use instead of Jackson.
 * <li>{@code debug} ({@code False}): log what the tool does, and why a document was refused.
 * </ul>
 * A body that is not one JSON document (including an empty one) is refused with 400 {@code Invalid
 * JSON document}. Unlike CherryPy's, which answers 411 to a body without a Content-Length, a
 * chunked body is accepted. The parser is stricter than CherryPy's: content after the document, and
 * an object that names one member twice (RFC 8259 §4: names SHOULD be unique; parsers differ on
 * which value wins, which lets two readers of one body see different data), are refused as invalid.
 * The body is read as UTF-8, as RFC 8259 §8.1 requires of JSON exchanged between systems (a
 * {@code charset} parameter has no meaning for {@code application/json}; UTF-16 and UTF-32 are
 * recognised by their bytes).
 *
 * <h2>{@code json_out} ({@code before_handler}, priority 30, wraps the page handler)</h2>
 * <ul>
 * <li>{@code content_type} ({@code 'application/json'}): the response's Content-Type, set before
 *     the handler runs (so the handler may change it); None leaves it alone. No charset is added:
 *     JSON is UTF-8.
 * <li>{@code handler} (None: the shared {@link #mapper()}): what writes the result, per path: a
 *     {@link JsonEncoder}, an {@code ObjectMapper}, or a {@code Function<Object, byte[]>}.
 * <li>{@code debug} ({@code False}): log what the tool does.
 * </ul>
 * Any result is written: records, maps, lists, strings, numbers, booleans, null; a
 * {@code java.util.stream.Stream} is written as an array. The body goes out whole, with a
 * Content-Length (CherryPy's streams it as a generator).
 */
public final class JsonTools {
    /** The request attribute that holds the parsed document. */
    public static final String ATTRIBUTE = "json";

    static final Log LOG = Log.named("morello.tools.json", "TOOLS.JSON");

    private static final String JAVA_TIME_MODULE = "com.fasterxml.jackson.datatype.jsr310.JavaTimeModule";
    private static final String MISFIT = "The JSON document does not have the form this resource expects.";

    /** The mapper set with {@link #mapper(ObjectMapper)}, or null for the default. */
    private static volatile Codec replaced;

    private JsonTools() {
    }

    /** Registers {@code json_in} and {@code json_out} (done for you when this module is present). */
    public static void register(Toolbox tools) {
        BuiltinTools.add(tools, new JsonIn());
        BuiltinTools.add(tools, new JsonOut());
    }

    /** {@code tools.json_in.on = True}, for a config section given as a Java map. */
    public static Map<String, Object> jsonIn() {
        return Tools.on(JsonIn.NAME);
    }

    /** {@code tools.json_out.on = True}, for a config section given as a Java map. */
    public static Map<String, Object> jsonOut() {
        return Tools.on(JsonOut.NAME);
    }

    // ---- the mapper ----------------------------------------------------------------------------

    /**
     * The mapper both tools use (unless {@code json_out}'s {@code handler} names another): the one
     * set with {@link #mapper(ObjectMapper)}, else a plain {@code ObjectMapper}, with Jackson's
     * {@code JavaTimeModule} registered when {@code jackson-datatype-jsr310} is present.
     */
    public static ObjectMapper mapper() {
        return codec().mapper();
    }

    /**
     * Replaces the shared mapper, for every path and from the next request on; null restores the
     * default. Documents are still read strictly (see the class doc) whatever the mapper's
     * settings; a path that wants otherwise gives {@code json_in} a {@code processor}.
     */
    public static void mapper(ObjectMapper mapper) {
        replaced = mapper == null ? null : Codec.of(mapper);
    }

    /** The reader of request documents: the shared mapper's, made strict. */
    static ObjectReader documentReader() {
        return codec().documents();
    }

    private static Codec codec() {
        Codec c = replaced;
        return c != null ? c : DefaultCodec.CODEC;
    }

    /** A mapper with the reader made from it, so that the reader is not remade on each request. */
    private record Codec(ObjectMapper mapper, ObjectReader documents) {
        static Codec of(ObjectMapper mapper) {
            return new Codec(mapper, mapper.reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(StreamReadFeature.STRICT_DUPLICATE_DETECTION));
        }
    }

    /** Made on first use, so that a site which replaces the mapper at start never builds this one. */
    private static final class DefaultCodec {
        static final Codec CODEC = Codec.of(defaultMapper());
    }

    private static ObjectMapper defaultMapper() {
        ObjectMapper mapper = new ObjectMapper();
        Class<?> javaTime = optionalClass(JAVA_TIME_MODULE);
        if (javaTime != null) {
            try {
                mapper.registerModule((com.fasterxml.jackson.databind.Module) javaTime.getConstructor().newInstance());
            } catch (ReflectiveOperationException | RuntimeException | LinkageError e) {
                // present but unusable (say, of another Jackson version): the plain mapper still works
                LOG.warn("Jackson's JavaTimeModule is present but could not be registered", e);
            }
        }
        return mapper;
    }

    private static Class<?> optionalClass(String name) {
        for (ClassLoader loader : new ClassLoader[] {JsonTools.class.getClassLoader(),
                Thread.currentThread().getContextClassLoader()}) {
            if (loader == null) {
                continue;
            }
            try {
                return Class.forName(name, false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                // not there: look in the next loader
            }
        }
        return null;
    }

    // ---- the request's document ----------------------------------------------------------------

    /**
     * The JSON document {@code json_in} read from this request's body, or null when none was read
     * (the tool is off, the method carries no body, or {@code force} is off and the body was of
     * another type). A replacement {@code processor} that stored something other than a
     * {@code JsonNode} has it converted.
     */
    public static JsonNode json(Request request) {
        Object value = request.attribute(ATTRIBUTE);
        if (value == null || value instanceof JsonNode) {
            return (JsonNode) value;
        }
        return mapper().valueToTree(value);
    }

    /**
     * The request's document bound to a type with the shared mapper, or null when no document was
     * read (see {@link #json}). A document that does not fit the type (a missing or unknown member,
     * a string for a number ...) is the client's mistake: 400. A type Jackson cannot bind at all is
     * the application's: IllegalStateException, so 500.
     */
    public static <T> T read(Request request, Class<T> type) {
        return bind(request, type.getName(), node -> mapper().treeToValue(node, type));
    }

    /** As {@link #read(Request, Class)}, for a generic type: {@code new TypeReference<List<Order>>() {}}. */
    public static <T> T read(Request request, TypeReference<T> type) {
        return bind(request, type.getType().getTypeName(), node -> mapper().treeToValue(node, type));
    }

    @FunctionalInterface
    private interface Binding<T> {
        T bind(JsonNode node) throws JacksonException;
    }

    private static <T> T bind(Request request, String typeName, Binding<T> binding) {
        JsonNode node = json(request);
        if (node == null) {
            return null;
        }
        try {
            return binding.bind(node);
        } catch (InvalidDefinitionException e) {
            throw new IllegalStateException("Jackson cannot bind " + typeName + ": " + e.getOriginalMessage(), e);
        } catch (JacksonException | IllegalArgumentException e) {
            if (LOG.debugEnabled()) {
                LOG.debug("[{}] the JSON document does not fit {}: {}", request.uniqueId(), typeName, e.getMessage());
            }
            // the page does not say which member: that would echo the client's document
            throw new HttpError(400, MISFIT);
        }
    }
}
