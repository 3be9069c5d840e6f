package dev.morello.examples;

import dev.morello.Expose;
import dev.morello.HttpError;
import dev.morello.Morello;
import dev.morello.Param;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * CherryPy's static-content tutorial (tutorial 6) in Java: a page that links a stylesheet, and
 * {@code /static} served from the {@code public} directory by {@code tools.staticdir}. The
 * tutorial keeps the generated string in the session; here (sessions aside) the page keeps the last
 * one for everybody.
 *
 * <pre>
 * GET /                    a form, styled by /static/css/style.css
 * GET /generate?length=N   a new string of N distinct characters (8 by default), kept
 * GET /display             the string kept
 * GET /static/css/style.css
 * </pre>
 */
public class StaticStringGenerator {
    private final StringMaker maker = new StringMaker();
    private final AtomicReference<String> kept = new AtomicReference<>();

    @Expose
    public String index() {
        return """
                <html>
                  <head>
                    <link href="/static/css/style.css" rel="stylesheet">
                  </head>
                  <body>
                    <form method="get" action="generate">
                      <input type="text" value="8" name="length" />
                      <button type="submit">Give it now!</button>
                    </form>
                  </body>
                </html>""";
    }

    @Expose
    public String generate(@Param(defaultValue = "8") int length) {
        String s = maker.generate(length);
        kept.set(s);
        return s;
    }

    @Expose
    public String display() {
        String s = kept.get();
        if (s == null) {
            throw new HttpError(404, "Nothing generated yet.");
        }
        return s;
    }

    /** The tutorial's config: {@code /static} from {@code public} below the root directory. */
    public static Map<String, Map<String, Object>> config(Path root) {
        return Map.of(
                "/", Map.of("tools.staticdir.root", root.toAbsolutePath().toString()),
                "/static", Map.of("tools.staticdir.on", true, "tools.staticdir.dir", "./public"));
    }

    /**
     * The directory holding {@code public}: the working directory when it has one (as in the
     * tutorial), else a copy of the example's own files.
     */
    public static Path root() {
        Path cwd = Path.of("").toAbsolutePath();
        if (Files.isDirectory(cwd.resolve("public"))) {
            return cwd;
        }
        try {
            Path dir = Files.createTempDirectory("morello-tutorial-");
            Path css = dir.resolve("public/css/style.css");
            Files.createDirectories(css.getParent());
            try (InputStream in = StaticStringGenerator.class.getResourceAsStream("public/css/style.css")) {
                Files.copy(in, css);
            }
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static void main(String[] args) {
        Morello.quickstart(new StaticStringGenerator(), "", config(root()));
    }
}
