package dev.morello.bench;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Request;
import dev.morello.Response;
import dev.morello.sessions.Session;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The bench through Morello's framework: an object tree behind the default object dispatcher,
 * with the request lifecycle, config and default tools as a user's app has them. Access logging is
 * off ({@code log.screen = False}, no log files), as for the peers.
 *
 * <p>Besides the TechEmpower endpoints the app serves a 20 KiB HTML page three times, from one
 * handler: at {@code /page} as it is, at {@code /gz/page} under a {@code /gz} section that turns
 * the gzip tool on, so that the two lines differ by the compression alone, and at
 * {@code /gzc/page} under a {@code /gzc} section that also turns the caching tool on, as a site
 * compresses a page once and serves the stored bytes:
 *
 * <pre>{@code
 * Map.of("/gz", Map.of("tools.gzip.on", true, "tools.gzip.mime_types", List.of("text/html")))
 * Map.of("/gzc", Map.of("tools.gzip.on", true, "tools.gzip.mime_types", List.of("text/html"),
 *         "tools.caching.on", true))
 * }</pre>
 *
 * <p>For the session lines, one handler that reads and writes a small session value is mounted
 * four times: at {@code /sess/none/count} without sessions, at {@code /sess/ram/count} and
 * {@code /sess/file/count} with RAM and file sessions (the files in {@code bench.sessions.dir},
 * a temporary directory when not given), and, when {@code bench.redis.url} names a Redis, at
 * {@code /sess/redis/count} with Redis sessions ({@code morello-redis}):
 *
 * <pre>{@code
 * Map.of("/sess/ram", Map.of("tools.sessions.on", true))
 * Map.of("/sess/file", Map.of("tools.sessions.on", true, "tools.sessions.storage_type", "file",
 *         "tools.sessions.storage_path", dir))
 * Map.of("/sess/redis", Map.of("tools.sessions.on", true, "tools.sessions.storage_type", "redis",
 *         "tools.sessions.redis_url", url))
 * }</pre>
 *
 * <p>Given a static directory ({@link BenchServer#staticDir()}), the app's config also has a
 * {@code /static} section with the static-directory tool on, as a CherryPy site serves its
 * files:
 *
 * <pre>{@code
 * Map.of("/static", Map.of("tools.staticdir.on", true, "tools.staticdir.dir", "/abs/dir"))
 * }</pre>
 */
final class MorelloFrameworkServer implements BenchServer {
    static final String TEXT_HTML = "text/html;charset=utf-8";

    /** The most bytes the HTML page may have: its rows stop before the one that would pass it. */
    static final int PAGE_BYTES = 20 * 1024;

    /** The node serving the HTML page; the app is one, and has another at {@code gz}. */
    public static class Pages {
        @Expose
        public byte[] page(Response response) {
            response.headers().set("Content-Type", TEXT_HTML);
            return PAGE;
        }
    }

    /**
     * The session lines' handler: counts the visits of a session, reading and writing one small
     * value; where sessions are off it answers the same without one.
     */
    public static class Visits {
        @Expose
        public byte[] count(Request request, Response response) {
            response.headers().set("Content-Type", Payloads.TEXT_PLAIN);
            Session session = request.attribute(Session.ATTRIBUTE);
            if (session == null) {
                return ONE;
            }
            int n = session.getInt("visits", 0) + 1;
            session.put("visits", n);
            return Integer.toString(n).getBytes(StandardCharsets.US_ASCII);
        }
    }

    private static final byte[] ONE = {'1'};

    /** {@code /sess/none}, {@code /sess/ram}, {@code /sess/file} and {@code /sess/redis}. */
    public static final class SessionLines {
        public final Visits none = new Visits();
        public final Visits ram = new Visits();
        public final Visits file = new Visits();
        public final Visits redis = new Visits();
    }

    /** The app: plaintext, json and page, found by the object dispatcher, gz/page and gzc/page. */
    public static final class App extends Pages {
        /** The session lines' handlers. */
        public final SessionLines sess = new SessionLines();
        /** {@code /gz/page}: the same handler, under the {@code /gz} section's gzip tool. */
        public final Pages gz = new Pages();
        /** {@code /gzc/page}: the same handler, under the {@code /gzc} section's gzip and caching tools. */
        public final Pages gzc = new Pages();

        @Expose
        public byte[] plaintext(Response response) {
            response.headers().set("Content-Type", Payloads.TEXT_PLAIN);
            return Payloads.PLAINTEXT;
        }

        @Expose
        public byte[] json(Response response) {
            response.headers().set("Content-Type", Payloads.APPLICATION_JSON);
            return Payloads.json();
        }
    }

    private final Path staticDir;
    private final boolean statistics;

    MorelloFrameworkServer() {
        this(null, false);
    }

    /**
     * With {@code staticDir} null, no {@code /static} section; with {@code statistics}, the
     * cpstats tool on for the whole app (the name {@code morello-fw-stats}: what statistics cost).
     */
    MorelloFrameworkServer(Path staticDir, boolean statistics) {
        this.staticDir = staticDir;
        this.statistics = statistics;
    }

    @Override
    public void start(String host, int port) {
        // no access lines: the peers write none, and at full load they would be gigabytes
        Morello.config().update(Map.of("server.socket_host", host, "server.socket_port", port, "log.screen", false));
        Map<String, Object> config = new LinkedHashMap<>();
        config.put("/gz", Map.of("tools.gzip.on", true, "tools.gzip.mime_types", List.of("text/html")));
        config.put("/gzc", Map.of("tools.gzip.on", true, "tools.gzip.mime_types", List.of("text/html"),
                "tools.caching.on", true));
        config.put("/sess/ram", Map.of("tools.sessions.on", true));
        config.put("/sess/file", Map.of("tools.sessions.on", true, "tools.sessions.storage_type", "file",
                "tools.sessions.storage_path", sessionsDir().toString()));
        String redis = System.getProperty("bench.redis.url");
        if (redis != null && !redis.isEmpty()) {
            config.put("/sess/redis", Map.of("tools.sessions.on", true, "tools.sessions.storage_type", "redis",
                    "tools.sessions.redis_url", redis));
        }
        if (staticDir != null) {
            config.put("/static", Map.of("tools.staticdir.on", true, "tools.staticdir.dir", staticDir.toString()));
        }
        if (statistics) {
            // the cpstats tool on the whole app: every request counted by path template and timed
            config.put("/", Map.of("tools.cpstats.on", true));
        }
        Morello.tree().mount(new App(), "", config);
        Morello.engine().start();
    }

    /** The file sessions' directory: {@code bench.sessions.dir}, made if missing, or a temporary one. */
    private static Path sessionsDir() {
        try {
            String dir = System.getProperty("bench.sessions.dir");
            if (dir == null || dir.isEmpty()) {
                Path tmp = Files.createTempDirectory("morello-bench-sessions");
                tmp.toFile().deleteOnExit();
                return tmp;
            }
            return Files.createDirectories(Path.of(dir));
        } catch (IOException e) {
            throw new UncheckedIOException("no directory for the file sessions", e);
        }
    }

    @Override
    public String description() {
        String redis = System.getProperty("bench.redis.url");
        return "Morello framework, object dispatcher (virtual thread per connection); tools.gzip for /gz, tools.gzip and tools.caching for /gzc"
                + "; tools.sessions for /sess/ram, /sess/file" + (redis == null || redis.isEmpty() ? "" : ", /sess/redis at " + redis)
                + (staticDir == null ? "" : "; tools.staticdir for /static from " + staticDir)
                + (statistics ? "; tools.cpstats on for the whole app" : "");
    }

    @Override
    public void close() {
        Morello.engine().exit();
        // the framework's state is the process's: cleared, so another framework server may start
        Morello.reset();
    }

    private static final String[] ADJECTIVES = {"Quiet", "Northern", "Hidden", "Last", "Silver", "Broken",
        "Distant", "Winter", "Paper", "Salt", "Golden", "Small", "Burning", "Open", "Lost", "Green"};
    private static final String[] NOUNS = {"Harbour", "Orchard", "Lantern", "River", "Garden", "Engine", "Atlas",
        "Archive", "Meridian", "Island", "Kingdom", "Letters", "Compass", "Tide", "Machine", "Summer"};
    private static final String[] FIRST_NAMES = {"Ada", "Tomas", "Mei", "Olu", "Ines", "Ravi", "Greta", "Jonah",
        "Amara", "Luca", "Noor", "Pavel", "Sofia", "Kenji", "Elif", "Marek"};
    private static final String[] LAST_NAMES = {"Lindqvist", "Okafor", "Moreau", "Tanaka", "Castillo", "Novak",
        "Haddad", "Brennan", "Sorensen", "Ibarra", "Keller", "Adeyemi", "Rossi", "Varga", "Whitlock", "Chen"};
    private static final String[] SUBJECTS = {"Fiction", "History", "Travel", "Poetry", "Science", "Cookery",
        "Biography", "Children"};
    private static final String[] STOCK = {"in-stock", "in-stock", "in-stock", "low", "preorder"};

    /** Built once, after the words it draws on; the same bytes in every JVM, so runs compress alike. */
    static final byte[] PAGE = htmlPage(PAGE_BYTES);

    /**
     * A shop's list of new books as a server renders it: a head with a style sheet, navigation, a
     * table with one row per book, and a footer. Titles, authors, prices and stock come from a
     * seeded {@link Random}, whose sequence the JDK specifies, so the page repeats its markup as a
     * real one does without being one string repeated. Rows are added while the page stays within
     * {@code maxBytes}; all of it is ASCII.
     */
    static byte[] htmlPage(int maxBytes) {
        StringBuilder html = new StringBuilder(maxBytes);
        html.append("""
                <!DOCTYPE html>
                <html lang="en">
                <head>
                  <meta charset="utf-8">
                  <meta name="viewport" content="width=device-width, initial-scale=1">
                  <title>New arrivals &middot; Harbour Street Books</title>
                  <link rel="stylesheet" href="/assets/site.css">
                  <style>
                    table.books { border-collapse: collapse; width: 100%; }
                    table.books th, table.books td { padding: 0.4em 0.6em; border-bottom: 1px solid #ddd; }
                    td.price { text-align: right; font-variant-numeric: tabular-nums; }
                    .stock-low { color: #b35c00; } .stock-preorder { color: #555; font-style: italic; }
                  </style>
                </head>
                <body>
                <header class="site-header">
                  <a class="logo" href="/">Harbour Street Books</a>
                  <nav>
                    <ul>
                      <li><a href="/new">New arrivals</a></li>
                      <li><a href="/bestsellers">Bestsellers</a></li>
                      <li><a href="/events">Events</a></li>
                      <li><a href="/account">Your account</a></li>
                      <li><a href="/basket">Basket (0)</a></li>
                    </ul>
                  </nav>
                </header>
                <main>
                  <h1>New arrivals</h1>
                  <p class="lead">Books that reached our shelves this month, newest first.</p>
                  <table class="books">
                    <thead>
                      <tr><th>Title</th><th>Author</th><th>Subject</th><th>Year</th><th>Price</th><th>Stock</th><th></th></tr>
                    </thead>
                    <tbody>
                """);
        String tail = """
                    </tbody>
                  </table>
                </main>
                <footer class="site-footer">
                  <p>Harbour Street Books &middot; 14 Harbour Street &middot; Open Monday to Saturday, 9 to 18</p>
                  <p><a href="/about">About us</a> | <a href="/delivery">Delivery &amp; returns</a> | <a href="/privacy">Privacy</a></p>
                </footer>
                </body>
                </html>
                """;
        Random random = new Random(PAGE_BYTES);
        for (int id = 10_001; ; id++) {
            String title = "The " + pick(random, ADJECTIVES) + " " + pick(random, NOUNS);
            String stock = pick(random, STOCK);
            String row = "      <tr id=\"book-" + id + "\">"
                    + "<td class=\"title\"><a href=\"/books/" + id + "\">" + title + "</a></td>"
                    + "<td class=\"author\">" + pick(random, FIRST_NAMES) + " " + pick(random, LAST_NAMES) + "</td>"
                    + "<td>" + pick(random, SUBJECTS) + "</td>"
                    + "<td>" + (1990 + random.nextInt(36)) + "</td>"
                    + "<td class=\"price\">&pound;" + (6 + random.nextInt(24)) + "." + (random.nextBoolean() ? "99" : "49")
                    + "</td>"
                    + "<td class=\"stock-" + stock + "\">" + stock.replace('-', ' ') + "</td>"
                    + "<td><form method=\"post\" action=\"/basket\"><input type=\"hidden\" name=\"book\" value=\"" + id
                    + "\"><button>Add</button></form></td></tr>\n";
            if (html.length() + row.length() + tail.length() > maxBytes) {
                break;
            }
            html.append(row);
        }
        return html.append(tail).toString().getBytes(StandardCharsets.US_ASCII);
    }

    private static String pick(Random random, String[] words) {
        return words[random.nextInt(words.length)];
    }
}
