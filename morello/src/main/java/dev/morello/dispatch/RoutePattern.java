package dev.morello.dispatch;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * A route's path pattern, parsed once at connect time into segments.
 *
 * <ul>
 * <li>{@code text}: a literal segment, matched exactly.
 * <li>{@code {name}} or Routes' {@code :name} (also {@code :(name)}): a variable, one non-empty
 *     path segment.
 * <li>{@code {name:regex}}: a variable whose value must match the regex in full (braces inside
 *     the regex nest: {@code {year:\d{4}}}); a requirement given in the route's options does the
 *     same. As in Routes, a requirement that can match a {@code /} takes text across segments:
 *     {@code /files/{path:.*}} matches {@code /files/a/b/c} with {@code path = a/b/c}.
 * <li>A segment mixing text and variables ({@code {id}.{format}}) matches as one regex.
 * <li>{@code {*name}} or {@code *name}, last: the rest of the path, possibly empty.
 * <li>A pattern ending in {@code /} asks for the trailing slash; otherwise one is ignored.
 * </ul>
 *
 * Variables whose values have defaults may be left off the end of a path (Routes'
 * "minimization"): {@code /archive/{year}/{month}} with a default month matches
 * {@code /archive/2026}.
 *
 * <h2>Requirements that span segments</h2>
 * The route tree matches one path segment per edge, which honours a requirement only while it
 * cannot match a {@code /}. Whether one can is decided from the regex's text, conservatively
 * ({@link #staysInSegment}): {@code \d+}, {@code [a-z0-9_-]+} or {@code \w{3}} stay in their
 * segment; {@code .*}, {@code [^.]+}, {@code \S+} or anything unrecognised may not. From the
 * first segment holding one that may not, the rest of the pattern is compiled into one regex, the
 * route's {@link Tail}, matched against the rest of the path as Routes matches a whole route: a
 * plain variable is {@code [^/]+}, literal text is itself, segments are joined by {@code /}. So
 * either way a requirement means what it means in Routes.
 *
 * <p>What such a tail cannot honour is refused at connect, naming the pattern and why: a rest
 * variable after a spanning requirement (two parts that would both take the rest of the path),
 * and, in any requirement that is compiled into a larger regex (a tail, or a segment mixing text
 * and variables), an anchor ({@code ^}, {@code $}) or a numbered back-reference ({@code \1}),
 * which would mean something else there.
 */
final class RoutePattern {
    /** One path segment of a pattern. */
    sealed interface Segment permits Literal, Variable, Mixed {
    }

    record Literal(String text) implements Segment {
    }

    /**
     * One whole segment; {@code regex} null means any non-empty text. {@code spans}: the regex may
     * match a {@code /}, so the variable is matched in the route's {@link Tail}.
     */
    record Variable(String name, Pattern regex, boolean spans) implements Segment {
        boolean matches(String decoded) {
            return !decoded.isEmpty() && (regex == null || regex.matcher(decoded).matches());
        }
    }

    /** Text and variables in one segment, compiled to one regex with a group per variable. */
    record Mixed(List<Object> parts, Pattern regex, List<String> names, boolean spans) implements Segment {
        Matcher matcher(String decoded) {
            Matcher m = regex.matcher(decoded);
            return m.matches() ? m : null;
        }
    }

    /**
     * The part of a pattern matched as one regex against the rest of the path, from segment
     * {@code from} on: a requirement there may match across segments.
     *
     * @param names the variables, in the order of their groups {@code t0}, {@code t1} ...
     */
    record Tail(int from, Pattern regex, List<String> names) {
    }

    private static final String PLAIN = "{}";
    /** A plain variable inside a larger regex: one segment's worth, as Routes has it. */
    private static final String ONE_SEGMENT = "[^/]+";

    private final String source;
    private final List<Segment> segments;
    private final String rest;
    private final Pattern restRegex;
    private final boolean trailingSlash;
    private final List<String> variables;
    /** Segments from this index on may be left off a path: each is a variable with a default. */
    private final int optionalFrom;
    /** The segments matched as one regex, or null when every segment is matched on its own. */
    private final Tail tail;

    private RoutePattern(String source, List<Segment> segments, String rest, Pattern restRegex, boolean trailingSlash,
                         List<String> variables, int optionalFrom, Tail tail) {
        this.source = source;
        this.segments = segments;
        this.rest = rest;
        this.restRegex = restRegex;
        this.trailingSlash = trailingSlash;
        this.variables = variables;
        this.optionalFrom = optionalFrom;
        this.tail = tail;
    }

    /**
     * Parses a pattern.
     *
     * @param requirements variable name to regex, besides the inline ones
     * @param defaults     names of variables that have default values (enables minimization)
     * @throws IllegalArgumentException for unbalanced braces, a bad or repeated variable name, a
     *                                  rest variable not at the end, a regex that does not compile,
     *                                  or a requirement a larger regex cannot honour (see the class
     *                                  documentation)
     */
    static RoutePattern parse(String pattern, Map<String, String> requirements, Set<String> defaults) {
        if (pattern == null) {
            throw new IllegalArgumentException("a route needs a pattern");
        }
        String p = pattern.startsWith("/") ? pattern.substring(1) : pattern;
        boolean slash = p.endsWith("/") && !p.isEmpty();
        if (slash) {
            p = p.substring(0, p.length() - 1);
        }
        List<String> texts = split(pattern, p);
        List<Segment> segments = new ArrayList<>(texts.size());
        List<String> names = new ArrayList<>();
        Set<String> inline = new HashSet<>();
        String rest = null;
        Pattern restRegex = null;
        for (int i = 0; i < texts.size(); i++) {
            List<Object> parts = parts(pattern, texts.get(i));
            Var restVar = null;
            for (Object part : parts) {
                if (part instanceof Var v) {
                    if (!names.isEmpty() && names.contains(v.name)) {
                        throw new IllegalArgumentException("route " + pattern + " names variable '" + v.name + "' twice");
                    }
                    names.add(v.name);
                    if (v.regex != null) {
                        inline.add(v.name);
                        if (requirements.containsKey(v.name)) {
                            throw new IllegalArgumentException("route " + pattern + " gives variable '" + v.name
                                    + "' a requirement both inline and in its options");
                        }
                    }
                    if (v.rest) {
                        restVar = v;
                    }
                }
            }
            if (restVar != null) {
                if (parts.size() != 1 || i != texts.size() - 1 || slash) {
                    throw new IllegalArgumentException("route " + pattern + ": the rest variable '" + restVar.name
                            + "' must be a whole segment at the end of the pattern");
                }
                rest = restVar.name;
                restRegex = compile(pattern, restVar.name, requirementOf(restVar, requirements));
            } else if (parts.size() == 1 && parts.get(0) instanceof String literal) {
                segments.add(new Literal(literal));
            } else if (parts.size() == 1) {
                Var v = (Var) parts.get(0);
                String req = requirementOf(v, requirements);
                segments.add(new Variable(v.name, compile(pattern, v.name, req), req != null && !staysInSegment(req)));
            } else {
                segments.add(mixed(pattern, parts, requirements));
            }
        }
        int optionalFrom = segments.size();
        if (rest == null) {
            // minimization: trailing whole-segment variables with defaults may be left off
            while (optionalFrom > 0 && segments.get(optionalFrom - 1) instanceof Variable v && defaults.contains(v.name)) {
                optionalFrom--;
            }
        }
        Tail tail = tail(pattern, segments, requirements, slash);
        if (tail != null && rest != null) {
            throw new IllegalArgumentException("route " + pattern + ": the rest variable '" + rest
                    + "' cannot follow a requirement that takes text across segments; one of them must go");
        }
        if (tail != null && optionalFrom > tail.from()) {
            // the tail is one regex: it is matched whole or, when every variable in it has a default, left off whole
            optionalFrom = segments.size();
        }
        return new RoutePattern(pattern, List.copyOf(segments), rest, restRegex, slash, List.copyOf(names), optionalFrom,
                tail);
    }

    /** The tail regex from the first segment holding a spanning variable, or null when there is none. */
    private static Tail tail(String pattern, List<Segment> segments, Map<String, String> requirements, boolean slash) {
        int from = 0;
        while (from < segments.size() && !spans(segments.get(from))) {
            from++;
        }
        if (from == segments.size()) {
            return null;
        }
        StringBuilder re = new StringBuilder();
        List<String> names = new ArrayList<>();
        for (int i = from; i < segments.size(); i++) {
            if (i > from) {
                re.append('/');
            }
            switch (segments.get(i)) {
                case Literal l -> re.append(Pattern.quote(l.text));
                case Variable v -> group(pattern, re, names, v.name, v.regex == null ? null : v.regex.pattern(), ONE_SEGMENT);
                case Mixed m -> {
                    for (Object part : m.parts) {
                        if (part instanceof String literal) {
                            re.append(Pattern.quote(literal));
                        } else {
                            Variable v = (Variable) part;
                            group(pattern, re, names, v.name, v.regex == null ? null : v.regex.pattern(), ONE_SEGMENT + "?");
                        }
                    }
                }
            }
        }
        if (slash) {
            re.append('/');
        }
        return new Tail(from, compile(pattern, names.toString(), re.toString()), List.copyOf(names));
    }

    private static void group(String pattern, StringBuilder re, List<String> names, String name, String requirement,
                              String plain) {
        if (requirement != null) {
            checkEmbeddable(pattern, name, requirement);
        }
        re.append("(?<t").append(names.size()).append('>').append(requirement == null ? plain : requirement).append(')');
        names.add(name);
    }

    private static boolean spans(Segment s) {
        return switch (s) {
            case Literal l -> false;
            case Variable v -> v.spans;
            case Mixed m -> m.spans;
        };
    }

    /**
     * Whether a requirement can never match a {@code /}, judged from its text and on the safe side:
     * true only for regexes built of literal characters other than {@code /} and {@code .},
     * {@code \d \w \s} and the zero-width {@code \b \B}, escaped punctuation other than
     * {@code \/}, classes that are not negated and hold no {@code /} (ranges included), groups,
     * look-arounds, the {@code i} and {@code u} flags, quantifiers and alternation. Anything else
     * (a dot, {@code \S}, {@code [^x]}, {@code \p{..}}, a back-reference, other flags) may match
     * a slash, and sends the variable to the route's tail, which matches it exactly whatever it is.
     */
    static boolean staysInSegment(String regex) {
        int n = regex.length();
        int i = 0;
        while (i < n) {
            char c = regex.charAt(i);
            switch (c) {
                case '.', '/' -> {
                    return false;
                }
                case '\\' -> {
                    if (i + 1 >= n || !safeEscape(regex.charAt(i + 1))) {
                        return false;
                    }
                    i += 2;
                }
                case '[' -> {
                    int end = safeClassEnd(regex, i);
                    if (end < 0) {
                        return false;
                    }
                    i = end + 1;
                }
                case '(' -> {
                    int after = safeGroupOpening(regex, i);
                    if (after < 0) {
                        return false;
                    }
                    i = after;
                }
                default -> i++;
            }
        }
        return true;
    }

    /** {@code \d \w \s \b \B}, or escaped punctuation other than the slash. */
    private static boolean safeEscape(char e) {
        return "dwsbB".indexOf(e) >= 0 || e < 0x80 && !Character.isLetterOrDigit(e) && e != '/';
    }

    /** The index of the {@code ]} closing a class that cannot match a slash, or -1. */
    private static int safeClassEnd(String regex, int open) {
        int i = open + 1;
        int n = regex.length();
        if (i < n && (regex.charAt(i) == '^' || regex.charAt(i) == ']')) {
            return -1;
        }
        int prev = -1;
        while (i < n) {
            char c = regex.charAt(i);
            if (c == ']') {
                return i;
            }
            if (c == '[' || c == '/' || c == '&' && i + 1 < n && regex.charAt(i + 1) == '&') {
                return -1;
            }
            int literal;
            if (c == '\\') {
                if (i + 1 >= n || !safeEscape(regex.charAt(i + 1))) {
                    return -1;
                }
                char e = regex.charAt(i + 1);
                literal = "dwsbB".indexOf(e) >= 0 ? -1 : e;
                i += 2;
            } else if (c == '-' && prev >= 0 && i + 1 < n && regex.charAt(i + 1) != ']') {
                char hi = regex.charAt(i + 1);
                if (hi == '\\') {
                    if (i + 2 >= n || !safeEscape(regex.charAt(i + 2)) || "dwsbB".indexOf(regex.charAt(i + 2)) >= 0) {
                        return -1;
                    }
                    hi = regex.charAt(i + 2);
                    i++;
                }
                if (prev <= '/' && '/' <= hi) {
                    return -1;
                }
                i += 2;
                prev = -1;
                continue;
            } else {
                literal = c;
                i++;
            }
            prev = literal;
        }
        return -1;
    }

    /** The index after a group's opening that keeps the group's content what it is, or -1. */
    private static int safeGroupOpening(String regex, int open) {
        int i = open + 1;
        int n = regex.length();
        if (i >= n || regex.charAt(i) != '?') {
            return i;
        }
        i++;
        if (i >= n) {
            return -1;
        }
        char c = regex.charAt(i);
        if (c == ':' || c == '=' || c == '!') {
            return i + 1;
        }
        if (c == '<') {
            if (i + 1 < n && (regex.charAt(i + 1) == '=' || regex.charAt(i + 1) == '!')) {
                return i + 2;
            }
            int close = regex.indexOf('>', i);
            return close < 0 ? -1 : close + 1;
        }
        // inline flags: only case-insensitivity, which no slash has
        while (i < n && "iu-".indexOf(regex.charAt(i)) >= 0) {
            i++;
        }
        return i < n && (regex.charAt(i) == ')' || regex.charAt(i) == ':') ? i + 1 : -1;
    }

    /**
     * Refuses what a requirement cannot mean inside a larger regex: an anchor ({@code ^}, {@code $})
     * no longer at the ends of the text it was written for, and a numbered back-reference, which
     * would count the larger regex's groups.
     */
    private static void checkEmbeddable(String pattern, String name, String regex) {
        boolean inClass = false;
        for (int i = 0; i < regex.length(); i++) {
            char c = regex.charAt(i);
            if (c == '\\') {
                char e = i + 1 < regex.length() ? regex.charAt(i + 1) : ' ';
                if (!inClass && e >= '1' && e <= '9') {
                    throw new IllegalArgumentException("route " + pattern + ": the requirement for '" + name
                            + "' has a numbered back-reference, which cannot be kept when the route is compiled into"
                            + " one regex; use a named group and \\k<name>");
                }
                i++;
            } else if (c == '[') {
                inClass = true;
            } else if (c == ']') {
                inClass = false;
            } else if (!inClass && (c == '^' || c == '$')) {
                throw new IllegalArgumentException("route " + pattern + ": the requirement for '" + name
                        + "' has an anchor '" + c + "'; requirements are matched in full already, so leave it out");
            }
        }
    }

    /** A variable as parsed, before its segment is known to be whole or mixed. */
    private record Var(String name, String regex, boolean rest) {
    }

    private static String requirementOf(Var v, Map<String, String> requirements) {
        return v.regex != null ? v.regex : requirements.get(v.name);
    }

    private static Pattern compile(String pattern, String name, String regex) {
        if (regex == null) {
            return null;
        }
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new IllegalArgumentException("route " + pattern + ": the requirement for '" + name
                    + "' is not a valid regex: " + e.getDescription(), e);
        }
    }

    private static Mixed mixed(String pattern, List<Object> parts, Map<String, String> requirements) {
        StringBuilder re = new StringBuilder();
        List<String> names = new ArrayList<>();
        List<Object> kept = new ArrayList<>(parts.size());
        boolean spans = false;
        for (Object part : parts) {
            if (part instanceof String literal) {
                re.append(Pattern.quote(literal));
                kept.add(literal);
            } else {
                Var v = (Var) part;
                String req = requirementOf(v, requirements);
                if (req != null) {
                    checkEmbeddable(pattern, v.name, req);
                }
                boolean spanning = req != null && !staysInSegment(req);
                spans |= spanning;
                // named groups, so capturing groups inside a requirement do not shift ours
                re.append("(?<g").append(names.size()).append('>').append(req == null ? ".+?" : req).append(')');
                names.add(v.name);
                kept.add(new Variable(v.name, compile(pattern, v.name, req), spanning));
            }
        }
        return new Mixed(List.copyOf(kept), compile(pattern, names.toString(), re.toString()), List.copyOf(names),
                spans);
    }

    /** Splits at slashes outside braces; a slash inside a regex stays in its segment. */
    private static List<String> split(String pattern, String p) {
        List<String> out = new ArrayList<>();
        if (p.isEmpty()) {
            return out;
        }
        int depth = 0;
        int start = 0;
        for (int i = 0; i < p.length(); i++) {
            char c = p.charAt(i);
            if (c == '\\' && depth > 0) {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}') {
                if (--depth < 0) {
                    throw new IllegalArgumentException("route " + pattern + " has a '}' with no '{' at offset " + i);
                }
            } else if (c == '/' && depth == 0) {
                out.add(p.substring(start, i));
                start = i + 1;
            }
        }
        if (depth != 0) {
            throw new IllegalArgumentException("route " + pattern + " has a '{' with no '}'");
        }
        out.add(p.substring(start));
        return out;
    }

    /** A segment's parts: literal strings and {@link Var}s. */
    private static List<Object> parts(String pattern, String seg) {
        List<Object> parts = new ArrayList<>(2);
        StringBuilder literal = new StringBuilder();
        int i = 0;
        int n = seg.length();
        while (i < n) {
            char c = seg.charAt(i);
            if (c == '{') {
                int end = closing(seg, i);
                String inner = seg.substring(i + 1, end);
                boolean rest = inner.startsWith("*");
                if (rest) {
                    inner = inner.substring(1);
                }
                int colon = inner.indexOf(':');
                String name = colon < 0 ? inner : inner.substring(0, colon);
                String regex = colon < 0 ? null : inner.substring(colon + 1);
                if (regex != null && regex.isEmpty()) {
                    throw new IllegalArgumentException("route " + pattern + ": variable '" + name + "' has an empty requirement");
                }
                flush(parts, literal);
                parts.add(new Var(checkName(pattern, name), regex, rest));
                i = end + 1;
            } else if ((c == ':' || c == '*') && i + 1 < n && (isNameStart(seg.charAt(i + 1)) || seg.charAt(i + 1) == '(')) {
                int from = i + 1;
                int to;
                int next;
                if (seg.charAt(from) == '(') {
                    to = seg.indexOf(')', from);
                    if (to < 0) {
                        throw new IllegalArgumentException("route " + pattern + " has a '(' with no ')'");
                    }
                    from++;
                    next = to + 1;
                } else {
                    to = from;
                    while (to < n && isNamePart(seg.charAt(to))) {
                        to++;
                    }
                    next = to;
                }
                flush(parts, literal);
                parts.add(new Var(checkName(pattern, seg.substring(from, to)), null, c == '*'));
                i = next;
            } else {
                literal.append(c);
                i++;
            }
        }
        flush(parts, literal);
        if (parts.isEmpty()) {
            parts.add("");
        }
        return parts;
    }

    private static int closing(String seg, int open) {
        int depth = 0;
        for (int i = open; i < seg.length(); i++) {
            char c = seg.charAt(i);
            if (c == '\\') {
                i++;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i;
            }
        }
        throw new IllegalStateException("unbalanced braces passed the split: " + seg);
    }

    private static void flush(List<Object> parts, StringBuilder literal) {
        if (!literal.isEmpty()) {
            parts.add(literal.toString());
            literal.setLength(0);
        }
    }

    private static String checkName(String pattern, String name) {
        boolean ok = !name.isEmpty() && isNameStart(name.charAt(0));
        for (int i = 1; ok && i < name.length(); i++) {
            ok = isNamePart(name.charAt(i));
        }
        if (!ok) {
            throw new IllegalArgumentException("route " + pattern + ": '" + name
                    + "' is not a variable name (a letter or _, then letters, digits or _)");
        }
        return name;
    }

    private static boolean isNameStart(char c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c == '_';
    }

    private static boolean isNamePart(char c) {
        return isNameStart(c) || c >= '0' && c <= '9';
    }

    // ---- matching --------------------------------------------------------------------------

    String source() {
        return source;
    }

    List<Segment> segments() {
        return segments;
    }

    /** The rest variable's name, or null. */
    String rest() {
        return rest;
    }

    boolean trailingSlash() {
        return trailingSlash;
    }

    int optionalFrom() {
        return optionalFrom;
    }

    /** The segments matched as one regex, or null. */
    Tail tail() {
        return tail;
    }

    /**
     * The tail's match against the path from segment {@code depth} on (its text as it came,
     * {@code %2F} still encoded so it never separates segments), or null. A trailing slash the
     * pattern does not ask for is ignored, as everywhere: the text is tried as it is, as Routes
     * would (so {@code {path:.*}} keeps the slash), then without it.
     */
    Matcher tailMatch(RouteTree.Path path, int depth) {
        String text = path.restFrom(depth);
        Matcher m = tail.regex().matcher(text);
        if (m.matches()) {
            return m;
        }
        if (!trailingSlash && text.endsWith("/")) {
            m = tail.regex().matcher(text.substring(0, text.length() - 1));
            if (m.matches()) {
                return m;
            }
        }
        return null;
    }

    /** Every variable the pattern names, in order. */
    List<String> variables() {
        return variables;
    }

    boolean restMatches(String decoded) {
        return restRegex == null || restRegex.matcher(decoded).matches();
    }

    /** A segment's edge key in the route tree: segments with equal keys match the same text. */
    static String key(Segment s) {
        return switch (s) {
            case Literal l -> l.text;
            case Variable v -> v.regex == null ? PLAIN : "{" + v.regex.pattern() + "}";
            case Mixed m -> "<" + m.regex.pattern() + ">";
        };
    }

    /** Whether a (non-literal) segment matches a path segment as it came, {@code %2F} still encoded. */
    static boolean matches(Segment s, String raw) {
        return switch (s) {
            case Literal l -> l.text.equals(raw);
            case Variable v -> v.matches(decodeSlashes(raw));
            case Mixed m -> m.matcher(decodeSlashes(raw)) != null;
        };
    }

    /**
     * Puts the values this pattern captured into {@code out}: the first {@code used} segments
     * came from the path, and {@code restText} is the rest (or null when there is no rest
     * variable).
     */
    void capture(String[] segs, int used, String restText, Map<String, String> out) {
        capture(segs, used, restText, null, out);
    }

    /** As {@link #capture(String[], int, String, Map)}, with the tail's match when the route ended in its tail. */
    void capture(String[] segs, int used, String restText, Matcher tailMatch, Map<String, String> out) {
        for (int i = 0; i < used; i++) {
            Segment s = segments.get(i);
            if (s instanceof Variable v) {
                out.put(v.name, decodeSlashes(segs[i]));
            } else if (s instanceof Mixed m) {
                Matcher matcher = m.matcher(decodeSlashes(segs[i]));
                for (int g = 0; g < m.names.size(); g++) {
                    out.put(m.names.get(g), matcher.group("g" + g));
                }
            }
        }
        if (rest != null) {
            out.put(rest, decodeSlashes(restText));
        }
        if (tailMatch != null) {
            for (int g = 0; g < tail.names().size(); g++) {
                out.put(tail.names().get(g), decodeSlashes(tailMatch.group("t" + g)));
            }
        }
    }

    /** The path keeps {@code %2F} encoded so it does not split segments; values get it decoded. */
    static String decodeSlashes(String s) {
        if (s.indexOf('%') < 0) {
            return s;
        }
        return s.replace("%2F", "/").replace("%2f", "/");
    }

    // ---- building --------------------------------------------------------------------------

    /**
     * This pattern's path with the values filled in, each percent-encoded as a path segment.
     *
     * @param values values by variable name (null entries count as missing)
     * @throws IllegalArgumentException naming a variable with neither value nor default, or one
     *                                  whose value breaks its requirement
     */
    String build(Map<String, String> values) {
        StringBuilder b = new StringBuilder();
        int omittedAt = -1;
        for (int i = 0; i < segments.size(); i++) {
            Segment s = segments.get(i);
            switch (s) {
                case Literal l -> append(b.append('/'), l.text, false);
                case Variable v -> {
                    String value = values.get(v.name);
                    if (value == null) {
                        if (i < optionalFrom) {
                            throw missing(v.name);
                        }
                        omittedAt = omittedAt < 0 ? i : omittedAt;
                        continue;
                    }
                    if (omittedAt >= 0) {
                        // a later value cannot follow a left-off one
                        throw missing(((Variable) segments.get(omittedAt)).name);
                    }
                    require(v.name, v.regex, value);
                    append(b.append('/'), value, v.spans);
                }
                case Mixed m -> {
                    b.append('/');
                    for (Object part : m.parts) {
                        if (part instanceof String literal) {
                            append(b, literal, false);
                        } else {
                            Variable v = (Variable) part;
                            String value = values.get(v.name);
                            if (value == null) {
                                throw missing(v.name);
                            }
                            require(v.name, v.regex, value);
                            append(b, value, v.spans);
                        }
                    }
                }
            }
        }
        if (rest != null) {
            String value = values.get(rest);
            value = value == null ? "" : value;
            if (!restMatches(value)) {
                throw violated(rest, restRegex, value);
            }
            append(b.append('/'), value, true);
        }
        if (trailingSlash || b.isEmpty()) {
            b.append('/');
        }
        return b.toString();
    }

    private IllegalArgumentException missing(String name) {
        return new IllegalArgumentException("route " + source + " needs a value for '" + name + "'");
    }

    private void require(String name, Pattern regex, String value) {
        if (value.isEmpty()) {
            throw new IllegalArgumentException("route " + source + ": '" + name + "' may not be empty");
        }
        if (regex != null && !regex.matcher(value).matches()) {
            throw violated(name, regex, value);
        }
    }

    private IllegalArgumentException violated(String name, Pattern regex, String value) {
        return new IllegalArgumentException("route " + source + ": '" + name + "' = '" + value
                + "' does not match its requirement " + regex.pattern());
    }

    /**
     * Appends text percent-encoded as a path segment (RFC 3986 section 3.3: unreserved,
     * sub-delims, ':' and '@' stay as they are); a slash is kept only in a rest value or one
     * whose requirement spans segments.
     */
    private static void append(StringBuilder b, String text, boolean keepSlash) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte x : bytes) {
            int c = x & 0xff;
            boolean ok = c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                    || c < 0x80 && "-._~!$&'()*+,;=:@".indexOf(c) >= 0 || c == '/' && keepSlash;
            if (ok) {
                b.append((char) c);
            } else {
                b.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    @Override
    public String toString() {
        return source;
    }
}
