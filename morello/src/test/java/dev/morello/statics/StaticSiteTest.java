package dev.morello.statics;

import dev.morello.Default;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Param;
import dev.morello.Response;
import dev.morello.testing.Site;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The site the static-file tests talk to, on an ephemeral port, over raw sockets.
 *
 * <pre>
 * BASE/
 *   secret.txt                   TOP SECRET (outside the static root)
 *   static-private/secret.txt    a sibling whose name starts with the root's
 *   static/                      the root served at /static
 *     hello.txt  digits.txt (100 bytes)  big.bin (5 MiB)  empty.txt  future.txt
 *     sub/index.html   noindex/a.txt   style.css  odd.unknownext
 *     link-in  -> static/hello.txt        link-out -> secret.txt
 *     dir-out  -> static-private
 * </pre>
 *
 * Handlers: {@code /file/NAME} serves a file of the root with {@link Static#serveFile(Path)}
 * (any method); {@code /download/NAME?as=...}; {@code /cached/NAME} sets caching fields first;
 * {@code /relative} passes a relative path; anything else goes to {@link Static#staticdir}
 * below {@code /static}, and answers {@code 404 fell through} when it returns false.
 */
abstract class StaticSiteTest {
    static final String HELLO = "Hello, static world!\n";
    static final String SECRET = "TOP SECRET";
    /** digits.txt: 100 bytes, "0123456789" ten times. */
    static final String DIGITS = "0123456789".repeat(10);
    /** The modification time of digits.txt and hello.txt: fractions of a second on purpose. */
    static final Instant MTIME = Instant.parse("2024-01-02T03:04:05.123456789Z");
    static final String MTIME_IMF = "Tue, 02 Jan 2024 03:04:05 GMT";
    static final int BIG = 5 * 1024 * 1024;
    /** The site's clock is pinned here: a single-digit day, so a date written without its zero shows. */
    static final Instant NOW = Instant.parse("2026-12-07T04:07:25Z");
    static final String NOW_IMF = "Mon, 07 Dec 2026 04:07:25 GMT";

    static Path base;
    static Path root;
    static byte[] bigBytes;

    public static class Root {
        @Expose public void file(String... names) {
            Static.serveFile(root.resolve(String.join("/", names)));
        }

        @Expose public void download(String name, @Param(defaultValue = "") String as) {
            Static.serveDownload(root.resolve(name), as.isEmpty() ? null : as);
        }

        @Expose public void inline(String name) {
            Static.serveFile(root.resolve(name), null, "inline", null);
        }

        @Expose public void typed(String name, String type) {
            Static.serveFile(root.resolve(name), type, null, null);
        }

        @Expose public void cached(String name, Response response) {
            response.headers().set("Cache-Control", "max-age=60");
            response.headers().set("Expires", "Wed, 21 Oct 2099 07:28:00 GMT");
            response.headers().set("Vary", "Accept-Encoding");
            Static.serveFile(root.resolve(name));
        }

        @Expose public void relative() {
            Static.serveFile(Path.of("static/hello.txt"));
        }

        @Expose public String staticfile(String name, @Param(defaultValue = "") String from,
                                         @Param(defaultValue = "") String match) {
            if (Static.staticfile(name, from.isEmpty() ? null : from, match, Map.of("txt", "text/x-custom"))) {
                return null;
            }
            Morello.response().status(404);
            return "fell through";
        }

        @Expose public String css(String... path) {
            // only style sheets, below /css, with a type override for .txt
            String section = "/css";
            if (Static.staticdir(section, "static", base.toString(), "\\.(css|txt)$", Map.of("txt", "text/x-notes"), null)) {
                return null;
            }
            Morello.response().status(404);
            return "fell through";
        }

        @Default public String fallback(Map<String, Object> query, String... args) {
            if (Static.staticdir("/static", root.toString(), null, null, null, "index.html")) {
                return null;
            }
            Morello.response().status(404);
            return "fell through";
        }
    }

    @BeforeAll
    static void serve() throws IOException {
        base = Files.createTempDirectory("morello-static").toRealPath();
        root = Files.createDirectory(base.resolve("static"));
        Files.writeString(base.resolve("secret.txt"), SECRET);
        Files.createDirectory(base.resolve("static-private"));
        Files.writeString(base.resolve("static-private/secret.txt"), SECRET);

        Files.writeString(root.resolve("hello.txt"), HELLO);
        Files.setLastModifiedTime(root.resolve("hello.txt"), FileTime.from(MTIME));
        Files.writeString(root.resolve("digits.txt"), DIGITS);
        Files.setLastModifiedTime(root.resolve("digits.txt"), FileTime.from(MTIME));
        Files.writeString(root.resolve("empty.txt"), "");
        Files.writeString(root.resolve("future.txt"), "from the future");
        Files.setLastModifiedTime(root.resolve("future.txt"), FileTime.from(NOW.plusSeconds(86_400 * 365)));
        Files.writeString(root.resolve("style.css"), "body { color: red }");
        Files.writeString(root.resolve("odd.unknownext"), "?");
        bigBytes = new byte[BIG];
        for (int i = 0; i < BIG; i++) {
            bigBytes[i] = (byte) (i * 31 + (i >>> 11));
        }
        Files.write(root.resolve("big.bin"), bigBytes);
        Files.createDirectory(root.resolve("sub"));
        Files.writeString(root.resolve("sub/index.html"), "<p>sub index</p>");
        Files.writeString(root.resolve("index.html"), "<p>root index</p>");
        Files.createDirectory(root.resolve("noindex"));
        Files.writeString(root.resolve("noindex/a.txt"), "a");
        Files.createSymbolicLink(root.resolve("link-in"), root.resolve("hello.txt"));
        Files.createSymbolicLink(root.resolve("link-out"), base.resolve("secret.txt"));
        Files.createSymbolicLink(root.resolve("dir-out"), base.resolve("static-private"));

        Site.start(() -> {
            Morello.clock(Clock.fixed(NOW, ZoneOffset.UTC));
            Morello.tree().mount(new Root());
        });
    }

    @AfterAll
    static void stop() throws IOException {
        Site.stop();
        try (Stream<Path> all = Files.walk(base)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A request with the method, target and extra header lines ({@code "Range: bytes=0-1"}). */
    static Site.Reply send(String method, String target, String... headerLines) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append(method).append(' ').append(target).append(" HTTP/1.1\r\n")
                .append("Host: 127.0.0.1:").append(Site.port()).append("\r\n")
                .append("Connection: close\r\n");
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        b.append("\r\n");
        return Site.request(b.toString());
    }

    static Site.Reply get(String target, String... headerLines) throws IOException {
        return send("GET", target, headerLines);
    }

    static Site.Reply head(String target, String... headerLines) throws IOException {
        return send("HEAD", target, headerLines);
    }

    /** An HTTP/1.0 GET with extra header lines. */
    static Site.Reply get10(String target, String... headerLines) throws IOException {
        StringBuilder b = new StringBuilder("GET " + target + " HTTP/1.0\r\n");
        for (String h : headerLines) {
            b.append(h).append("\r\n");
        }
        return Site.request(b.append("\r\n").toString());
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }
}
