package dev.morello.http;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.classes;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The server's place in the design: it knows HTTP and the JDK, nothing of the framework above it,
 * and its packages depend one way. Run by {@code mvn verify} with the other tests.
 */
class ArchitectureTest {
    private static final JavaClasses SERVER = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.morello.http");

    /** A class the JDK itself provides: loaded by the platform, from a java.* or jdk.* module. */
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
        classes().should().onlyDependOnClassesThat(OF_THE_JDK.or(JavaClass.Predicates.resideInAPackage("dev.morello.http..")))
                .check(SERVER);
    }

    /**
     * The server's API and its implementation are one part: HttpServer runs on the internal
     * ServerCore, and the internal exchange and header classes implement the API's interfaces.
     * The WebSocket API belongs to it too: an exchange is upgraded to a WebSocket
     * ({@code HttpExchange.upgradeToWebSocket}), and the handshake reads the exchange. Any other
     * package (TLS, say) is a part by itself, and the parts depend one way.
     */
    private static final SliceAssignment PARTS = new SliceAssignment() {
        @Override
        public SliceIdentifier getIdentifierOf(JavaClass c) {
            String pkg = c.getPackageName();
            if (pkg.equals("dev.morello.http") || pkg.equals("dev.morello.http.internal") || pkg.equals("dev.morello.http.websocket")) {
                return SliceIdentifier.of("the server");
            }
            return pkg.startsWith("dev.morello.http.") ? SliceIdentifier.of(pkg) : SliceIdentifier.ignore();
        }

        @Override
        public String getDescription() {
            return "the server (dev.morello.http with its internal package), and each other package";
        }
    };

    @Test
    void hasNoCycleBetweenItsParts() {
        slices().assignedFrom(PARTS).should().beFreeOfCycles().check(SERVER);
    }

    @Test
    void exportsItsApiOnly() throws Exception {
        assertEquals(Set.of("dev.morello.http", "dev.morello.http.tls", "dev.morello.http.websocket"), exports(HttpServer.class));
    }

    /**
     * TLS is a part the server uses: it knows the JDK's TLS and nothing of HTTP or of the
     * server, so that the server's configuration can hold a TLS configuration without a cycle.
     */
    @Test
    void tlsDependsOnTheJdkAndItselfOnly() {
        classes().that().resideInAPackage("dev.morello.http.tls")
                .should().onlyDependOnClassesThat(OF_THE_JDK.or(JavaClass.Predicates.resideInAPackage("dev.morello.http.tls")))
                .check(SERVER);
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
