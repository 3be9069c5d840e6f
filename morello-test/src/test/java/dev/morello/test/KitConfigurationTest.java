package dev.morello.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.morello.Morello;
import dev.morello.engine.State;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.Launcher;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * What the author of a test class sees when the kit is misused: each sample class below is run
 * with JUnit's launcher, and its failure must say what to do.
 */
@ResourceLock(MorelloTest.GLOBAL_STATE)
class KitConfigurationTest {
    /** The failures of a run of {@code testClass}, as "display name: message". */
    private static List<String> failures(Class<?> testClass) {
        List<String> failures = new ArrayList<>();
        Launcher launcher = LauncherFactory.create();
        launcher.execute(LauncherDiscoveryRequestBuilder.request().selectors(selectClass(testClass)).build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        result.getThrowable().ifPresent(t -> failures.add(id.getDisplayName() + ": " + t.getMessage()));
                    }
                });
        return failures;
    }

    private static void assertOneFailure(Class<?> testClass, String expected) {
        List<String> failures = failures(testClass);
        assertEquals(1, failures.size(), failures::toString);
        assertTrue(failures.get(0).contains(expected), failures.get(0));
        assertTrue(Morello.tree().mounts().isEmpty(), "the framework was reset after the failure");
        assertEquals(State.STOPPED, Morello.engine().state());
    }

    @Test
    void aClassWithoutAMountMethodIsToldToAddOne() {
        assertOneFailure(WithoutMount.class, "is a @MorelloTest without a site: add a static method that mounts it");
    }

    @Test
    void anInstanceMountMethodIsRefused() {
        assertOneFailure(InstanceMount.class, "must be static and take no parameters");
    }

    @Test
    void theAnnotationOnClassAndMethodIsRefused() {
        assertOneFailure(Twice.class, "put it on the class (one site for all its methods) or on the methods");
    }

    @Test
    void aClientParameterWithoutASiteIsExplained() {
        assertOneFailure(ExtensionWithoutAnnotation.class, "a WebClient parameter needs @MorelloTest on the class");
    }

    @Test
    void aMountThatThrowsFailsTheClassAndReleasesTheFramework() {
        assertOneFailure(FailingMount.class, "no database today");
        // the lock was given back: a good class runs after it
        assertEquals(List.of(), failures(Good.class));
    }

    @Test
    void aGoodClassPasses() {
        assertEquals(List.of(), failures(Good.class));
    }

    @MorelloTest
    static class WithoutMount {
        @Test
        void nothing() {
        }
    }

    @MorelloTest
    static class InstanceMount {
        @Mount
        void site() {
            SampleSite.mount();
        }

        @Test
        void nothing() {
        }
    }

    @MorelloTest
    static class Twice {
        @Mount
        static void site() {
            SampleSite.mount();
        }

        @MorelloTest
        @Test
        void nothing() {
        }
    }

    @ExtendWith(MorelloExtension.class)
    static class ExtensionWithoutAnnotation {
        @Test
        void nothing(WebClient client) {
        }
    }

    @MorelloTest
    static class FailingMount {
        @Mount
        static void site() {
            throw new IllegalStateException("no database today");
        }

        @Test
        void nothing() {
        }
    }

    @MorelloTest
    static class Good {
        @Mount
        static void site() {
            SampleSite.mount();
        }

        @Test
        void greets(WebClient client) {
            client.getPage("/").assertBody("Hello world!");
        }
    }
}
