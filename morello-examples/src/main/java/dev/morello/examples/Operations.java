package dev.morello.examples;

import dev.morello.Config;
import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Part;
import dev.morello.Response;
import dev.morello.health.Health;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A site with a little of everything a production site serves, for soak and storm tests
 * ({@code bench/soak.sh}, {@code bench/slowloris.sh}): a short text, a form, an upload, static
 * files, a compressed page and health probes, each answer easy for a client to check.
 *
 * <pre>
 * java -jar morello-examples.jar operations --port 8080
 *
 * GET  /plaintext            "Hello, World!" (text/plain)
 * POST /form                 name, quantity (an integer), note, form-encoded; answers what it got:
 *                            "name=N\nquantity=Q\nnote=T\n" (text/plain)
 * POST /upload               multipart/form-data with a part named file; answers its size:
 *                            "size=102400\n" (text/plain); a large part is spooled to a temporary
 *                            file, deleted when the request ends
 * GET  /static/data-64k.bin  64 KiB of bytes, by the static-directory tool (ranges, ETag,
 *                            Last-Modified), from a directory the example writes at start
 * GET  /page                 a 20 KiB HTML page, gzip-compressed for a client that accepts it
 *                            (tools.gzip)
 * GET  /health/live, /health/ready   liveness and readiness ({@link Health})
 * </pre>
 *
 * The static file's bytes and the page are the same in every run ({@link #staticFile} and
 * {@link #PAGE}), so a client may fetch each once and compare what it gets later. The directory
 * the example writes is deleted when the JVM exits normally (SIGTERM included).
 */
public class Operations {
    /** The answer to {@code GET /plaintext}. */
    public static final String PLAINTEXT = "Hello, World!";

    /** The name of the static file, below {@code /static/}. */
    public static final String STATIC_FILE = "data-64k.bin";

    /** The static file's size. */
    public static final int STATIC_BYTES = 64 * 1024;

    /** The most bytes {@link #PAGE} may have. */
    public static final int PAGE_BYTES = 20 * 1024;

    /** The HTML page at {@code /page}. */
    public static final String PAGE = page();

    private static final String TEXT_PLAIN = "text/plain;charset=utf-8";
    private static final byte[] PAGE_BYTES_UTF8 = PAGE.getBytes(StandardCharsets.UTF_8);

    /** Liveness and readiness of the engine running the site: {@code /health/live}, {@code /health/ready}. */
    public final Health health = new Health(Morello.engine());

    @Expose
    public String plaintext(Response response) {
        response.headers().set("Content-Type", TEXT_PLAIN);
        return PLAINTEXT;
    }

    /** What a form sent, a field a line; the fields are bound from the form-encoded body. */
    @Expose
    @Config({"tools.allow.on = True", "tools.allow.methods = ['POST']"})
    public String form(Response response, String name, int quantity, String note) {
        response.headers().set("Content-Type", TEXT_PLAIN);
        return "name=" + name + "\nquantity=" + quantity + "\nnote=" + note + "\n";
    }

    /** The size of the uploaded part, read a block at a time as a large file would be. */
    @Expose
    @Config({"tools.allow.on = True", "tools.allow.methods = ['POST']"})
    public String upload(Response response, Part file) throws IOException {
        long size = 0;
        byte[] block = new byte[8192];
        try (InputStream in = file.open()) {
            for (int n = in.read(block); n >= 0; n = in.read(block)) {
                size += n;
            }
        }
        response.headers().set("Content-Type", TEXT_PLAIN);
        return "size=" + size + "\n";
    }

    /** The page; compressed by the gzip tool the config turns on for it. */
    @Expose
    public byte[] page(Response response) {
        response.headers().set("Content-Type", "text/html;charset=utf-8");
        return PAGE_BYTES_UTF8;
    }

    /**
     * The site's config: {@code /static} served from {@code staticDir} (as {@link #writeStaticFiles}
     * wrote it), and the gzip tool on for {@code /page}.
     */
    public static Map<String, Map<String, Object>> config(Path staticDir) {
        return Map.of(
                "/static", Map.of("tools.staticdir.on", true, "tools.staticdir.dir", staticDir.toAbsolutePath().toString()),
                "/page", Map.of("tools.gzip.on", true, "tools.gzip.mime_types", List.of("text/html")));
    }

    /**
     * Writes the static directory into a new temporary directory and returns it; it is deleted
     * when the JVM exits normally.
     */
    public static Path writeStaticFiles() {
        try {
            Path dir = Files.createTempDirectory("morello-operations-");
            Path file = dir.resolve(STATIC_FILE);
            // registered before the file: deleteOnExit deletes in the reverse order
            dir.toFile().deleteOnExit();
            Files.write(file, staticFile());
            file.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The static file's bytes: from a seeded {@link Random}, whose sequence the JDK specifies. */
    public static byte[] staticFile() {
        byte[] bytes = new byte[STATIC_BYTES];
        new Random(STATIC_BYTES).nextBytes(bytes);
        return bytes;
    }

    /**
     * A table of orders, one row per order, rows added while the page stays within
     * {@link #PAGE_BYTES}; its markup repeats with varying numbers, as a rendered page's does.
     */
    private static String page() {
        String end = "</tbody>\n</table>\n</body>\n</html>\n";
        StringBuilder html = new StringBuilder(PAGE_BYTES);
        html.append("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
                + "<title>Orders</title>\n</head>\n<body>\n<h1>Orders</h1>\n<table class=\"orders\">\n"
                + "<thead><tr><th>Order</th><th>Customer</th><th>Items</th><th>Total</th></tr></thead>\n<tbody>\n");
        for (int i = 1; ; i++) {
            String row = "<tr class=\"order\"><td>#" + (10_000 + i) + "</td><td>customer-" + (i * 7919 % 1000)
                    + "</td><td>" + (1 + i % 9) + "</td><td>" + (i * 37 % 500) + "." + Integer.toString(100 + i * 13 % 100).substring(1)
                    + "</td></tr>\n";
            if (html.length() + row.length() + end.length() > PAGE_BYTES) {
                break;
            }
            html.append(row);
        }
        return html.append(end).toString();
    }

    /** Serves the site on 127.0.0.1:8080. */
    public static void main(String[] args) {
        Morello.quickstart(new Operations(), "", config(writeStaticFiles()));
    }
}
