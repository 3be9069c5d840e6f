package dev.morello.tools.std.body;

import dev.morello.HeaderMap;
import dev.morello.Request;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/** The {@code Vary} response field (RFC 9110 §12.5.5): merging names into it, and the names autovary records. */
public final class BodyVary {
    private BodyVary() {
    }

    /**
     * Notes that a tool consulted a request header, for {@code tools.autovary}: added to the set
     * at {@link BodyTools#VARY_ATTRIBUTE} when there is one (autovary puts it there).
     */
    @SuppressWarnings("unchecked")
    public static void record(Request request, String name) {
        Object names = request.attribute(BodyTools.VARY_ATTRIBUTE);
        if (names instanceof Collection<?> c) {
            try {
                ((Collection<String>) c).add(name);
            } catch (UnsupportedOperationException e) {
                // a set the handler made read-only: it said what it wanted
            }
        }
    }

    /**
     * Adds the names to {@code Vary}, keeping the names already there and their order, each name
     * once (names compare without regard to case). {@code Vary: *} already says everything.
     */
    public static void merge(HeaderMap headers, Collection<String> names) {
        if (names.isEmpty()) {
            return;
        }
        if (names.size() == 1 && !headers.contains("Vary")) {
            headers.set("Vary", names.iterator().next());
            return;
        }
        List<String> existing = headers.all("Vary");
        List<String> out = new ArrayList<>();
        for (String field : existing) {
            for (String part : field.split(",")) {
                String n = part.trim();
                if (n.equals("*")) {
                    return;
                }
                if (!n.isEmpty() && !containsIgnoreCase(out, n)) {
                    out.add(n);
                }
            }
        }
        int before = out.size();
        for (String n : names) {
            if (!containsIgnoreCase(out, n)) {
                out.add(n);
            }
        }
        if (out.size() != before || existing.size() > 1) {
            headers.set("Vary", String.join(", ", out));
        }
    }

    public static void merge(HeaderMap headers, String name) {
        merge(headers, List.of(name));
    }

    private static boolean containsIgnoreCase(List<String> names, String name) {
        for (String n : names) {
            if (n.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
