package dev.morello.micrometer;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import dev.morello.Morello;
import dev.morello.engine.Bus;
import dev.morello.http.HttpServer;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The module's place in the design: an add-on on the framework's public API, and the only one of
 * Morello's modules that knows Micrometer — the framework, the server and the engine keep no
 * dependency on it, in their code, their module descriptors or their POMs. Run by
 * {@code mvn verify} with the other tests.
 */
class ArchitectureTest {
    /** Every class of Morello's on the test class path: this module's, the framework's, the server's, the engine's, the test kit's. */
    private static final JavaClasses MORELLO = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.morello");

    @Test
    void usesTheFrameworksPublicApiOnly() {
        noClasses().that().resideInAPackage("dev.morello.micrometer..")
                .should().dependOnClassesThat().resideInAnyPackage("dev.morello.internal..", "dev.morello..internal..")
                .check(MORELLO);
    }

    @Test
    void noOtherModuleOfMorellosUsesMicrometer() {
        assertTrue(MORELLO.contain(Morello.class) && MORELLO.contain(HttpServer.class) && MORELLO.contain(Bus.class),
                "the core's classes were imported");
        noClasses().that().resideOutsideOfPackage("dev.morello.micrometer..")
                .should().dependOnClassesThat().resideInAnyPackage("io.micrometer..", "io.prometheus..")
                .check(MORELLO);
    }

    @Test
    void theCoresModulesRequireNoMicrometer() throws Exception {
        for (Class<?> c : new Class<?>[] {Morello.class, HttpServer.class, Bus.class}) {
            ModuleDescriptor d = descriptorBeside(c);
            for (ModuleDescriptor.Requires r : d.requires()) {
                assertFalse(r.name().contains("micrometer") || r.name().contains("prometheus"), d.name() + " requires " + r.name());
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"morello", "morello-http", "morello-engine"})
    void theCoresPomsNameNoMicrometer(String module) throws Exception {
        // tests run in this module's directory, beside the others
        Path pom = Path.of("..", module, "pom.xml");
        assertTrue(Files.isRegularFile(pom), pom.toAbsolutePath()::toString);
        String text = Files.readString(pom);
        assertFalse(text.contains("micrometer") || text.contains("prometheus"), pom + " names Micrometer");
    }

    @Test
    void exportsItsPackageAndRequiresMicrometerTransitively() throws Exception {
        ModuleDescriptor d;
        Path classes = Path.of(MorelloMetrics.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            d = ModuleDescriptor.read(in);
        }
        assertEquals("dev.morello.micrometer", d.name());
        assertEquals(Set.of("dev.morello.micrometer"),
                d.exports().stream().map(ModuleDescriptor.Exports::source).collect(Collectors.toSet()));
        Set<String> transitive = d.requires().stream()
                .filter(r -> r.modifiers().contains(ModuleDescriptor.Requires.Modifier.TRANSITIVE))
                .map(ModuleDescriptor.Requires::name).collect(Collectors.toSet());
        assertEquals(Set.of("dev.morello", "micrometer.core", "micrometer.registry.prometheus"), transitive);
    }

    /** The descriptor of the module (a jar, or a directory of classes in the reactor) that holds {@code c}. */
    private static ModuleDescriptor descriptorBeside(Class<?> c) throws Exception {
        Path location = Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<ModuleReference> found = ModuleFinder.of(location).findAll();
        assertEquals(1, found.size(), location::toString);
        return found.iterator().next().descriptor();
    }
}
