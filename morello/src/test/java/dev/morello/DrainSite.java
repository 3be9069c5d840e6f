package dev.morello;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/**
 * The site the drain test stops with SIGTERM, in a JVM of its own through the launcher: each
 * request {@code /r?id=X} is written to the file named by {@code -Ddrain.handled} (one line, as
 * it is handled) and answered with its id.
 */
public class DrainSite {
    private static final FileOutputStream HANDLED;

    static {
        try {
            HANDLED = new FileOutputStream(System.getProperty("drain.handled"), true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Expose
    public String r(String id) throws IOException {
        byte[] line = (id + "\n").getBytes(StandardCharsets.US_ASCII);
        synchronized (HANDLED) {
            HANDLED.write(line);
        }
        return id;
    }

    public static void main(String[] args) {
        Morellod.main(args);
    }
}
