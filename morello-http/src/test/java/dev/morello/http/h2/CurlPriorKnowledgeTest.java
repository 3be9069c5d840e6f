package dev.morello.http.h2;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.http.HttpServer;
import dev.morello.http.testing.TestServers;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** RFC 9113 §3.3: a real client, curl, speaking h2c by prior knowledge; and showing our trailers (§8.1). */
@Timeout(120)
class CurlPriorKnowledgeTest {
    @RegisterExtension
    final TestServers servers = new TestServers();

    /** curl is on every machine the build runs on (the TLS tests use it too): one without HTTP/2 fails here. */
    private static void assertCurlSpeaksHttp2() throws Exception {
        Process p;
        try {
            p = new ProcessBuilder("curl", "-V").redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new AssertionError("curl is needed for this test (Debian: apt-get install curl)", e);
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertTrue(out.contains("HTTP2"), () -> "this curl has no HTTP/2:\n" + out);
    }

    @Test
    void curlGetsAPageAndPostsABody() throws Exception {
        assertCurlSpeaksHttp2();
        HttpServer s = servers.start(b -> b.http2(true), ex -> {
            byte[] body = ex.body().readAllBytes();
            ex.send(200, (ex.method() + " " + ex.path() + " " + ex.version() + " " + body.length).getBytes(StandardCharsets.UTF_8));
        });
        String base = "http://127.0.0.1:" + s.port();
        // one URL per run: curl 7.88 fails to reuse a prior-knowledge connection (its issue 10634)
        Process p = new ProcessBuilder("curl", "-sS", "--http2-prior-knowledge", "--max-time", "30",
                "-w", "\\n%{http_version}\\n", base + "/a?q=1").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        assertEquals("GET /a HTTP/2.0 0\n2\n", out);

        Process post = new ProcessBuilder("curl", "-sS", "--http2-prior-knowledge", "--max-time", "30",
                "--data-binary", "x".repeat(100_000), base + "/p").redirectErrorStream(true).start();
        String posted = new String(post.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(post.waitFor(60, TimeUnit.SECONDS));
        assertEquals("POST /p HTTP/2.0 100000", posted);
    }

    @Test
    void curlShowsTheResponseTrailers() throws Exception {
        assertCurlSpeaksHttp2();
        HttpServer s = servers.start(b -> b.http2(true), ex -> {
            ex.responseHeaders().set("Trailer", "X-Checksum");
            try (OutputStream o = ex.start(200, -1)) {
                o.write("body\n".getBytes(StandardCharsets.US_ASCII));
                ex.responseTrailers().set("X-Checksum", "abc123");
            }
        });
        Process p = new ProcessBuilder("curl", "-sS", "-v", "--http2-prior-knowledge", "--max-time", "30",
                "http://127.0.0.1:" + s.port() + "/").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), out);
        // after the header section and the data, as curl reports what it reads
        int header = out.indexOf("< server: Morello");
        assertTrue(header >= 0 && out.indexOf("< x-checksum: abc123") > header, out);
    }
}
