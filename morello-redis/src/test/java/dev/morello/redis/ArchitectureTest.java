package dev.morello.redis;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.reflect.Constructor;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The module's place in the design: an add-on that uses the framework's public API only (not
 * its internals), offers its storage as a service, and exports one package. Run by
 * {@code mvn verify} with the other tests.
 */
class ArchitectureTest {
    private static final JavaClasses REDIS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.morello.redis");

    @Test
    void usesTheFrameworksPublicApiOnly() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage(
                        "dev.morello.internal..", "dev.morello.http..", "dev.morello.engine..")
                .check(REDIS);
    }

    @Test
    void keepsTheClientOutOfItsApi() throws Exception {
        // Jedis and its pool are how the store talks to Redis, nothing its users see or compile against
        for (JavaClass c : REDIS) {
            if (!c.getModifiers().contains(JavaModifier.PUBLIC)) {
                continue;
            }
            Class<?> type = Class.forName(c.getName());
            List<Class<?>> seen = new ArrayList<>();
            for (Method m : type.getMethods()) {
                seen.add(m.getReturnType());
                seen.addAll(List.of(m.getParameterTypes()));
                seen.addAll(List.of(m.getExceptionTypes()));
            }
            for (Constructor<?> k : type.getConstructors()) {
                seen.addAll(List.of(k.getParameterTypes()));
            }
            for (Field f : type.getFields()) {
                seen.add(f.getType());
            }
            for (Class<?> s : seen) {
                assertFalse(s.getName().startsWith("redis.clients.") || s.getName().startsWith("org.apache.commons."),
                        c.getName() + " shows " + s.getName());
            }
        }
    }

    @Test
    void exportsItsPackageAndProvidesItsStorage() throws Exception {
        ModuleDescriptor d = descriptor();
        assertEquals("dev.morello.redis", d.name());
        assertEquals(Set.of("dev.morello.redis"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        Map<String, Set<String>> provides = new TreeMap<>();
        for (ModuleDescriptor.Provides p : d.provides()) {
            provides.put(p.service(), new TreeSet<>(p.providers()));
        }
        assertEquals(Map.of("dev.morello.sessions.SessionStorage", Set.of("dev.morello.redis.RedisStorage")), provides);
    }

    @Test
    void itsServiceFileNamesTheSameStorage() throws Exception {
        try (InputStream in = RedisStorage.class.getResourceAsStream("/META-INF/services/dev.morello.sessions.SessionStorage")) {
            assertEquals("dev.morello.redis.RedisStorage", new String(in.readAllBytes(), StandardCharsets.UTF_8).strip());
        }
    }

    private static ModuleDescriptor descriptor() throws Exception {
        Path classes = Path.of(RedisStorage.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            return ModuleDescriptor.read(in);
        }
    }
}
