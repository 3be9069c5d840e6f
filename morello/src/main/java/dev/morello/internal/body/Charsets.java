package dev.morello.internal.body;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.UnsupportedCharsetException;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;

/** Strict decoding and the charset names that error messages show. */
final class Charsets {
    private Charsets() {
    }

    /**
     * Decodes {@code bytes} entirely, refusing malformed and unmappable input rather than
     * replacing it: a parameter that decodes to U+FFFD would reach the handler silently wrong.
     */
    static String decodeStrict(byte[] bytes, Charset charset) throws CharacterCodingException {
        return charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT)
                .decode(ByteBuffer.wrap(bytes))
                .toString();
    }

    /** The charset called {@code name}, or null when the JDK knows no such charset. */
    static Charset lookup(String name) {
        try {
            return Charset.forName(name);
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            return null;
        }
    }

    /** The name configured in CherryPy's style: {@code utf-8}, {@code iso-8859-1}. */
    static String label(Charset charset) {
        return charset.name().toLowerCase(Locale.ROOT);
    }

    /**
     * CherryPy's 400 message for a body no charset could decode; the list is written as Python
     * prints one, {@code ['utf-8', 'iso-8859-1']}.
     */
    static String notDecodable(List<String> attempted) {
        return attempted.stream()
                .map(name -> "'" + name + "'")
                .collect(Collectors.joining(", ",
                        "The request entity could not be decoded. The following charsets were attempted: [", "]"));
    }
}
