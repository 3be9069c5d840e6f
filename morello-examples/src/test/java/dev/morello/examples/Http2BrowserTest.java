package dev.morello.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Response;
import dev.morello.http.HttpVersion;
import dev.morello.test.Mount;
import dev.morello.test.MorelloTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * A page with 50 subresources, loaded by headless Chromium from a site serving HTTPS with
 * {@code server.http2} on (ALPN offers h2): the browser's own record of each load
 * (Resource Timing's {@code nextHopProtocol}) says {@code h2} for the page and all 50, and the
 * site saw every one of them as an HTTP/2.0 request.
 */
@MorelloTest
@Timeout(180)
class Http2BrowserTest {
    private static final int SUBRESOURCES = 50;
    /** The protocol of each image request, as the site saw it. */
    private static final Map<Integer, HttpVersion> SEEN = new ConcurrentHashMap<>();

    public static class Gallery {
        @Expose
        public String index() {
            StringBuilder page = new StringBuilder("<!doctype html><html><head><title>gallery</title></head><body>");
            for (int i = 0; i < SUBRESOURCES; i++) {
                page.append("<img width=16 height=16 alt='' src='/tile?n=").append(i).append("'>");
            }
            return page.append("</body></html>").toString();
        }

        @Expose
        public String tile(int n, Response response) {
            SEEN.put(n, Morello.request().protocol());
            response.headers().set("Content-Type", "image/svg+xml");
            int hue = n * 360 / SUBRESOURCES;
            return "<svg xmlns='http://www.w3.org/2000/svg' width='16' height='16'>"
                    + "<rect width='16' height='16' fill='hsl(" + hue + ",70%,50%)'/></svg>";
        }
    }

    @Mount
    static void site() throws Exception {
        Path dir = Files.createTempDirectory("morello-h2-browser");
        Path cert = dir.resolve("cert.pem");
        Path key = dir.resolve("privkey.pem");
        openssl("req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:P-256", "-nodes", "-keyout", key.toString(),
                "-out", cert.toString(), "-days", "3", "-subj", "/CN=localhost",
                "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1");
        Morello.config().update(Map.of(
                "server.ssl_module", "builtin",
                "server.ssl_certificate", cert.toString(),
                "server.ssl_private_key", key.toString(),
                "server.http2", true));
        Morello.tree().mount(new Gallery());
    }

    private static void openssl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS) && p.exitValue() == 0, "openssl " + command + ": " + out);
    }

    @Test
    void chromiumLoadsAPageAndFiftySubresourcesOverH2() {
        int port = Morello.server().httpServer().port();
        // the certificate is the test's own: Chromium is told to accept it
        ChromeDriver browser = Browsers.headlessChromium("--ignore-certificate-errors");
        try {
            browser.get("https://127.0.0.1:" + port + "/");
            WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(60));
            wait.until(b -> Boolean.TRUE.equals(browser.executeScript(
                    "return document.readyState === 'complete' && Array.from(document.images).every(i => i.complete && i.naturalWidth > 0)")));
            Object navigation = browser.executeScript(
                    "return performance.getEntriesByType('navigation')[0].nextHopProtocol");
            @SuppressWarnings("unchecked")
            List<Object> resources = (List<Object>) browser.executeScript(
                    "return performance.getEntriesByType('resource').filter(e => e.name.includes('/tile')).map(e => e.nextHopProtocol)");
            assertEquals("h2", navigation, "the page's protocol, as Chromium records it");
            assertEquals(SUBRESOURCES, resources.size(), "subresources loaded");
            assertEquals(Set.of("h2"), Set.copyOf(resources), "each subresource's protocol, as Chromium records it");
            assertEquals(SUBRESOURCES, SEEN.size(), "subresources the site served");
            assertEquals(Set.of(HttpVersion.HTTP_2_0), Set.copyOf(SEEN.values()), "the protocol of each, as the site saw it");
        } finally {
            browser.quit();
        }
    }
}
