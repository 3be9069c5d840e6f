package dev.morello.test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.morello.Expose;
import dev.morello.Morello;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.launcher.TestExecutionListener;
import org.junit.platform.launcher.TestIdentifier;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;

/**
 * With JUnit running classes in parallel, kit classes still have the framework one at a time:
 * three sample classes, run concurrently, never have their sites up together and each sees its
 * own.
 */
@ResourceLock(MorelloTest.GLOBAL_STATE)
class SerializesParallelClassesTest {
    static final AtomicInteger SERVING = new AtomicInteger();
    static final AtomicInteger MOST = new AtomicInteger();

    /** A site that answers its own name. */
    public static class Named {
        private final String name;

        Named(String name) {
            this.name = name;
        }

        @Expose
        public String index() {
            return name;
        }
    }

    abstract static class Sample {
        @BeforeAll
        static void in() {
            MOST.accumulateAndGet(SERVING.incrementAndGet(), Math::max);
        }

        @AfterAll
        static void out() {
            SERVING.decrementAndGet();
        }

        abstract String name();

        @RepeatedTest(5)
        void seesItsOwnSite(WebClient client) {
            client.getPage("/").assertBody(name());
        }
    }

    @MorelloTest
    static class A extends Sample {
        @Mount
        static void site() {
            Morello.tree().mount(new Named("a"));
        }

        @Override
        String name() {
            return "a";
        }
    }

    @MorelloTest
    static class B extends Sample {
        @Mount
        static void site() {
            Morello.tree().mount(new Named("b"));
        }

        @Override
        String name() {
            return "b";
        }
    }

    @MorelloTest
    static class C extends Sample {
        @Mount
        static void site() {
            Morello.tree().mount(new Named("c"));
        }

        @Override
        String name() {
            return "c";
        }
    }

    @RepeatedTest(3)
    void oneClassAtATime() {
        MOST.set(0);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        LauncherFactory.create().execute(LauncherDiscoveryRequestBuilder.request()
                        .selectors(selectClass(A.class), selectClass(B.class), selectClass(C.class))
                        .configurationParameter("junit.jupiter.execution.parallel.enabled", "true")
                        .configurationParameter("junit.jupiter.execution.parallel.mode.default", "concurrent")
                        .configurationParameter("junit.jupiter.execution.parallel.mode.classes.default", "concurrent")
                        .configurationParameter("junit.jupiter.execution.parallel.config.strategy", "fixed")
                        .configurationParameter("junit.jupiter.execution.parallel.config.fixed.parallelism", "3")
                        .build(),
                new TestExecutionListener() {
                    @Override
                    public void executionFinished(TestIdentifier id, TestExecutionResult result) {
                        result.getThrowable().ifPresent(t -> failures.add(id.getDisplayName() + ": " + t));
                    }
                });
        assertEquals(List.of(), failures);
        assertEquals(1, MOST.get(), "classes had their sites up together");
    }
}
