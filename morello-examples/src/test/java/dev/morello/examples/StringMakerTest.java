package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The StringMaker example as users run it: the launcher in its own JVM on a free port, asked over
 * HTTP by a real client, then stopped with TERM.
 */
class StringMakerTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private static final Pattern SERVING = Pattern.compile("Serving on http://127\\.0\\.0\\.1:(\\d+)");
    private static Process process;
    private static int port;
    private static final StringBuilder OUTPUT = new StringBuilder();

    @BeforeAll
    static void launch() throws Exception {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        process = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                Main.class.getName(), "stringmaker", "--port", "0")
                .redirectErrorStream(true).start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        String line;
        while (System.nanoTime() < deadline && (line = out.readLine()) != null) {
            OUTPUT.append(line).append('\n');
            Matcher m = SERVING.matcher(line);
            if (m.find()) {
                port = Integer.parseInt(m.group(1));
                break;
            }
        }
        assertTrue(port > 0, "the example did not say where it serves:\n" + OUTPUT);
        Thread drain = new Thread(() -> {
            try {
                out.transferTo(java.io.Writer.nullWriter());
            } catch (java.io.IOException e) {
                // the process ended
            }
        });
        drain.setDaemon(true);
        drain.start();
    }

    @AfterAll
    static void stop() throws Exception {
        if (process != null) {
            process.destroy();
            assertTrue(process.waitFor(10, TimeUnit.SECONDS), "the example did not stop on TERM");
            process.destroyForcibly();
        }
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static void assertDistinctHexDigits(String s, int length) {
        assertEquals(length, s.length(), s);
        Set<Character> seen = new HashSet<>();
        for (char c : s.toCharArray()) {
            assertTrue(StringMaker.HEXDIGITS.indexOf(c) >= 0, "not a hex digit: " + c);
            assertTrue(seen.add(c), "repeated character in " + s);
        }
    }

    @Test
    void greetsAtTheRoot() throws Exception {
        HttpResponse<String> r = get("/");
        assertEquals(200, r.statusCode());
        assertEquals("Hello! How are you?", r.body());
        assertEquals("text/html;charset=utf-8", r.headers().firstValue("Content-Type").orElseThrow());
    }

    @Test
    void generatesNineDistinctCharactersByDefault() throws Exception {
        HttpResponse<String> r = get("/generate");
        assertEquals(200, r.statusCode());
        assertDistinctHexDigits(r.body(), 9);
    }

    @Test
    void takesTheLengthFromTheQueryOrThePath() throws Exception {
        assertDistinctHexDigits(get("/generate?length=4").body(), 4);
        assertDistinctHexDigits(get("/generate/12").body(), 12);
        assertDistinctHexDigits(get("/generate?length=22").body(), 22);
    }

    @Test
    void refusesLengthsItCannotServe() throws Exception {
        for (String path : List.of("/generate?length=abc", "/generate?length=23", "/generate/-1")) {
            HttpResponse<String> r = get(path);
            assertEquals(400, r.statusCode(), path + ": " + r.body());
        }
        assertEquals(404, get("/generate?colour=red").statusCode());
        assertEquals(404, get("/nowhere").statusCode());
    }

    @Test
    void drawsDifferentStringsEachTime() throws Exception {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 5; i++) {
            seen.add(get("/generate").body());
        }
        assertTrue(seen.size() > 1, "five draws gave one string");
    }
}
