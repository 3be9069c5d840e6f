package dev.morello.internal.config;

import dev.morello.config.ConfigException;
import dev.morello.config.Keys;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * CherryPy's config file dialect (Python's {@code configparser} as CherryPy's
 * {@code lib/reprconf.py} sets it up): {@code [sections]} of {@code key = value} lines whose
 * values are Python literals, read by {@link Literals}.
 *
 * <pre>{@code
 * # site.conf
 * [DEFAULT]
 * root = "/var/www"
 *
 * [global]
 * server.socket_host = "0.0.0.0"
 * server.socket_port = 8080
 *
 * [/static]
 * tools.staticdir.on = True
 * tools.staticdir.dir = %(root)s + "/static"
 *
 * Map<String, Map<String, Object>> config = IniParser.parse(Path.of("site.conf"), NameResolver.NONE);
 * config.get("global").get("server.socket_port");  // 8080
 * config.get("/static").get("tools.staticdir.dir"); // "/var/www/static"
 * }</pre>
 *
 * <h2>The format</h2>
 * <ul>
 *   <li>{@code [name]} starts a section; the name is kept as written, without the blanks around
 *       it. A key before the first section, or a section named twice, is an error.</li>
 *   <li>{@code key = value} and {@code key: value} split at the first {@code =} or {@code :};
 *       key and value lose their surrounding blanks, keys keep their case, a key named twice in
 *       a section is an error.</li>
 *   <li>A line indented deeper than its key continues the value, joined with a line break; blank
 *       lines between continuation lines are kept, trailing ones are not.</li>
 *   <li>A line whose first non-blank character is {@code #} or {@code ;} is a comment, also
 *       between the lines of a continued value (as {@code configparser} reads it). A {@code #}
 *       later on a line belongs to the value, where {@link Literals} reads it as Python does: as
 *       a comment outside a string.</li>
 *   <li>Keys of {@code [DEFAULT]} appear in every other section that does not set them, after
 *       its own keys; {@code DEFAULT} itself is not in the result.</li>
 *   <li>{@code %(name)s} is replaced by the raw value of {@code name} from the same section, else
 *       from {@code DEFAULT}, itself interpolated, at most {@value #MAX_INTERPOLATION_DEPTH}
 *       deep; {@code %%} is a {@code %}; any other {@code %} is an error.</li>
 *   <li>UTF-8, with or without a byte order mark; {@code \n}, {@code \r\n} or {@code \r} line
 *       ends.</li>
 * </ul>
 *
 * <p>Where this differs from {@code configparser}: a section name loses the blanks around it,
 * where Python keeps them. As in Python, text after the {@code ]} of a section header (a comment,
 * say) is ignored. An interpolated value may not grow past {@value #MAX_EXPANDED} characters.
 *
 * <p>Every error is a {@link ConfigException} naming the source, line and column: for a bad
 * value, the column of its first bad character in the file; for text that interpolation put
 * there, the {@code %(name)s} that brought it in.
 */
public final class IniParser {
    /** The section whose keys every other section inherits. */
    static final String DEFAULT_SECTION = "DEFAULT";
    /** How deep {@code %(name)s} references may chain, as Python's {@code MAX_INTERPOLATION_DEPTH}. */
    static final int MAX_INTERPOLATION_DEPTH = 10;
    /** The longest a value may grow by interpolation. */
    static final int MAX_EXPANDED = 1 << 20;

    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private IniParser() {
    }

    /**
     * Reads a UTF-8 file and evaluates its values. Errors name the file as given.
     *
     * @throws ConfigException when the file is not a valid config
     * @throws IOException     when it cannot be read, or is not UTF-8
     */
    public static Map<String, Map<String, Object>> parse(Path file, NameResolver resolver) throws IOException {
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return parse(reader, file.toString(), resolver);
        }
    }

    /**
     * Reads a config and evaluates its values: sections in file order, each with its keys in
     * file order, then the {@code DEFAULT} keys it does not set.
     *
     * @param source the name errors give the text, e.g. a file name or {@code <string>}
     * @throws ConfigException when the text is not a valid config
     */
    public static Map<String, Map<String, Object>> parse(Reader reader, String source, NameResolver resolver)
            throws IOException {
        Objects.requireNonNull(resolver, "resolver");
        Map<String, Section> sections = read(reader, source);
        Map<String, Map<String, Object>> result = new LinkedHashMap<>();
        forEachValue(sections, source, (section, key, value) -> {
            Object evaluated = Literals.parse(value.text(), resolver, value.where(source));
            result.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, evaluated);
        });
        return frozen(sections, result);
    }

    /**
     * The raw strings after interpolation, before evaluation (for tools that want text). Same
     * order and same errors as {@link #parse(Reader, String, NameResolver)}, short of those of
     * the values' syntax.
     */
    public static Map<String, Map<String, String>> parseRaw(Reader reader, String source) throws IOException {
        Map<String, Section> sections = read(reader, source);
        Map<String, Map<String, String>> result = new LinkedHashMap<>();
        forEachValue(sections, source, (section, key, value) ->
                result.computeIfAbsent(section, s -> new LinkedHashMap<>()).put(key, value.text()));
        return frozen(sections, result);
    }

    private static Map<String, Section> read(Reader reader, String source) throws IOException {
        Objects.requireNonNull(source, "source");
        BufferedReader lines = reader instanceof BufferedReader buffered ? buffered : new BufferedReader(reader);
        Reading reading = new Reading(source);
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            reading.line(line);
        }
        return reading.finish();
    }

    private interface ValueSink {
        void accept(String section, String key, Located value);
    }

    /** Every value of every section but DEFAULT, interpolated, in result order. */
    private static void forEachValue(Map<String, Section> sections, String source, ValueSink sink) {
        Section defaults = sections.get(DEFAULT_SECTION);
        for (Section section : sections.values()) {
            if (section == defaults) {
                continue;
            }
            Interpolation interpolation = new Interpolation(source, section, defaults);
            for (Entry entry : section.entries.values()) {
                sink.accept(section.name, entry.key, interpolation.expand(entry.value, 1));
            }
            if (defaults != null) {
                for (Entry entry : defaults.entries.values()) {
                    if (!section.entries.containsKey(entry.key)) {
                        sink.accept(section.name, entry.key, interpolation.expand(entry.value, 1));
                    }
                }
            }
        }
    }

    /** Unmodifiable copies, with every section present, also an empty one. */
    private static <V> Map<String, Map<String, V>> frozen(Map<String, Section> sections,
                                                          Map<String, Map<String, V>> values) {
        Map<String, Map<String, V>> out = new LinkedHashMap<>();
        for (String name : sections.keySet()) {
            if (!name.equals(DEFAULT_SECTION)) {
                Map<String, V> section = values.get(name);
                out.put(name, section == null ? Map.of() : Collections.unmodifiableMap(section));
            }
        }
        return Collections.unmodifiableMap(out);
    }

    // ---------------------------------------------------------------------------------------

    private static final class Section {
        final String name;
        final int line;
        final Map<String, Entry> entries = new LinkedHashMap<>();

        Section(String name, int line) {
            this.name = name;
            this.line = line;
        }
    }

    private record Entry(String key, int line, Located value) {
    }

    /**
     * The reading, line by line: a state machine that takes lines and holds the sections read
     * so far. It does no I/O, so it reads the same from a file, a string or a network stream.
     */
    private static final class Reading {
        private enum State {
            /** Nothing but blanks and comments so far: only a section header may come. */
            BEFORE_SECTION,
            /** In a section, after its header or after a value that cannot continue. */
            IN_SECTION,
            /** Just after a key's line or a continuation of it: a deeper-indented line continues the value. */
            IN_VALUE
        }

        private final String source;
        private final Map<String, Section> sections = new LinkedHashMap<>();
        private State state = State.BEFORE_SECTION;
        private Section section;
        private Located value;
        /** The indentation of the key whose value may continue. */
        private int keyIndent;
        /** Blank lines seen inside a value, kept only if a continuation line follows. */
        private int pendingBlankLines;
        private int lineNumber;

        Reading(String source) {
            this.source = source;
        }

        /** Takes the next line, without its line end. */
        void line(String text) {
            lineNumber++;
            String line = lineNumber == 1 && !text.isEmpty() && text.charAt(0) == BYTE_ORDER_MARK
                    ? text.substring(1) : text;
            int indent = 0;
            while (indent < line.length() && Character.isWhitespace(line.charAt(indent))) {
                indent++;
            }
            int end = line.length();
            while (end > indent && Character.isWhitespace(line.charAt(end - 1))) {
                end--;
            }
            if (indent == end) {
                if (state == State.IN_VALUE) {
                    pendingBlankLines++;
                }
                return;
            }
            char first = line.charAt(indent);
            if (first == '#' || first == ';') {
                // configparser skips a full-line comment anywhere, also between the lines of a
                // continued value, without ending the value.
                return;
            }
            if (state == State.IN_VALUE && indent > keyIndent) {
                for (; pendingBlankLines > 0; pendingBlankLines--) {
                    value.lineBreak();
                }
                value.lineBreak();
                value.append(line, indent, end, lineNumber);
                return;
            }
            pendingBlankLines = 0;
            if (first == '[') {
                header(line, indent, end);
            } else if (state == State.BEFORE_SECTION) {
                throw error(indent, line.substring(indent, end), "expected a [section] header");
            } else {
                option(line, indent, end);
            }
        }

        /** The sections read, DEFAULT among them. */
        Map<String, Section> finish() {
            state = State.IN_SECTION;
            return sections;
        }

        private void header(String line, int indent, int end) {
            String text = line.substring(indent, end);
            // as Python's configparser: the header is up to the last ']'; what follows is ignored
            int close = line.lastIndexOf(']', end - 1);
            if (close < indent + 1) {
                throw error(end - 1, text, "expected ']' at the end of the section header");
            }
            String name = line.substring(indent + 1, close).strip();
            if (name.isEmpty()) {
                throw error(indent + 1, text, "expected a section name between '[' and ']'");
            }
            Section earlier = sections.get(name);
            if (earlier != null) {
                throw error(indent, text, "duplicate section [" + name + "]: first defined on line " + earlier.line);
            }
            section = new Section(name, lineNumber);
            sections.put(name, section);
            state = State.IN_SECTION;
        }

        private void option(String line, int indent, int end) {
            String text = line.substring(indent, end);
            int delimiter = indent;
            while (delimiter < end && line.charAt(delimiter) != '=' && line.charAt(delimiter) != ':') {
                delimiter++;
            }
            if (delimiter == end) {
                throw error(indent, text, "expected '=' or ':' between a key and its value");
            }
            String key = line.substring(indent, delimiter).strip();
            if (key.isEmpty()) {
                throw error(delimiter, text, "expected a key before '" + line.charAt(delimiter) + "'");
            }
            Entry earlier = section.entries.get(key);
            if (earlier != null) {
                throw error(indent, text, "duplicate key '" + key + "' in section [" + section.name
                        + "]: first defined on line " + earlier.line());
            }
            int valueStart = delimiter + 1;
            while (valueStart < end && Character.isWhitespace(line.charAt(valueStart))) {
                valueStart++;
            }
            value = new Located(lineNumber, valueStart + 1);
            value.append(line, valueStart, end, lineNumber);
            section.entries.put(key, new Entry(key, lineNumber, value));
            state = State.IN_VALUE;
            keyIndent = indent;
            pendingBlankLines = 0;
        }

        private ConfigException error(int index, String text, String expected) {
            return new ConfigException(source, lineNumber, index + 1, Literals.excerpt(text, 0), expected);
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Python's BasicInterpolation over one section, with DEFAULT behind it. */
    private static final class Interpolation {
        private final String source;
        private final Section section;
        private final Section defaults;

        Interpolation(String source, Section section, Section defaults) {
            this.source = source;
            this.section = section;
            this.defaults = defaults;
        }

        /**
         * The value with its references replaced; text brought in by a reference sits, for
         * errors, where the reference was.
         */
        Located expand(Located raw, int depth) {
            String s = raw.text();
            if (s.indexOf('%') < 0) {
                return raw;
            }
            Located out = new Located(raw.line(0), raw.column(0));
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (c != '%') {
                    out.add(c, raw.line(i), raw.column(i));
                    i++;
                    continue;
                }
                char next = i + 1 < s.length() ? s.charAt(i + 1) : '\0';
                if (next == '%') {
                    out.add('%', raw.line(i), raw.column(i));
                    i += 2;
                    continue;
                }
                if (next != '(') {
                    throw raw.error(source, i, "'%' must be followed by '%' or '('");
                }
                int close = s.indexOf(')', i + 2);
                if (close < 0 || close == i + 2 || close + 1 >= s.length() || s.charAt(close + 1) != 's') {
                    throw raw.error(source, i, "expected a reference of the form %(name)s");
                }
                String name = s.substring(i + 2, close);
                Entry target = lookup(name);
                if (target == null) {
                    throw raw.error(source, i, "no key '" + name + "' in section [" + section.name
                            + "] or [" + DEFAULT_SECTION + "] to interpolate");
                }
                Located inner = target.value();
                if (inner.text().indexOf('%') >= 0) {
                    if (depth >= MAX_INTERPOLATION_DEPTH) {
                        throw raw.error(source, i, "interpolation deeper than " + MAX_INTERPOLATION_DEPTH
                                + " levels (does a key refer to itself?)");
                    }
                    inner = expand(inner, depth + 1);
                }
                String brought = inner.text();
                if (out.text().length() + brought.length() > MAX_EXPANDED) {
                    throw raw.error(source, i, "interpolation makes the value longer than " + MAX_EXPANDED + " characters");
                }
                for (int k = 0; k < brought.length(); k++) {
                    out.add(brought.charAt(k), raw.line(i), raw.column(i));
                }
                i = close + 2;
            }
            out.end(raw.line(s.length()), raw.column(s.length()));
            return out;
        }

        private Entry lookup(String name) {
            Entry entry = section.entries.get(name);
            if (entry == null && defaults != null) {
                entry = defaults.entries.get(name);
            }
            return entry;
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Text and, for each character and for the position after the last, its line and column. */
    private static final class Located {
        private final StringBuilder text = new StringBuilder();
        private int[] lines = new int[16];
        private int[] columns = new int[16];
        private int endLine;
        private int endColumn;
        private String frozen;

        Located(int line, int column) {
            endLine = line;
            endColumn = column;
        }

        /** Characters {@code [from, to)} of a file line; column numbers are 1-based. */
        void append(String line, int from, int to, int lineNumber) {
            for (int i = from; i < to; i++) {
                add(line.charAt(i), lineNumber, i + 1);
            }
            endLine = lineNumber;
            endColumn = to + 1;
        }

        /** The break between two lines of a value, placed at the end of the first. */
        void lineBreak() {
            add('\n', endLine, endColumn);
        }

        void add(char c, int line, int column) {
            int n = text.length();
            if (n == lines.length) {
                lines = Arrays.copyOf(lines, n * 2);
                columns = Arrays.copyOf(columns, n * 2);
            }
            lines[n] = line;
            columns[n] = column;
            text.append(c);
            frozen = null;
            endLine = line;
            endColumn = column + 1;
        }

        void end(int line, int column) {
            endLine = line;
            endColumn = column;
        }

        String text() {
            if (frozen == null) {
                frozen = text.toString();
            }
            return frozen;
        }

        int line(int offset) {
            return offset < text.length() ? lines[offset] : endLine;
        }

        int column(int offset) {
            return offset < text.length() ? columns[offset] : endColumn;
        }

        Literals.Where where(String source) {
            int n = text.length();
            int[] l = Arrays.copyOf(lines, n + 1);
            int[] c = Arrays.copyOf(columns, n + 1);
            l[n] = endLine;
            c[n] = endColumn;
            return new Literals.Where(source, l, c);
        }

        ConfigException error(String source, int offset, String expected) {
            return new ConfigException(source, line(offset), column(offset), Literals.excerpt(text(), offset),
                    expected);
        }
    }
}
