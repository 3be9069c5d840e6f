package dev.morello;

import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAPackage;
import static com.tngtech.archunit.core.domain.JavaClass.Predicates.resideInAnyPackage;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.library.dependencies.SliceAssignment;
import com.tngtech.archunit.library.dependencies.SliceIdentifier;
import java.io.InputStream;
import java.lang.module.ModuleDescriptor;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The framework's layers, as the design has them: the facade ({@link Morello}, and the daemon's
 * entry point beside it) on top, wiring the bootstrap; below it the bootstrap, the request
 * lifecycle, the features (dispatchers, static files, the built-in tools); under them the user
 * API; at the bottom the support code. Dependencies point down; run by {@code mvn verify}.
 */
class ArchitectureTest {
    /** The framework's own classes: those of this module's output, not the server's or the engine's. */
    private static final JavaClasses FRAMEWORK = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPath(output());

    private static Path output() {
        try {
            return Path.of(Morello.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The packages users compile against, and only those. */
    private static final Set<String> EXPORTED = Set.of(
            "dev.morello",
            "dev.morello.config",
            "dev.morello.dispatch",
            "dev.morello.health",
            "dev.morello.sessions",
            "dev.morello.sse",
            "dev.morello.stats",
            "dev.morello.websocket",
            "dev.morello.statics",
            "dev.morello.tools",
            "dev.morello.tools.std.auth",
            "dev.morello.tools.std.body",
            "dev.morello.tools.std.cors",
            // the JSON tools log as the built-in ones do
            "dev.morello.internal to dev.morello.json");

    /**
     * The user API and the parsers behind it are one layer, because the public signatures tie
     * them together: a hook receives the {@code Request} and {@code request.hooks()} is the tools'
     * {@code HookMap}; {@code Tool.arg} takes a config {@code Key}; a request namespace in the
     * config receives the {@code Request}; the config's parser turns {@code Class::method} into
     * the API's callbacks, and the request body's parsers make its {@code Part}s.
     */
    private static final Set<String> USER_API = Set.of(
            "dev.morello",
            "dev.morello.tools",
            "dev.morello.config",
            "dev.morello.internal.config",
            "dev.morello.internal.body");

    private static final DescribedPredicate<JavaClass> FACADE = DescribedPredicate.describe(
            "belong to the facade (Morello, Morellod)", c -> isFacade(c.getName()));

    private static boolean isFacade(String name) {
        return name.equals("dev.morello.Morello") || name.startsWith("dev.morello.Morello$")
                || name.equals("dev.morello.Morellod") || name.startsWith("dev.morello.Morellod$");
    }

    /** The parts whose dependencies must not go round: the facade, the user API, each other package. */
    private static final SliceAssignment PARTS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            if (!c.getPackageName().startsWith("dev.morello")) {
                return SliceIdentifier.ignore();
            }
            if (isFacade(c.getName())) {
                return SliceIdentifier.of("the facade");
            }
            if (USER_API.contains(c.getPackageName())) {
                return SliceIdentifier.of("the user API");
            }
            return SliceIdentifier.of(c.getPackageName());
        }

        @Override
        public String getDescription() {
            return "the facade, the user API (" + String.join(", ", new TreeSet<>(USER_API)) + "), and each other package";
        }
    };

    @Test
    void hasNoCycleBetweenItsParts() {
        slices().assignedFrom(PARTS).should().beFreeOfCycles().check(FRAMEWORK);
    }

    @Test
    void nothingBelowTheFacadeCallsUpIntoIt() {
        noClasses().that(DescribedPredicate.not(FACADE)).should().dependOnClassesThat(FACADE).check(FRAMEWORK);
    }

    @Test
    void theUserApiKnowsNothingOfTheMachineryBelowTheFacade() {
        noClasses().that(resideInAnyPackage(USER_API.toArray(String[]::new))).and(DescribedPredicate.not(FACADE))
                .should().dependOnClassesThat(resideInAnyPackage("dev.morello.internal.cycle..",
                        "dev.morello.internal.site..", "dev.morello.internal.serving..", "dev.morello.dispatch..",
                        "dev.morello.statics..", "dev.morello.tools.std.."))
                .check(FRAMEWORK);
    }

    @Test
    void theSupportPackageDependsOnNothingOfTheFrameworkAboveIt() {
        classes().that(resideInAPackage("dev.morello.internal"))
                .should().onlyDependOnClassesThat(resideInAPackage("dev.morello.internal")
                        .or(DescribedPredicate.not(resideInAPackage("dev.morello..")))
                        .or(resideInAnyPackage("dev.morello.http..", "dev.morello.engine..")))
                .check(FRAMEWORK);
    }

    @Test
    void exportsWhatUsersNeedOnly() throws Exception {
        Set<String> exports = new TreeSet<>();
        try (InputStream in = Files.newInputStream(output().resolve("module-info.class"))) {
            for (ModuleDescriptor.Exports e : ModuleDescriptor.read(in).exports()) {
                exports.add(e.isQualified() ? e.source() + " to " + String.join(", ", new TreeSet<>(e.targets())) : e.source());
            }
        }
        assertEquals(new TreeSet<>(EXPORTED), exports);
    }
}
