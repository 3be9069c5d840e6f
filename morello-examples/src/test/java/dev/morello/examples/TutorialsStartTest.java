package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Each tutorial's name starts it: {@code Main tutNN --port 0} in a JVM of its own serves its
 * home page, and stops on TERM.
 */
class TutorialsStartTest {
    private static final Pattern SERVING = Pattern.compile("Serving on http://127\\.0\\.0\\.1:(\\d+)");

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "tut01      | Hello world!",
        "tut02      | important message",
        "tut03      | What is your name?",
        "tut04      | Hi, this is the home page!",
        "tut05      | <title>Tutorial 5</title>",
        "tut06      | Remi Delon",
        "tut07      | page 1 times!",
        "hitcounter | page 1 times!",
        "tut08      | Generators rule!",
        "tut09      | Upload a file",
        "tut10      | Toggle tracebacks",
    })
    void servesItsHomePage(String name, String expected) throws Exception {
        Path output = Files.createTempFile("tutorial-" + name + "-", ".out");
        Process p = new ProcessBuilder(ProcessHandle.current().info().command().orElse("java"),
                "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xmx64m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), name, "--port", "0")
                .redirectErrorStream(true).redirectOutput(output.toFile()).start();
        try {
            p.getOutputStream().close();
            int port = awaitServing(p, output);
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertEquals(200, r.statusCode(), r.body());
                assertTrue(r.body().contains(expected), r.body());
            }
            assertTrue(Programs.stop(p, Duration.ofSeconds(20), List.of()), name + " did not stop on TERM:\n"
                    + Programs.read(output));
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(output);
        }
    }

    private static int awaitServing(Process p, Path output) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + Programs.PATIENCE.toNanos();
        while (true) {
            Matcher m = SERVING.matcher(Files.readString(output));
            if (m.find()) {
                return Integer.parseInt(m.group(1));
            }
            if (!p.isAlive() || System.nanoTime() > deadline) {
                throw new IOException("the tutorial did not start serving:\n" + Programs.read(output));
            }
            Thread.sleep(50);
        }
    }
}
