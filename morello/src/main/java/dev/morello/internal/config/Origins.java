package dev.morello.internal.config;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each key of a config file was written ({@code site.conf:12}), so the checker's warnings
 * can point at the line.
 */
public final class Origins {
    private Origins() {
    }

    /** section → key → "file:line"; the key {@code ""} holds the line of the section's header. */
    public static Map<String, Map<String, String>> scan(Path file) {
        Map<String, Map<String, String>> out = new HashMap<>();
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException | RuntimeException e) {
            return out;
        }
        String section = null;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isEmpty() || Character.isWhitespace(line.charAt(0))) {
                continue;
            }
            String t = line.strip();
            if (t.startsWith("#") || t.startsWith(";")) {
                continue;
            }
            if (t.startsWith("[") && t.endsWith("]")) {
                section = t.substring(1, t.length() - 1).strip();
                out.computeIfAbsent(section, s -> new HashMap<>()).putIfAbsent("", file + ":" + (i + 1));
                continue;
            }
            int eq = t.indexOf('=');
            int colon = t.indexOf(':');
            int at = eq < 0 ? colon : colon < 0 ? eq : Math.min(eq, colon);
            if (section != null && at > 0) {
                out.computeIfAbsent(section, s -> new HashMap<>()).put(t.substring(0, at).strip(), file + ":" + (i + 1));
            }
        }
        return out;
    }
}
