package dev.morello.micrometer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Prometheus text format (version 0.0.4) parsed line by line, for the tests to read samples by
 * name and labels: {@code # TYPE} lines give the types, every other {@code #} line is a comment,
 * and a sample is {@code name{label="value",...} value [timestamp]} with the label values escaped
 * ({@code \\}, {@code \"}, {@code \n}). A line that is none of these fails the test.
 */
final class Scrape {
    record Sample(String name, Map<String, String> labels, double value) {
    }

    private final String text;
    private final List<Sample> samples = new ArrayList<>();
    private final Map<String, String> types = new HashMap<>();

    private Scrape(String text) {
        this.text = text;
    }

    static Scrape parse(String text) {
        Scrape s = new Scrape(text);
        for (String line : text.split("\n", -1)) {
            if (line.isEmpty()) {
                continue;
            }
            if (line.startsWith("# TYPE ")) {
                String[] parts = line.substring("# TYPE ".length()).split(" ");
                assertEquals(2, parts.length, line);
                s.types.put(parts[0], parts[1]);
            } else if (!line.startsWith("#")) {
                s.samples.add(sample(line));
            }
        }
        return s;
    }

    private static Sample sample(String line) {
        int i = 0;
        while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
            i++;
        }
        String name = line.substring(0, i);
        assertTrue(name.matches("[a-zA-Z_:][a-zA-Z0-9_:]*"), () -> "a metric name: " + line);
        Map<String, String> labels = new LinkedHashMap<>();
        if (i < line.length() && line.charAt(i) == '{') {
            i++;
            while (line.charAt(i) != '}') {
                int eq = line.indexOf('=', i);
                String label = line.substring(i, eq);
                assertTrue(label.matches("[a-zA-Z_][a-zA-Z0-9_]*"), () -> "a label name: " + line);
                assertEquals('"', line.charAt(eq + 1), line);
                StringBuilder value = new StringBuilder();
                int j = eq + 2;
                for (char c = line.charAt(j); c != '"'; c = line.charAt(j)) {
                    if (c == '\\') {
                        char next = line.charAt(++j);
                        value.append(next == 'n' ? '\n' : next);
                    } else {
                        value.append(c);
                    }
                    j++;
                }
                labels.put(label, value.toString());
                i = j + 1;
                if (line.charAt(i) == ',') {
                    i++;
                }
            }
            i++;
        }
        assertEquals(' ', line.charAt(i), line);
        String[] rest = line.substring(i + 1).split(" ");
        assertTrue(rest.length == 1 || rest.length == 2, line);
        return new Sample(name, labels, number(rest[0]));
    }

    private static double number(String s) {
        return switch (s) {
            case "+Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> Double.parseDouble(s);
        };
    }

    /** The samples of one name. */
    List<Sample> samples(String name) {
        return samples.stream().filter(s -> s.name().equals(name)).toList();
    }

    /** Whether a sample of this name is on the page. */
    boolean has(String name) {
        return !samples(name).isEmpty();
    }

    /** The value of the one sample with this name and exactly these labels. */
    double value(String name, String... labelPairs) {
        Map<String, String> want = new LinkedHashMap<>();
        for (int i = 0; i < labelPairs.length; i += 2) {
            want.put(labelPairs[i], labelPairs[i + 1]);
        }
        List<Sample> found = samples(name).stream().filter(s -> s.labels().equals(want)).toList();
        if (found.size() != 1) {
            fail(found.size() + " samples " + name + want + " in:\n" + text);
        }
        return found.get(0).value();
    }

    /** The type a {@code # TYPE} line gives a metric family, or null. */
    String type(String family) {
        return types.get(family);
    }

    String text() {
        return text;
    }
}
