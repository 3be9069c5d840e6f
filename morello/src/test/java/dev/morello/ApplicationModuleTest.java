package dev.morello;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.engine.Bus;
import dev.morello.http.HttpServer;
import dev.morello.testing.Javac;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;

/**
 * An application that is a module, run as users run one: the framework's modules and the
 * application on a child JVM's module path. A package the application does not open to
 * {@code dev.morello} fails at mount with the exact line to add, not on the first request.
 *
 * <p>The tests themselves run on the class path, where every package is open to everyone, so
 * only another JVM shows what the module system refuses.
 */
class ApplicationModuleTest {
    private static final String MAIN = """
            package com.example.app;

            import dev.morello.Expose;
            import dev.morello.Morello;
            import java.net.HttpURLConnection;
            import java.net.URI;
            import java.util.Map;

            public class Main {
                public Pages pages = new Pages();

                @Expose public String index() { return "home"; }

                public static void main(String[] args) throws Exception {
                    Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
                    Morello.tree().mount(new Main());
                    System.out.println("mounted");
                    Morello.engine().start();
                    try {
                        for (String path : new String[] {"/", "/pages/about"}) {
                            URI uri = URI.create("http://127.0.0.1:" + Morello.server().port() + path);
                            HttpURLConnection c = (HttpURLConnection) uri.toURL().openConnection();
                            int status = c.getResponseCode();
                            String body = status < 400 ? new String(c.getInputStream().readAllBytes()) : "";
                            System.out.println("GET " + path + " " + status + " " + body);
                        }
                    } finally {
                        Morello.engine().exit();
                    }
                }
            }
            """;

    private static final String PAGES = """
            package com.example.app;

            import dev.morello.Expose;

            public class Pages {
                @Expose public String about() { return "about us"; }
            }
            """;

    @TempDir
    Path dir;

    /** What the child printed (stdout and stderr) and how it ended. */
    record Run(int exit, String output) {
    }

    /** Compiles the application as a module with this descriptor body and runs it on the module path. */
    private Run run(String descriptorLines) throws Exception {
        String modulePath = String.join(File.pathSeparator, Javac.location(Morello.class),
                Javac.location(HttpServer.class), Javac.location(Bus.class), Javac.location(LoggerFactory.class));
        Path classes = Javac.compileModule(dir, Map.of(
                "module-info.java", "module com.example.app {\n    requires dev.morello;\n" + descriptorLines + "}\n",
                "com/example/app/Main.java", MAIN,
                "com/example/app/Pages.java", PAGES), "--module-path", modulePath);
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--module-path", modulePath + File.pathSeparator + classes,
                "-m", "com.example.app/com.example.app.Main")
                .redirectErrorStream(true).start();
        p.getOutputStream().close();
        byte[] out = readAll(p);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the application did not end:\n" + new String(out, StandardCharsets.UTF_8));
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    private static byte[] readAll(Process p) throws IOException {
        return p.getInputStream().readAllBytes();
    }

    @Test
    void aPackageNotOpenedToMorelloFailsAtMountWithTheLineToAdd() throws Exception {
        Run r = run("");
        assertEquals(1, r.exit(), r.output());
        assertFalse(r.output().contains("mounted"), "refused at mount, before the start: " + r.output());
        assertTrue(r.output().contains("""
                Morello may not call the handlers or read the fields of these classes: their module does not open\
                 their package to dev.morello:
                  com.example.app.Main (module com.example.app)
                Add to the module-info.java of com.example.app:
                    opens com.example.app to dev.morello;
                """), r.output());
        assertFalse(r.output().contains("make its class public"), r.output());
    }

    @Test
    void withThePackageOpenedItServes() throws Exception {
        Run r = run("    opens com.example.app to dev.morello;\n");
        assertEquals(0, r.exit(), r.output());
        List<String> lines = r.output().lines().filter(l -> l.startsWith("GET ")).toList();
        assertEquals(List.of("GET / 200 home", "GET /pages/about 200 about us"), lines, r.output());
    }

    @Test
    void anExportedPackageOfPublicClassesServesToo() throws Exception {
        // exports alone lets the framework call public methods of public classes: no refusal
        Run r = run("    exports com.example.app;\n");
        assertEquals(0, r.exit(), r.output());
        assertTrue(r.output().contains("GET /pages/about 200 about us"), r.output());
    }
}
