package dev.morello.test;

import dev.morello.Morello;
import dev.morello.engine.State;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionConfigurationException;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ExtensionContext.Namespace;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolutionException;
import org.junit.jupiter.api.extension.ParameterResolver;
import org.junit.platform.commons.support.AnnotationSupport;
import org.junit.platform.commons.support.HierarchyTraversalMode;
import org.junit.platform.commons.support.ReflectionSupport;

/**
 * The JUnit 5 extension behind {@link MorelloTest}: mounts and starts the site before a class (or
 * an annotated method), resets the framework after it, and resolves {@link WebClient} parameters.
 * Registered by the annotation; a test class has no reason to name it.
 *
 * <p>Serialization is a lock in this extension, one per JVM (a {@link Semaphore} with one permit,
 * fair, so classes are served in the order they asked): a class takes it before
 * {@code Morello.reset()} and gives it back after the reset that ends its run, so two classes
 * never share the framework's global state. A JUnit pool thread waiting for it is a
 * {@link ForkJoinPool#managedBlock managed block}, so the pool may start a spare thread meanwhile.
 * A class that waits longer than {@link #PATIENCE} fails, naming the wait.
 */
public final class MorelloExtension
        implements BeforeAllCallback, AfterAllCallback, BeforeEachCallback, AfterEachCallback, ParameterResolver {
    /** How long a class waits for another to finish with the framework before it fails. */
    public static final Duration PATIENCE = Duration.ofMinutes(10);

    private static final Namespace NAMESPACE = Namespace.create(MorelloExtension.class);
    private static final Semaphore GLOBAL_STATE = new Semaphore(1, true);

    /** Created by JUnit, for {@link MorelloTest}. */
    public MorelloExtension() {
    }

    /**
     * Serves the class's site, when the class is annotated; a {@code @Nested} class uses the site
     * of the class around it.
     */
    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        Class<?> testClass = context.getRequiredTestClass();
        Site around = context.getStore(NAMESPACE).get(Site.class, Site.class);
        if (around != null) {
            if (!mountMethods(testClass, false).isEmpty()) {
                throw new ExtensionConfigurationException(testClass.getName() + " has @Mount methods, but a @Nested class"
                        + " shares the site of the class around it: move them there, or make this class a top-level one");
            }
            return;
        }
        if (AnnotationSupport.isAnnotated(testClass, MorelloTest.class)) {
            serve(context, testClass);
        }
    }

    /** Resets the framework after the class whose site this is. */
    @Override
    public void afterAll(ExtensionContext context) {
        stop(context);
    }

    /** Serves the method's site, when the method (and not its class) is annotated. */
    @Override
    public void beforeEach(ExtensionContext context) throws Exception {
        Method method = context.getRequiredTestMethod();
        if (!AnnotationSupport.isAnnotated(method, MorelloTest.class)) {
            return;
        }
        if (context.getStore(NAMESPACE).get(Site.class, Site.class) != null) {
            throw new ExtensionConfigurationException("@MorelloTest is on " + method.getDeclaringClass().getName() + "."
                    + method.getName() + " and on its class: put it on the class (one site for all its methods)"
                    + " or on the methods (one site each), not both");
        }
        serve(context, context.getRequiredTestClass());
    }

    /** Resets the framework after a method whose site this is. */
    @Override
    public void afterEach(ExtensionContext context) {
        stop(context);
    }

    /** Resolves parameters of type {@link WebClient}. */
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType() == WebClient.class;
    }

    /**
     * A new client of the site being served, with no cookies; it is closed when the test (or, for
     * a {@code @BeforeAll} method's parameter, the class) is done.
     */
    @Override
    public WebClient resolveParameter(ParameterContext parameter, ExtensionContext context) {
        Site site = context.getStore(NAMESPACE).get(Site.class, Site.class);
        if (site == null) {
            throw new ParameterResolutionException("No site is served for " + parameter.getDeclaringExecutable()
                    + ": a WebClient parameter needs @MorelloTest on the class, or on the method when it is a test method");
        }
        WebClient client = WebClient.create(site.base());
        // the store closes what it holds (AutoCloseable) when its context ends
        context.getStore(NAMESPACE).put(client, client);
        return client;
    }

    private static void serve(ExtensionContext context, Class<?> testClass) throws Exception {
        List<Method> mounts = mountMethods(testClass, true);
        acquire(testClass);
        Site site = new Site(context.getUniqueId());
        try {
            Morello.reset();
            Morello.config().update(Map.of("server.socket_host", "127.0.0.1", "server.socket_port", 0));
            for (Method m : mounts) {
                ReflectionSupport.invokeMethod(m, null);
            }
            Morello.engine().start();
            if (Morello.engine().state() != State.STARTED || Morello.server().httpServer() == null) {
                throw new IllegalStateException("The engine did not start the server for " + testClass.getName()
                        + " (engine " + Morello.engine().state() + "); its log says why");
            }
            site.base(base(Morello.server().httpServer().address()));
        } catch (Throwable t) {
            site.close();
            throw t;
        }
        context.getStore(NAMESPACE).put(Site.class, site);
    }

    private static void stop(ExtensionContext context) {
        ExtensionContext.Store store = context.getStore(NAMESPACE);
        Site site = store.get(Site.class, Site.class);
        // a nested class or a method sees the site of the context that owns it: only the owner stops it
        if (site != null && site.owner().equals(context.getUniqueId())) {
            store.remove(Site.class);
            site.close();
        }
    }

    private static List<Method> mountMethods(Class<?> testClass, boolean required) {
        List<Method> found = ReflectionSupport.findMethods(testClass, m -> m.isAnnotationPresent(Mount.class),
                HierarchyTraversalMode.TOP_DOWN);
        for (Method m : found) {
            if (!Modifier.isStatic(m.getModifiers()) || m.getParameterCount() != 0) {
                throw new ExtensionConfigurationException("@Mount method " + m.getDeclaringClass().getName() + "."
                        + m.getName() + " must be static and take no parameters: it mounts the site before any test"
                        + " instance exists");
            }
        }
        if (required && found.isEmpty()) {
            throw new ExtensionConfigurationException(testClass.getName() + " is a @MorelloTest without a site: add a"
                    + " static method that mounts it, e.g. @Mount static void site() { Morello.tree().mount(new Root()); }");
        }
        return found;
    }

    /** The URL of the listening address; an any-address is reached through the loopback. */
    private static URI base(SocketAddress address) {
        InetSocketAddress a = (InetSocketAddress) address;
        InetAddress host = a.getAddress();
        if (host.isAnyLocalAddress()) {
            host = InetAddress.getLoopbackAddress();
        }
        String literal = host instanceof Inet6Address ? "[" + host.getHostAddress() + "]" : host.getHostAddress();
        return URI.create("http://" + literal + ":" + a.getPort());
    }

    private static void acquire(Class<?> testClass) throws InterruptedException {
        Waiter waiter = new Waiter();
        ForkJoinPool.managedBlock(waiter);
        if (!waiter.held) {
            throw new ExtensionConfigurationException(testClass.getName() + " waited " + PATIENCE.toMinutes()
                    + " minutes for another @MorelloTest to finish with the framework's global state");
        }
    }

    /** Waits for the lock inside a managed block; {@code held} says whether it got it. */
    private static final class Waiter implements ForkJoinPool.ManagedBlocker {
        private boolean held;
        private boolean done;

        @Override
        public boolean block() throws InterruptedException {
            if (!done) {
                held = GLOBAL_STATE.tryAcquire(PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
                done = true;
            }
            return true;
        }

        @Override
        public boolean isReleasable() {
            if (!done && GLOBAL_STATE.tryAcquire()) {
                held = true;
                done = true;
            }
            return done;
        }
    }

    /** The site one context serves: reset and the lock given back once, by {@link #close()}. */
    private static final class Site {
        private final String owner;
        private URI base;
        private boolean closed;

        Site(String owner) {
            this.owner = owner;
        }

        String owner() {
            return owner;
        }

        URI base() {
            return base;
        }

        void base(URI base) {
            this.base = base;
        }

        void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                Morello.reset();
            } finally {
                GLOBAL_STATE.release();
            }
        }
    }
}
