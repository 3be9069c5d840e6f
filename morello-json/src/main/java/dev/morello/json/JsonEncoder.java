package dev.morello.json;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Objects;

/**
 * Writes a page handler's result as a JSON document, for {@code json_out}: the tool's
 * {@code handler} argument, to write one path's results differently from the shared mapper's way.
 *
 * <pre>{@code
 * ObjectMapper pretty = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
 * Map.of("/report", Tools.on("json_out", "handler", JsonEncoder.of(pretty)));
 * }</pre>
 *
 * <p>The bytes are sent as they are: they should be UTF-8, as JSON requires.
 */
@FunctionalInterface
public interface JsonEncoder {
    /** The document for a result (which may be null). An exception ends the request with 500. */
    byte[] encode(Object result) throws Exception;

    /** Writes with the given mapper. */
    static JsonEncoder of(ObjectMapper mapper) {
        Objects.requireNonNull(mapper, "mapper");
        return mapper::writeValueAsBytes;
    }

    /** Writes with the shared mapper as it is at each request ({@link JsonTools#mapper()}). */
    static JsonEncoder shared() {
        return result -> JsonTools.mapper().writeValueAsBytes(result);
    }
}
