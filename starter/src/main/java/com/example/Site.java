package com.example;

import dev.morello.Expose;
import dev.morello.Morello;
import dev.morello.Param;
import java.nio.file.Path;

/**
 * The site: a home page and a greeting. {@code main} serves it on http://127.0.0.1:8080 with the
 * application config of {@code site.conf}; the test mounts the same root with the same file.
 */
public class Site {
    @Expose
    public String index() {
        return "Hello from the starter!";
    }

    @Expose
    public String greet(@Param(defaultValue = "stranger") String name) {
        return "Hello, " + name + "!";
    }

    /** The application config: a file beside the pom, read from the directory Maven runs in. */
    static final Path CONFIG = Path.of("site.conf");

    public static void main(String[] args) {
        Morello.quickstart(new Site(), "", CONFIG);
    }
}
