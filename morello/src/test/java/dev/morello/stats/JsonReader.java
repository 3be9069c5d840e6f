package dev.morello.stats;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;

/**
 * Reads the statistics' JSON back for the tests, with Jackson (a test dependency only: the
 * framework itself writes this one fixed shape without it): objects as maps, numbers as doubles.
 */
final class JsonReader {
    private static final ObjectMapper MAPPER = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private JsonReader() {
    }

    static Object parse(String text) {
        try {
            return MAPPER.readValue(text, Object.class);
        } catch (JsonProcessingException e) {
            throw new AssertionError("not JSON: " + e.getOriginalMessage() + "\n" + text, e);
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> object(Object v) {
        if (!(v instanceof Map)) {
            throw new AssertionError("not an object: " + v);
        }
        return (Map<String, Object>) v;
    }

    /** The value at a path of keys: {@code at(json, "CherryPy Applications", "Total Requests")}. */
    static Object at(Object json, String... keys) {
        Object v = json;
        for (String k : keys) {
            Map<String, Object> o = object(v);
            if (!o.containsKey(k)) {
                throw new AssertionError("no \"" + k + "\" in " + o.keySet());
            }
            v = o.get(k);
        }
        return v;
    }

    /** The number at a path of keys, as a double (JSON has one kind of number). */
    static double number(Object json, String... keys) {
        Object v = at(json, keys);
        if (!(v instanceof Number n)) {
            throw new AssertionError(String.join("/", keys) + " is not a number: " + v);
        }
        return n.doubleValue();
    }
}
