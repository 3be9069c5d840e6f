package dev.morello.redis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.morello.Morello;
import dev.morello.engine.Bus;
import dev.morello.http.HttpServer;
import dev.morello.redis.testing.RedisServer;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.RedisClient;

/**
 * The storage as an application on the module path finds it: the application's module uses
 * {@code SessionStorage}, the framework, this module and the client's jars are all on the module
 * path, and the service binds this module in. Jedis is an automatic module, which cannot say what
 * it needs; this shows that what it needs is there. The tests themselves run on the class path,
 * so only a JVM of its own shows what the module system refuses.
 */
@Timeout(120)
class ModulePathTest {
    private static final String MODULE = """
            module com.example.shop {
                requires dev.morello;
                uses dev.morello.sessions.SessionStorage;
            }
            """;

    private static final String MAIN = """
            package com.example.shop;

            import dev.morello.sessions.SessionStorage;
            import dev.morello.sessions.SessionStore;
            import dev.morello.tools.ToolArgs;
            import java.nio.charset.StandardCharsets;
            import java.time.Duration;
            import java.time.Instant;
            import java.util.Map;
            import java.util.ServiceLoader;

            public class Main {
                public static void main(String[] args) throws Exception {
                    SessionStorage redis = ServiceLoader.load(SessionStorage.class).stream()
                            .map(ServiceLoader.Provider::get)
                            .filter(s -> s.name().equals("redis"))
                            .findFirst().orElseThrow();
                    System.out.println("found in " + redis.getClass().getModule().getName());
                    String id = "0123456789abcdef0123456789abcdef01234567";
                    try (SessionStore store = redis.open(ToolArgs.of("sessions", Map.of("redis_url", args[0])))) {
                        store.save(id, "kept".getBytes(StandardCharsets.UTF_8), Instant.EPOCH, Duration.ofMinutes(1));
                        try (SessionStore.Lock lock = store.lock(id, Duration.ofSeconds(5))) {
                            System.out.println("loaded " + new String(store.load(id, Instant.EPOCH), StandardCharsets.UTF_8));
                        }
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void anApplicationOnTheModulePathFindsAndUsesTheStorage() throws Exception {
        String modulePath = String.join(File.pathSeparator, modulePath());
        Path classes = compile(modulePath);
        try (RedisServer redis = RedisServer.start()) {
            String java = ProcessHandle.current().info().command().orElse("java");
            Process p = new ProcessBuilder(java, "--module-path", modulePath + File.pathSeparator + classes,
                    "-m", "com.example.shop/com.example.shop.Main", redis.url())
                    .redirectErrorStream(true).start();
            p.getOutputStream().close();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the application did not end:\n" + output);
            assertEquals(0, p.exitValue(), output);
            List<String> lines = output.lines().filter(l -> l.startsWith("found ") || l.startsWith("loaded ")).toList();
            assertEquals(List.of("found in dev.morello.redis", "loaded kept"), lines, output);
        }
    }

    /**
     * The framework's modules, this one, and every library this one needs at run time: the jars
     * the test's own class path has for them.
     */
    private static List<String> modulePath() throws URISyntaxException {
        List<String> path = new ArrayList<>();
        for (Class<?> c : List.of(Morello.class, HttpServer.class, Bus.class, LoggerFactory.class,
                RedisStorage.class, RedisClient.class, GenericObjectPoolConfig.class)) {
            path.add(location(c));
        }
        // the rest of Jedis's own dependencies, as a build puts them on the path: by name, since
        // this module compiles against none of them
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            String name = Path.of(entry).getFileName().toString();
            if (name.startsWith("gson-") || name.startsWith("json-") || name.startsWith("error_prone_annotations-")
                    || name.startsWith("redis-authx-core-")) {
                path.add(entry);
            }
        }
        return path;
    }

    private static String location(Class<?> c) throws URISyntaxException {
        return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
    }

    private Path compile(String modulePath) throws IOException {
        Path src = dir.resolve("src");
        Path classes = dir.resolve("classes");
        Files.createDirectories(src.resolve("com/example/shop"));
        Files.writeString(src.resolve("module-info.java"), MODULE);
        Files.writeString(src.resolve("com/example/shop/Main.java"), MAIN);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        int status = javac.run(null, errors, errors, "-d", classes.toString(), "--module-path", modulePath,
                src.resolve("module-info.java").toString(), src.resolve("com/example/shop/Main.java").toString());
        assertEquals(0, status, errors.toString(StandardCharsets.UTF_8));
        return classes;
    }
}
