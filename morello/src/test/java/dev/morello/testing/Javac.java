package dev.morello.testing;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Compiles Java sources inside a test, as a user's build would, so that a test controls what the
 * class files hold (parameter names or not, a module descriptor or not).
 *
 * <pre>{@code
 * ClassLoader app = Javac.compile(tempDir, Map.of("app/Maker.java", source));   // no -parameters
 * Object root = Javac.instance(app, "app.Maker");
 * }</pre>
 */
public final class Javac {
    private Javac() {
    }

    /**
     * Compiles the sources (by path relative to the source root) against the test's class path,
     * with the options given and nothing else (so without {@code -parameters} unless asked), and
     * loads the classes with a loader whose parent is the test's.
     */
    public static ClassLoader compile(Path dir, Map<String, String> sources, String... options) {
        Path classes = dir.resolve("classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(),
                "-classpath", System.getProperty("java.class.path"), "-proc:none", "-nowarn"));
        args.addAll(List.of(options));
        run(dir, sources, args);
        try {
            return new URLClassLoader(new URL[] {classes.toUri().toURL()}, Javac.class.getClassLoader());
        } catch (MalformedURLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Compiles the sources with exactly these options (a module, say: {@code --module-path ...}),
     * into {@code dir/classes}, and returns that directory.
     */
    public static Path compileModule(Path dir, Map<String, String> sources, String... options) {
        Path classes = dir.resolve("classes");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "-nowarn"));
        args.addAll(List.of(options));
        run(dir, sources, args);
        return classes;
    }

    private static void run(Path dir, Map<String, String> sources, List<String> args) {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        if (javac == null) {
            throw new IllegalStateException("the tests run on a JRE without javac; run them on a JDK");
        }
        List<String> all = new ArrayList<>(args);
        try {
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path file = dir.resolve("src").resolve(e.getKey());
                Files.createDirectories(file.getParent());
                Files.writeString(file, e.getValue());
                all.add(file.toString());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        ByteArrayOutputStream diagnostics = new ByteArrayOutputStream();
        int status = javac.run(null, diagnostics, diagnostics, all.toArray(new String[0]));
        if (status != 0) {
            throw new IllegalStateException("javac failed:\n" + diagnostics.toString(StandardCharsets.UTF_8));
        }
    }

    /** A new instance of a compiled class, by its public no-argument constructor. */
    public static Object instance(ClassLoader loader, String className) {
        try {
            return loader.loadClass(className).getConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The path entries of a class's code source: a jar or a class directory. */
    public static String location(Class<?> type) {
        try {
            return new File(type.getProtectionDomain().getCodeSource().getLocation().toURI()).getPath();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
