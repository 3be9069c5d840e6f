package dev.morello.engine;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The engine's place in the design: it knows plugins and states, on the JDK alone (not HTTP, not
 * the framework), and its packages depend one way. Run by {@code mvn verify} with the other tests.
 */
class ArchitectureTest {
    private static final JavaClasses ENGINE = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.morello.engine");

    /**
     * A class the JDK itself provides: loaded by the platform, from a java.* or jdk.* module
     * ({@code sun.misc.Signal} is one: the module jdk.unsupported holds it).
     */
    private static final DescribedPredicate<JavaClass> OF_THE_JDK = DescribedPredicate.describe("a class of the JDK", c -> {
        JavaClass base = c.isArray() ? c.getBaseComponentType() : c;
        if (base.isPrimitive()) {
            return true;
        }
        try {
            String module = Class.forName(base.getName(), false, ClassLoader.getPlatformClassLoader()).getModule().getName();
            return module != null && (module.startsWith("java.") || module.startsWith("jdk."));
        } catch (ClassNotFoundException e) {
            return false;
        }
    });

    @Test
    void dependsOnTheJdkAndItselfOnly() {
        classes().should().onlyDependOnClassesThat(OF_THE_JDK.or(JavaClass.Predicates.resideInAPackage("dev.morello.engine..")))
                .check(ENGINE);
    }

    @Test
    void hasNoPackageCycle() {
        slices().matching("dev.morello.(**)").should().beFreeOfCycles().check(ENGINE);
    }

    @Test
    void exportsTheBusAndItsPlugins() throws Exception {
        assertEquals(Set.of("dev.morello.engine", "dev.morello.engine.plugins"), exports(Bus.class));
    }

    /** The packages the module's descriptor exports, qualified ones as {@code package to module}. */
    private static Set<String> exports(Class<?> of) throws Exception {
        Path classes = Path.of(of.getProtectionDomain().getCodeSource().getLocation().toURI());
        try (InputStream in = Files.newInputStream(classes.resolve("module-info.class"))) {
            Set<String> out = new TreeSet<>();
            for (ModuleDescriptor.Exports e : ModuleDescriptor.read(in).exports()) {
                out.add(e.isQualified() ? e.source() + " to " + String.join(", ", new TreeSet<>(e.targets())) : e.source());
            }
            return out;
        }
    }
}
