package dev.morello.internal.body;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.morello.HttpError;
import java.nio.charset.Charset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FormBodyTest {
    private static final List<Charset> UTF8_THEN_LATIN1 = List.of(UTF_8, ISO_8859_1);

    @Test
    void decodesUtf8Form() {
        byte[] body = "name=Jos%C3%A9+Mar%C3%ADa&tags=a;tags=b&empty=".getBytes(US_ASCII);
        assertEquals(QueryStringTest.ordered("name", "José María", "tags", List.of("a", "b"), "empty", ""),
                FormBody.parse(body, UTF8_THEN_LATIN1));
    }

    @Test
    void fallsBackToLatin1WhenUtf8Fails() {
        byte[] body = "name=Jos%E9".getBytes(US_ASCII);
        assertEquals(Map.of("name", "José"), FormBody.parse(body, UTF8_THEN_LATIN1));
    }

    @Test
    void decodesRawNonAsciiBytes() {
        byte[] body = "name=José".getBytes(UTF_8);
        assertEquals(Map.of("name", "José"), FormBody.parse(body, UTF8_THEN_LATIN1));
    }

    @Test
    void emptyBodyHasNoParameters() {
        assertEquals(Map.of(), FormBody.parse(new byte[0], UTF8_THEN_LATIN1));
    }

    @ParameterizedTest
    @ValueSource(strings = {"name=Jos%E9", "a=%zz"})
    void rejectsBodyNoCharsetDecodesWith400(String body) {
        HttpError e = assertThrows(HttpError.class,
                () -> FormBody.parse(body.getBytes(US_ASCII), List.of(UTF_8, US_ASCII)));
        assertEquals(400, e.status());
        assertEquals("The request entity could not be decoded. The following charsets were attempted: "
                + "['utf-8', 'us-ascii']", e.getMessage());
    }

    @Test
    void namesEveryAttemptedCharset() {
        HttpError e = assertThrows(HttpError.class,
                () -> FormBody.parse("a=%zz".getBytes(US_ASCII), UTF8_THEN_LATIN1));
        assertEquals("The request entity could not be decoded. The following charsets were attempted: "
                + "['utf-8', 'iso-8859-1']", e.getMessage());
    }
}
