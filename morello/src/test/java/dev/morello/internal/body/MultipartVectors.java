package dev.morello.internal.body;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

import dev.morello.Part;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/**
 * Well-formed multipart bodies, each with the boundary {@value #BOUNDARY} and a description of
 * what it parses to (see {@link #describe}). Bodies are written with {@code \n} and sent with
 * CRLF, unless named "LF-only".
 */
final class MultipartVectors {
    static final String BOUNDARY = "XyZ";
    private static final String END = "--XyZ--\n";

    private MultipartVectors() {
    }

    static Stream<Arguments> validBodies() {
        return Stream.of(
                crlf("two fields", field("a", "1") + field("b", "two") + END, "a=1; b=two"),
                crlf("repeated field collects a list", field("a", "1") + field("a", "2") + END, "a=[1, 2]"),
                crlf("empty field", field("a", "") + END, "a="),
                crlf("no parts at all", END, ""),
                crlf("field with UTF-8 text", field("a", "café") + END, "a=café"),
                crlf("field with line breaks", field("a", "x\ny\r\rz\n") + END, "a=x\r\ny\r\rz\r\n"),
                crlf("small file", file("f", "a.txt", "text/plain", "hello") + END, "f=<a.txt|text/plain|hello>"),
                crlf("file without Content-Type",
                        part("Content-Disposition: form-data; name=\"f\"; filename=\"b.bin\"", "x") + END,
                        "f=<b.bin|application/octet-stream|x>"),
                crlf("empty file name still makes a file", file("f", "", "text/plain", "") + END, "f=<|text/plain|>"),
                crlf("filename* wins over filename", part("Content-Disposition: form-data; name=\"f\"; "
                        + "filename=\"EUR rates.txt\"; filename*=UTF-8''%e2%82%ac%20rates.txt", "x") + END,
                        "f=<€ rates.txt|application/octet-stream|x>"),
                crlf("filename* in ISO-8859-1 with a language", part("Content-Disposition: form-data; name=\"f\"; "
                        + "filename*=iso-8859-1'en'caf%E9.txt", "x") + END, "f=<café.txt|application/octet-stream|x>"),
                crlf("raw UTF-8 file name", file("f", "naïve.txt", "text/plain", "x") + END,
                        "f=<naïve.txt|text/plain|x>"),
                crlf("backslash escapes in a quoted file name",
                        part("Content-Disposition: form-data; name=\"f\"; filename=\"say \\\"hi\\\".txt\"", "x") + END,
                        "f=<say \"hi\".txt|application/octet-stream|x>"),
                crlf("token parameters and header name case", part("content-disposition: form-data; name=a", "1") + END,
                        "a=1"),
                crlf("unnamed parts",
                        part("Content-Type: text/x-a", "first") + part("Content-Disposition: form-data", "2") + END,
                        "part=<null|text/x-a|first>; part=<null|text/plain|2>"),
                crlf("fields, files and unnamed parts in order", field("a", "1") + file("f", "x.txt", "text/plain", "F")
                        + part("X-Note: n", "u") + field("a", "2") + END,
                        "a=[1, 2]; f=<x.txt|text/plain|F>; part=<null|text/plain|u>"),
                crlf("preamble and epilogue ignored", "This is a preamble.\n--XyZ followed by text is no delimiter\n"
                        + field("a", "1") + "--XyZ--\nThis is the epilogue.\n--XyZ\nstill epilogue\n", "a=1"),
                crlf("no line end after the close delimiter", field("a", "1") + "--XyZ--", "a=1"),
                crlf("whitespace padding after delimiters",
                        "--XyZ \t\nContent-Disposition: form-data; name=a\n\n1\n--XyZ-- \n", "a=1"),
                crlf("delimiter prefix inside content",
                        field("a", "x\n--XyZ-\n--Xy\n--XyZz\n--XyZ x\n-XyZ\n--xyz\n--") + END,
                        "a=x\r\n--XyZ-\r\n--Xy\r\n--XyZz\r\n--XyZ x\r\n-XyZ\r\n--xyz\r\n--"),
                crlf("content ending in a partial delimiter", field("a", "x\n--Xy") + END, "a=x\r\n--Xy"),
                crlf("content ending in CR", field("a", "x\r") + END, "a=x\r"),
                crlf("header value whitespace trimmed", part("Content-Disposition: \t form-data; name=a \t", "1") + END,
                        "a=1"),
                crlf("repeated header joined",
                        part("Content-Disposition: form-data; name=a\nX-A: 1\nx-a: 2", "1") + END, "a=1"),
                lfOnly("LF-only line endings", field("a", "1") + file("f", "a.txt", "text/plain", "l1\nl2") + END,
                        "a=1; f=<a.txt|text/plain|l1\nl2>"),
                argumentSet("CRLF and LF mixed", "--XyZ\nContent-Disposition: form-data; name=a\r\n\n1\r\n--XyZ\r\n"
                        + "Content-Disposition: form-data; name=b\n\r\n2\n--XyZ--", "a=1; b=2"));
    }

    static String field(String name, String value) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"", value);
    }

    static String file(String name, String filename, String type, String content) {
        return part("Content-Disposition: form-data; name=\"" + name + "\"; filename=\"" + filename + "\"\n"
                + "Content-Type: " + type, content);
    }

    static String part(String headers, String content) {
        return "--XyZ\n" + headers + "\n\n" + content + "\n";
    }

    private static Arguments crlf(String name, String body, String expected) {
        return argumentSet(name, body.replace("\n", "\r\n"), expected);
    }

    private static Arguments lfOnly(String name, String body, String expected) {
        return argumentSet(name, body, expected);
    }

    static byte[] bytes(String body) {
        return body.getBytes(UTF_8);
    }

    /** {@code name=value; ...} for params then {@code part=...} for unnamed parts. */
    static String describe(MultipartResult result) {
        Stream<String> named = result.params().entrySet().stream().map(e -> e.getKey() + "=" + value(e.getValue()));
        Stream<String> unnamed = result.parts().stream().map(p -> "part=" + value(p));
        return Stream.concat(named, unnamed).collect(Collectors.joining("; "));
    }

    private static String value(Object value) {
        if (value instanceof List<?> list) {
            return list.stream().map(MultipartVectors::value).collect(Collectors.joining(", ", "[", "]"));
        }
        if (value instanceof Part part) {
            try {
                return "<" + part.filename() + "|" + part.contentType() + "|" + part.text() + ">";
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return (String) value;
    }
}
