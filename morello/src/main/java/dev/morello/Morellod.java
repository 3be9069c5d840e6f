package dev.morello;

import dev.morello.internal.config.Literals;
import dev.morello.internal.config.Names;
import dev.morello.engine.plugins.PidFile;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The launcher, as CherryPy's {@code cherryd}: loads config files and classes, starts the engine
 * and blocks until the process is stopped.
 *
 * <pre>
 * java -cp app.jar dev.morello.Morellod -c site.conf -c app.conf -i com.example.Site -e production
 *
 *   -c FILE         a config file (repeatable): its [global] section configures the site; its path
 *                   sections configure the applications -i mounts
 *   -e ENVIRONMENT  production, staging, test_suite or embedded
 *   -i CLASS        a class to load (repeatable): one with a public static mount() method mounts
 *                   itself; any other is made with its no-argument constructor and mounted at /
 *   -p PIDFILE      write the process id here while running
 *   --set KEY=VALUE a site config entry, the value in config-file syntax (repeatable; after -c)
 * </pre>
 */
public final class Morellod {
    private Morellod() {
    }

    public static void main(String[] args) {
        try {
            prepare(args);
        } catch (IllegalArgumentException | dev.morello.config.ConfigException | java.io.UncheckedIOException e) {
            System.err.println("morellod: " + e.getMessage());
            System.exit(2);
        }
        try {
            Morello.serve();
        } catch (RuntimeException e) {
            // the engine logged the details; the operator gets the reason in one line
            System.err.println("morellod: " + Morello.whyNotStarted(e));
            System.exit(1);
        }
    }

    /** Parses the command line, configures the site, and serves until the engine exits. */
    static void run(String[] args) {
        prepare(args);
        Morello.serve();
    }

    /** Everything {@link #run} does before starting the engine (for tests and embedding). */
    static void prepare(String[] args) {
        List<Path> configs = new ArrayList<>();
        List<String> classes = new ArrayList<>();
        List<String> sets = new ArrayList<>();
        String environment = null;
        String pidFile = null;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "-c", "--config" -> configs.add(Path.of(value(args, ++i, a)));
                case "-e", "--environment" -> environment = value(args, ++i, a);
                case "-i", "--import" -> classes.add(value(args, ++i, a));
                case "-p", "--pidfile" -> pidFile = value(args, ++i, a);
                case "--set" -> sets.add(value(args, ++i, a));
                case "-h", "--help" -> throw new IllegalArgumentException(usage());
                default -> throw new IllegalArgumentException("unknown argument " + a + "\n" + usage());
            }
        }
        for (Path c : configs) {
            if (!Files.isRegularFile(c)) {
                throw new IllegalArgumentException("no config file " + c);
            }
            Morello.config().update(c);
        }
        if (environment != null) {
            Morello.config().put("environment", environment);
        }
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("--set needs KEY=VALUE, not " + s);
            }
            String key = s.substring(0, eq).strip();
            String text = s.substring(eq + 1).strip();
            Object value;
            try {
                value = Literals.parse(text, Names.DEFAULT, "--set " + key, 1, eq + 2);
            } catch (dev.morello.config.ConfigException e) {
                if (text.contains("(") || text.contains("::") || text.startsWith("'") || text.startsWith("\"")) {
                    throw e; // meant as a value, and wrong: say so rather than keep it as text
                }
                value = text; // a bare word is meant as text: --set server.socket_host=0.0.0.0
            }
            Morello.config().put(key, value);
        }
        if (pidFile != null) {
            new PidFile(Path.of(pidFile)).subscribe(Morello.engine());
        }
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        boolean rootMounted = false;
        for (String name : classes) {
            Class<?> type;
            try {
                type = Class.forName(name, true, loader);
            } catch (ClassNotFoundException e) {
                throw new IllegalArgumentException("no class " + name + " on the class path");
            }
            Method mount = null;
            try {
                mount = type.getMethod("mount");
            } catch (NoSuchMethodException e) {
                // mounted at / below
            }
            try {
                if (mount != null && Modifier.isStatic(mount.getModifiers())) {
                    mount.invoke(null);
                } else {
                    if (rootMounted) {
                        throw new IllegalArgumentException("only one -i class can be mounted at /; " + name
                                + " needs a public static mount() method to mount itself elsewhere");
                    }
                    rootMounted = true;
                    Object root = type.getConstructor().newInstance();
                    Application app = Morello.tree().mount(root, "", (java.util.Map<String, ?>) null);
                    for (Path c : configs) {
                        app.merge(c);
                    }
                }
            } catch (ReflectiveOperationException e) {
                Throwable cause = e.getCause() == null ? e : e.getCause();
                throw new IllegalArgumentException("cannot load " + name + ": " + cause, cause);
            }
        }
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[i];
    }

    static String usage() {
        return "usage: morellod [-c FILE]... [-e ENVIRONMENT] [-i CLASS]... [-p PIDFILE] [--set KEY=VALUE]...";
    }
}
