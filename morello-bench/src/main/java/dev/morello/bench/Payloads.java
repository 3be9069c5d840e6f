package dev.morello.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;

/** What every bench server answers, shared so that all of them do the same work per request. */
final class Payloads {
    static final String PLAINTEXT_PATH = "/plaintext";
    static final String JSON_PATH = "/json";
    static final String TEXT_PLAIN = "text/plain";
    static final String APPLICATION_JSON = "application/json";

    /** TechEmpower lets the plaintext body be a constant; it is never changed. */
    static final byte[] PLAINTEXT = "Hello, World!".getBytes(StandardCharsets.US_ASCII);
    static final byte[] NOT_FOUND = "Not Found".getBytes(StandardCharsets.US_ASCII);

    /** One mapper for every server and thread; Jackson's mappers are thread-safe once configured. */
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private Payloads() {
    }

    /** The JSON test's message. A new object per request, as the test's rules require. */
    public record Message(String message) {
    }

    /** {@code {"message":"Hello, World!"}}, serialized afresh on every call: no caching. */
    static byte[] json() {
        try {
            return MAPPER.writeValueAsBytes(new Message("Hello, World!"));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize the JSON test's message", e);
        }
    }
}
