package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CherryPy's static-content tutorial, driven over HTTP by a real client. */
class StaticStringGeneratorTest {
    private static final HttpClient CLIENT = HttpClient.newHttpClient();

    @TempDir
    static Path root;

    @BeforeAll
    static void serve() throws Exception {
        Path css = root.resolve("public/css/style.css");
        Files.createDirectories(css.getParent());
        Files.writeString(css, "body {\n  background-color: blue;\n}\n");
        Morello.reset();
        Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
        Morello.tree().mount(new StaticStringGenerator(), "", StaticStringGenerator.config(root));
        Morello.engine().start();
    }

    @AfterAll
    static void stop() {
        Morello.reset();
    }

    private static HttpResponse<String> get(String path) throws Exception {
        return CLIENT.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + Morello.server().port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void thePageLinksTheStylesheetWhichIsServedFromPublic() throws Exception {
        assertTrue(get("/").body().contains("<link href=\"/static/css/style.css\" rel=\"stylesheet\">"));
        HttpResponse<String> css = get("/static/css/style.css");
        assertEquals(200, css.statusCode());
        assertEquals("body {\n  background-color: blue;\n}\n", css.body());
        assertTrue(css.headers().firstValue("Content-Type").orElseThrow().startsWith("text/css"));
        assertTrue(css.headers().firstValue("Last-Modified").isPresent());
        assertTrue(css.headers().firstValue("ETag").isPresent());
    }

    @Test
    void generateThenDisplay() throws Exception {
        String s = get("/generate?length=5").body();
        assertEquals(5, s.length());
        assertEquals(s, get("/display").body());
    }

    @Test
    void missingStaticFilesAndTraversalAreRefused() throws Exception {
        assertEquals(404, get("/static/css/nothing.css").statusCode());
        int status = get("/static/%2e%2e/%2e%2e/etc/passwd").statusCode();
        assertTrue(status == 403 || status == 404, "got " + status);
    }
}
