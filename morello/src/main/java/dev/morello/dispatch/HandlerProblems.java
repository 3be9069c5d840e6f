package dev.morello.dispatch;

import dev.morello.Param;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The messages for handlers the framework cannot serve as written, each saying exactly what to
 * change. The same text refuses a start (for everything found) and answers a 500 (for a handler
 * reached only while serving), so a user sees one explanation whichever way they met it.
 */
final class HandlerProblems {
    /** The lines a build needs to keep parameter names in class files. */
    static final String MAVEN_PROPERTY = "<maven.compiler.parameters>true</maven.compiler.parameters>";
    static final String MAVEN_PLUGIN = "<parameters>true</parameters>";
    static final String GRADLE = "tasks.withType(JavaCompile) { options.compilerArgs << '-parameters' }";

    private HandlerProblems() {
    }

    /** One message for every handler with parameters that bind by name but have none. */
    static String unnamedParameters(List<HandlerMethod> handlers) {
        List<HandlerMethod> sorted = new ArrayList<>(handlers);
        sorted.sort(Comparator.comparing(HandlerProblems::signature));
        int count = 0;
        Set<Class<?>> classes = new HashSet<>();
        for (HandlerMethod h : sorted) {
            count += h.unnamed().size();
            classes.add(h.method().getDeclaringClass());
        }
        StringBuilder b = new StringBuilder(600);
        b.append(count == 1 ? "A handler parameter has no name" : count + " handler parameters have no name")
                .append(", so request parameters cannot bind to ").append(count == 1 ? "it" : "them")
                .append(classes.size() > 1 ? " (their classes were" : count == 1 ? " (its class was" : " (their class was")
                .append(" compiled without -parameters):\n");
        for (HandlerMethod h : sorted) {
            b.append("  ").append(signature(h)).append(": ");
            List<Integer> positions = h.unnamed();
            for (int i = 0; i < positions.size(); i++) {
                b.append(i == 0 ? (positions.size() == 1 ? "parameter " : "parameters ")
                        : i == positions.size() - 1 ? " and " : ", ");
                Parameter p = h.method().getParameters()[positions.get(i)];
                b.append(positions.get(i) + 1).append(" (").append(p.getType().getSimpleName());
                Param ann = p.getAnnotation(Param.class);
                if (ann != null && !Param.NONE.equals(ann.defaultValue())) {
                    // the default gives a value, not a name: say why the annotation did not help
                    b.append(", with a default but no name");
                }
                b.append(')');
            }
            b.append('\n');
        }
        b.append("Compile with -parameters. Maven: add\n")
                .append("    ").append(MAVEN_PROPERTY).append('\n')
                .append("  to the pom's <properties> (or ").append(MAVEN_PLUGIN)
                .append(" to the maven-compiler-plugin's <configuration>). Gradle: add\n")
                .append("    ").append(GRADLE).append('\n')
                .append("Or name each one in the source: @Param(\"length\") int length, or")
                .append(" @Param(value = \"length\", defaultValue = \"9\") with a default.");
        return b.toString();
    }

    /**
     * One message for classes whose modules keep the framework out: the {@code opens} line to add
     * to each module's {@code module-info.java}.
     */
    static String closedPackages(List<Class<?>> classes) {
        // module → package → class names, sorted so the message reads the same every time
        Map<String, Map<String, Set<String>>> byModule = new TreeMap<>();
        for (Class<?> c : classes) {
            byModule.computeIfAbsent(c.getModule().getName(), k -> new TreeMap<>())
                    .computeIfAbsent(c.getPackageName(), k -> new TreeSet<>()).add(c.getName());
        }
        Module framework = HandlerProblems.class.getModule();
        // on the class path the framework is no module: only an unqualified opens reaches it
        String to = framework.isNamed() ? " to " + framework.getName() + ";" : ";";
        StringBuilder b = new StringBuilder(300);
        b.append("Morello may not call the handlers or read the fields of these classes: their module does")
                .append(" not open their package to ").append(framework.isNamed() ? framework.getName() : "it")
                .append(":\n");
        byModule.forEach((module, packages) -> packages.forEach((pkg, names) ->
                b.append("  ").append(String.join(", ", names)).append(" (module ").append(module).append(")\n")));
        byModule.forEach((module, packages) -> {
            b.append("Add to the module-info.java of ").append(module).append(":\n");
            packages.keySet().forEach(pkg -> b.append("    opens ").append(pkg).append(to).append('\n'));
        });
        return b.substring(0, b.length() - 1);
    }

    /** {@code com.example.Maker.generate(int, String)}: the handler as a user finds it in the source. */
    static String signature(HandlerMethod h) {
        Method m = h.method();
        StringBuilder b = new StringBuilder(m.getDeclaringClass().getName()).append('.').append(m.getName()).append('(');
        Class<?>[] types = m.getParameterTypes();
        for (int i = 0; i < types.length; i++) {
            b.append(i == 0 ? "" : ", ").append(types[i].getSimpleName());
        }
        return b.append(')').toString();
    }
}
