package dev.morello.bench;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Jetty bench server with a static directory, as bench/run.sh's static lines start it: the
 * files under {@code /static/} byte for byte, no directory listing, and the endpoints unchanged.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(20)
class JettyStaticFilesTest {
    private final byte[] file = new byte[1024];
    private final HttpClient client = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private JettyServer server;
    private int port;

    @BeforeAll
    void start(@TempDir Path dir) throws Exception {
        new Random(1).nextBytes(file);
        Files.write(dir.resolve("static-1k.bin"), file);
        FreePorts.Started started = FreePorts.start(() -> new JettyServer(dir, null));
        server = (JettyServer) started.server();
        port = started.port();
    }

    @AfterAll
    void stop() {
        server.close();
    }

    @Test
    void servesTheFileByteForByte() throws Exception {
        HttpResponse<byte[]> response = get("/static/static-1k.bin");
        assertEquals(200, response.statusCode());
        assertArrayEquals(file, response.body());
    }

    @Test
    void refusesToListTheDirectory() throws Exception {
        assertEquals(403, get("/static/").statusCode());
    }

    @Test
    void answersMissingFilesWith404() throws Exception {
        assertEquals(404, get("/static/missing.bin").statusCode());
    }

    @Test
    void keepsTheEndpoints() throws Exception {
        HttpResponse<byte[]> response = get("/plaintext");
        assertEquals(200, response.statusCode());
        assertEquals("Hello, World!", new String(response.body(), StandardCharsets.US_ASCII));
    }

    private HttpResponse<byte[]> get(String path) throws IOException, InterruptedException {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5))
                .build();
        return client.send(request, HttpResponse.BodyHandlers.ofByteArray());
    }
}
