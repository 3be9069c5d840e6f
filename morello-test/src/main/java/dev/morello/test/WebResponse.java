package dev.morello.test;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.opentest4j.AssertionFailedError;

/**
 * One response as the kit received it (from {@link WebClient#getPage} or a
 * {@link RawConnection}), with CherryPy's assertions ({@code cherrypy.test.helper.CPWebCase}),
 * each returning the response so that they chain:
 *
 * <pre>{@code
 * client.getPage("/greetUser?name=Bob")
 *         .assertStatus(200)
 *         .assertHeader("Content-Type", "text/html;charset=utf-8")
 *         .assertBody("Hey Bob, what's up?");
 * }</pre>
 *
 * <p>A failed assertion throws an {@link AssertionFailedError} that names the request, says what
 * was expected and what came, and shows the status and (the start of) the body, so that the
 * failure explains itself without a rerun. Header names are matched case-insensitively.
 */
public final class WebResponse {
    /** How much of a body a failure message shows. */
    private static final int EXCERPT = 800;

    private final String request;
    private final int status;
    private final String reason;
    private final Map<String, List<String>> headers;
    private final byte[] body;

    WebResponse(String request, int status, String reason, Map<String, List<String>> headers, byte[] body) {
        this.request = request;
        this.status = status;
        this.reason = reason;
        TreeMap<String, List<String>> copy = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        headers.forEach((name, values) -> copy.computeIfAbsent(name, n -> new ArrayList<>()).addAll(values));
        copy.replaceAll((name, values) -> List.copyOf(values));
        this.headers = Collections.unmodifiableMap(copy);
        this.body = body;
    }

    // ---- what came ---------------------------------------------------------------------------

    /** The request this answers, as failure messages name it: {@code "GET /path"}. */
    public String request() {
        return request;
    }

    /** The status code. */
    public int status() {
        return status;
    }

    /**
     * The reason phrase of the status line, when the response was read off a raw connection; the
     * empty string from {@link WebClient#getPage}, whose client does not keep it.
     */
    public String reason() {
        return reason;
    }

    /** Every header field, by case-insensitive name, each with its values in the order they came. */
    public Map<String, List<String>> headers() {
        return headers;
    }

    /** The first value of a header field, if it came. */
    public Optional<String> header(String name) {
        List<String> values = headers.get(name);
        return values == null || values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    /** Every value of a header field, in order; empty when it did not come. */
    public List<String> headerValues(String name) {
        return headers.getOrDefault(name, List.of());
    }

    /** The body's bytes (a copy). */
    public byte[] bodyBytes() {
        return body.clone();
    }

    /**
     * The body as text, decoded with the charset of the {@code Content-Type} field, or UTF-8
     * when it names none (or one this JVM does not know).
     */
    public String body() {
        return new String(body, charset());
    }

    // ---- CherryPy's assertions ---------------------------------------------------------------

    /**
     * Asserts the status is {@code expected}, or one of {@code alternatives} (CherryPy's
     * {@code assertStatus((302, 303))} is {@code assertStatus(302, 303)}).
     */
    public WebResponse assertStatus(int expected, int... alternatives) {
        if (status == expected || Arrays.stream(alternatives).anyMatch(a -> a == status)) {
            return this;
        }
        String wanted = alternatives.length == 0 ? Integer.toString(expected)
                : "one of " + expected + ", " + String.join(", ", Arrays.stream(alternatives).mapToObj(Integer::toString).toList());
        throw fail("expected status " + wanted + ", got " + statusLine(), expected, status);
    }

    /** Asserts the response has the header field {@code name}, whatever its value. */
    public WebResponse assertHeader(String name) {
        if (!headerValues(name).isEmpty()) {
            return this;
        }
        throw fail("expected a " + name + " header field, and none came");
    }

    /** Asserts one of the values of the header field {@code name} equals {@code value}. */
    public WebResponse assertHeader(String name, String value) {
        List<String> values = headerValues(name);
        if (values.contains(value)) {
            return this;
        }
        throw fail("expected " + name + ": " + value + ", got "
                + (values.isEmpty() ? "no " + name + " field" : name + ": " + String.join(" | ", values)), value,
                values.isEmpty() ? null : String.join(" | ", values));
    }

    /** Asserts the response has no header field {@code name}. */
    public WebResponse assertNoHeader(String name) {
        List<String> values = headerValues(name);
        if (values.isEmpty()) {
            return this;
        }
        throw fail("expected no " + name + " field, got " + name + ": " + String.join(" | ", values));
    }

    /** Asserts the body, as text ({@link #body()}), is exactly {@code expected}. */
    public WebResponse assertBody(String expected) {
        String actual = body();
        if (actual.equals(expected)) {
            return this;
        }
        int at = firstDifference(expected, actual);
        throw new AssertionFailedError(request + ": the body differs from the one expected at character " + at
                + "\n  expected: " + around(expected, at) + "\n       got: " + around(actual, at)
                + "\n" + statusAndBody(), expected, actual);
    }

    /** Asserts the body's bytes are exactly {@code expected}. */
    public WebResponse assertBody(byte[] expected) {
        if (Arrays.equals(body, expected)) {
            return this;
        }
        throw fail("expected a body of " + expected.length + " bytes, got a different one of " + body.length
                + " bytes (first difference at byte " + Arrays.mismatch(body, expected) + ")");
    }

    /** Asserts the body contains {@code part}. */
    public WebResponse assertInBody(String part) {
        if (body().contains(part)) {
            return this;
        }
        throw fail("expected the body to contain " + quote(part) + ", and it does not");
    }

    /** Asserts the body does not contain {@code part}. */
    public WebResponse assertNotInBody(String part) {
        String text = body();
        int at = text.indexOf(part);
        if (at < 0) {
            return this;
        }
        throw fail("expected the body not to contain " + quote(part) + ", and it does at character " + at);
    }

    /**
     * Asserts the regular expression matches somewhere in the body, as CherryPy's
     * {@code assertMatchesBody} ({@code re.search}): {@code "\\d+ times"} passes on any body
     * with a number of times in it; anchor it ({@code ^...$}) to match the whole.
     */
    public WebResponse assertMatchesBody(String regex) {
        return assertMatchesBody(Pattern.compile(regex));
    }

    /** Asserts the pattern matches somewhere in the body ({@link java.util.regex.Matcher#find()}). */
    public WebResponse assertMatchesBody(Pattern pattern) {
        if (pattern.matcher(body()).find()) {
            return this;
        }
        throw fail("expected the body to match /" + pattern.pattern() + "/, and it does not");
    }

    /** The status, the header fields and the start of the body, as failure messages show them. */
    @Override
    public String toString() {
        StringBuilder b = new StringBuilder(request).append(" -> ").append(statusLine()).append('\n');
        headers.forEach((name, values) -> values.forEach(v -> b.append(name).append(": ").append(v).append('\n')));
        return b.append('\n').append(excerpt(body())).toString();
    }

    // ---- failure messages --------------------------------------------------------------------

    private AssertionFailedError fail(String what) {
        return new AssertionFailedError(request + ": " + what + "\n" + statusAndBody());
    }

    private AssertionFailedError fail(String what, Object expected, Object actual) {
        return new AssertionFailedError(request + ": " + what + "\n" + statusAndBody(), expected, actual);
    }

    private String statusLine() {
        return reason.isEmpty() ? Integer.toString(status) : status + " " + reason;
    }

    private String statusAndBody() {
        String text = body();
        return "status " + statusLine() + "; body (" + body.length + " bytes): "
                + (text.isEmpty() ? "(empty)" : "\n" + excerpt(text));
    }

    private static String excerpt(String text) {
        return text.length() <= EXCERPT ? text
                : text.substring(0, EXCERPT) + "\n... (" + (text.length() - EXCERPT) + " more characters)";
    }

    private static int firstDifference(String a, String b) {
        int n = Math.min(a.length(), b.length());
        for (int i = 0; i < n; i++) {
            if (a.charAt(i) != b.charAt(i)) {
                return i;
            }
        }
        return n;
    }

    /** Up to 40 characters either side of {@code at}, with line ends and tabs made visible. */
    private static String around(String text, int at) {
        int from = Math.max(0, at - 40);
        int to = Math.min(text.length(), at + 40);
        return (from > 0 ? "..." : "") + quote(text.substring(from, to)) + (to < text.length() ? "..." : "")
                + (at >= text.length() ? " (it ends here)" : "");
    }

    private static String quote(String s) {
        return '"' + s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t") + '"';
    }

    private Charset charset() {
        String type = header("Content-Type").orElse("");
        for (String param : type.split(";")) {
            String p = param.strip();
            if (p.toLowerCase(Locale.ROOT).startsWith("charset=")) {
                String name = p.substring("charset=".length()).replace("\"", "").strip();
                try {
                    return Charset.forName(name);
                } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
                    return StandardCharsets.UTF_8;
                }
            }
        }
        return StandardCharsets.UTF_8;
    }
}
