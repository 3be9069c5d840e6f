package dev.morello.json.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.morello.internal.JsonLines;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The JSON access lines ({@code log.access_format = "json"}), written by Jackson: one object per
 * line, its fields in the framework's order. A mapper of its own, whatever the site does to
 * {@code JsonTools.mapper()}, so that log shippers always get the same shape.
 */
public final class JacksonLines implements JsonLines {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    @Override
    public String line(Map<String, ?> fields) {
        try {
            return MAPPER.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
