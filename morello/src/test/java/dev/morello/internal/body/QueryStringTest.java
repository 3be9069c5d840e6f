package dev.morello.internal.body;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.morello.HttpError;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class QueryStringTest {

    static Stream<Arguments> queries() {
        return Stream.of(
                argumentSet("empty query", "", Map.of()),
                argumentSet("one pair", "a=1", Map.of("a", "1")),
                argumentSet("'&' separates", "a=1&b=2", ordered("a", "1", "b", "2")),
                argumentSet("';' separates", "a=1;b=2", ordered("a", "1", "b", "2")),
                argumentSet("both separators mixed", "a=1;b=2&c=3", ordered("a", "1", "b", "2", "c", "3")),
                argumentSet("'+' is a space", "q=caf%C3%A9+au+lait", Map.of("q", "café au lait")),
                argumentSet("escaped '+' stays a plus", "q=1%2B1", Map.of("q", "1+1")),
                argumentSet("escaped separators are data", "q=a%26b%3Bc%3Dd", Map.of("q", "a&b;c=d")),
                argumentSet("lower- and upper-case hex", "q=%c3%a9%C3%A9", Map.of("q", "éé")),
                argumentSet("escaped name", "caf%C3%A9=1", Map.of("café", "1")),
                argumentSet("blank value kept", "a=&b=2", ordered("a", "", "b", "2")),
                argumentSet("name without '=' has a blank value", "a&b", ordered("a", "", "b", "")),
                argumentSet("empty pairs skipped", "&&a=1;;&", Map.of("a", "1")),
                argumentSet("only the first '=' splits", "a=b=c", Map.of("a", "b=c")),
                argumentSet("repeated name collects a list", "a=1&b=2&a=3", ordered("a", List.of("1", "3"), "b", "2")),
                argumentSet("three repeats", "a=1&a=2&a=3", Map.of("a", List.of("1", "2", "3"))),
                argumentSet("image map", "12,34", ordered("x", "12", "y", "34")),
                argumentSet("not an image map with more text", "12,34&z=1", ordered("12,34", "", "z", "1")),
                argumentSet("not an image map without digits", "12,", Map.of("12,", "")));
    }

    @ParameterizedTest
    @MethodSource("queries")
    void parsesQuery(String query, Map<String, Object> expected) {
        LinkedHashMap<String, Object> params = QueryString.parse(query, UTF_8);
        assertEquals(expected, params);
        assertEquals(List.copyOf(expected.keySet()), List.copyOf(params.keySet()), "order");
    }

    @ParameterizedTest
    @ValueSource(strings = {"q=%C3", "q=%FF", "%C3%28=1", "q=%ED%A0%80", "q=%zz", "q=%4", "q=%", "q=%4g"})
    void rejectsUndecodableQueryWith404(String query) {
        HttpError e = assertThrows(HttpError.class, () -> QueryString.parse(query, UTF_8));
        assertEquals(404, e.status());
        assertEquals("The given query string could not be processed. Query strings for this resource must be "
                + "encoded with utf-8.", e.getMessage());
    }

    @Test
    void namesTheConfiguredCharsetInTheMessage() {
        HttpError e = assertThrows(HttpError.class, () -> QueryString.parse("q=%zz", ISO_8859_1));
        assertEquals("The given query string could not be processed. Query strings for this resource must be "
                + "encoded with iso-8859-1.", e.getMessage());
    }

    @Test
    void decodesWithTheGivenCharset() {
        assertEquals(Map.of("q", "é"), QueryString.parse("q=%E9", ISO_8859_1));
    }

    /** A map in the order of its alternating keys and values. */
    static Map<String, Object> ordered(Object... keysAndValues) {
        Map<String, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
