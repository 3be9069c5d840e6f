package dev.morello.internal.body;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.morello.HttpError;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class MediaTypeTest {

    static Stream<Arguments> mediaTypes() {
        return Stream.of(
                argumentSet("bare type", "text/plain", "text/plain", Map.of()),
                argumentSet("case folded", "Multipart/Form-Data; Boundary=xyz", "multipart/form-data",
                        Map.of("boundary", "xyz")),
                argumentSet("value case kept", "text/plain;charset=UTF-8", "text/plain", Map.of("charset", "UTF-8")),
                argumentSet("quoted value", "multipart/form-data; boundary=\"a b;c=d\"", "multipart/form-data",
                        Map.of("boundary", "a b;c=d")),
                argumentSet("escapes in quoted value", "a/b; p=\"x\\\"y\\\\z\"", "a/b", Map.of("p", "x\"y\\z")),
                argumentSet("empty quoted value", "a/b; p=\"\"", "a/b", Map.of("p", "")),
                argumentSet("surrounding whitespace", " \ta/b \t; \tp=1 \t", "a/b", Map.of("p", "1")),
                argumentSet("empty parameters", "a/b;;p=1;", "a/b", Map.of("p", "1")),
                argumentSet("first of repeated name wins", "a/b; p=1; P=2", "a/b", Map.of("p", "1")));
    }

    @ParameterizedTest
    @MethodSource("mediaTypes")
    void parsesMediaType(String value, String fullType, Map<String, String> params) {
        MediaType type = MediaType.parse(value);
        assertEquals(fullType, type.fullType());
        assertEquals(params, type.params());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "text", "text/", "/plain", "text/plain p=1", "a/b; p", "a/b; p=", "a/b; p = 1",
        "a/b; p=\"open", "a/b; p=\"x\"y", "a/b; p=a b", "a/b; =1", "te xt/plain", "a/b; p=\"\u0001\""})
    void rejectsMalformedMediaTypeWith400(String value) {
        HttpError e = assertThrows(HttpError.class, () -> MediaType.parse(value));
        assertEquals(400, e.status());
    }

    @Test
    void looksUpParametersWhateverTheirCase() {
        assertEquals("xyz", MediaType.parse("multipart/form-data; boundary=xyz").param("BOUNDARY"));
        assertNull(MediaType.parse("text/plain").param("charset"));
    }

    @Test
    void charsetFallsBackWhenAbsentOrUnknown() {
        assertEquals(ISO_8859_1, MediaType.parse("text/plain; charset=latin1").charset(UTF_8));
        assertEquals(UTF_8, MediaType.parse("text/plain").charset(UTF_8));
        assertEquals(UTF_8, MediaType.parse("text/plain; charset=klingon").charset(UTF_8));
    }
}
