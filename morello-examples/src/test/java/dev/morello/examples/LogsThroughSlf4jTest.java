package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * With an SLF4J provider on the class path (the examples have slf4j-simple, set up in
 * {@code simplelogger.properties} to write to standard output), every line goes through SLF4J:
 * the engine's as {@code morello.engine}, the access lines as {@code morello.access}; Morello
 * writes no console lines of its own beside them. A site that cannot start still ends with its
 * one line on standard error.
 */
class LogsThroughSlf4jTest {
    /** Morello's own console line, which must not appear when SLF4J has a provider. */
    private static final Pattern CONSOLE = Pattern.compile("^\\[[^]]+\\] (ENGINE|HTTP) ");

    private static Process example(String... args) throws IOException {
        String javaBin = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new java.util.ArrayList<>(List.of(javaBin, "-cp", System.getProperty("java.class.path"),
                Main.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        p.getOutputStream().close();
        return p;
    }

    private static StringBuffer drain(InputStream in) {
        StringBuffer text = new StringBuffer();
        Thread.ofPlatform().daemon().start(() -> {
            char[] buffer = new char[4096];
            try (Reader r = new InputStreamReader(in, StandardCharsets.UTF_8)) {
                int n;
                while ((n = r.read(buffer)) >= 0) {
                    text.append(buffer, 0, n);
                }
            } catch (IOException e) {
                // the process ended
            }
        });
        return text;
    }

    private static Matcher await(StringBuffer text, String regex) throws InterruptedException {
        Pattern p = Pattern.compile(regex);
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Matcher m = p.matcher(text);
            if (m.find()) {
                return m;
            }
            Thread.sleep(20);
        }
        fail("nothing matches " + regex + " in:\n" + text);
        return null;
    }

    @Test
    void engineAndAccessLinesGoThroughSlf4jAndNoConsoleLinesBesideThem() throws Exception {
        Process p = example("stringmaker", "--port", "0");
        try {
            StringBuffer out = drain(p.getInputStream());
            StringBuffer err = drain(p.getErrorStream());
            Matcher serving = await(out, "engine - Serving on http://127\\.0\\.0\\.1:(\\d+)");
            int port = Integer.parseInt(serving.group(1));
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + port + "/generate?length=4")).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode());
            await(out, "access - 127\\.0\\.0\\.1 - - \\[[^]]+\\] \"GET /generate\\?length=4 HTTP/1\\.1\" 200 4 ");
            assertTrue(new ProcessBuilder("kill", "-TERM", Long.toString(p.pid())).start().waitFor() == 0);
            assertTrue(p.waitFor(30, TimeUnit.SECONDS));
            Thread.sleep(100);
            await(out, "engine - Bus EXITED");
            for (String line : out.toString().lines().toList()) {
                assertFalse(CONSOLE.matcher(line).find(), "a console line beside SLF4J's: " + line);
            }
            assertEquals("", err.toString(), "nothing on stderr: no console lines, no word from SLF4J");
        } finally {
            p.destroyForcibly();
        }
    }

    @Test
    void aPortInUseEndsWithOneLineAndNoStack() throws Exception {
        try (ServerSocket held = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            Process p = example("stringmaker", "--port", Integer.toString(held.getLocalPort()));
            try {
                StringBuffer out = drain(p.getInputStream());
                StringBuffer err = drain(p.getErrorStream());
                assertTrue(p.waitFor(30, TimeUnit.SECONDS));
                assertEquals(1, p.exitValue());
                Thread.sleep(100);
                String reason = "port " + held.getLocalPort() + " on 127.0.0.1 is in use";
                assertEquals(reason + "\n", err.toString());
                await(out, "engine - " + Pattern.quote(reason));
                assertFalse(out.toString().contains("\tat "), "no stack trace:\n" + out);
            } finally {
                p.destroyForcibly();
            }
        }
    }
}
