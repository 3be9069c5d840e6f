package dev.morello.internal.config;

import dev.morello.config.ConfigException;
import dev.morello.config.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Python literals, as CherryPy's {@code unrepr} reads config values: parsed by a small
 * recursive-descent parser of our own (never a script engine), then evaluated. Nothing runs but
 * the arithmetic below and the {@link NameResolver} the caller hands over.
 *
 * <pre>{@code
 * Literals.parse("8080")                          // 8080 (Integer)
 * Literals.parse("'/var/www' + '/static'")        // "/var/www/static"
 * Literals.parse("{'a': [1, 2.5], 'b': (None,)}") // {a=[1, 2.5], b=(null,)}
 * Literals.parse("cherrypy.dispatch.MethodDispatcher()", resolver)
 * }</pre>
 *
 * <h2>What a value may be</h2>
 * <ul>
 *   <li>Strings: {@code '...'}, {@code "..."}, {@code '''...'''}, {@code """..."""} with Python's
 *       escapes; an unknown escape keeps its backslash, as Python does. Prefixes {@code r}
 *       (raw), {@code u} (ignored), {@code b} (kept as a {@link String}). Adjacent strings are
 *       joined: {@code "a" "b"} is {@code "ab"}.</li>
 *   <li>Numbers: decimal, {@code 0x}, {@code 0o} and {@code 0b} integers with {@code _}
 *       separators, as {@link Integer} if they fit, else {@link Long}, else {@link BigInteger};
 *       floats ({@code 1.5}, {@code .5}, {@code 1e3}) as {@link Double}. {@code inf} and
 *       {@code nan} are names, not numbers.</li>
 *   <li>{@code True}, {@code False}, {@code None}, and their JSON spellings {@code true},
 *       {@code false}, {@code null}.</li>
 *   <li>Lists {@code [..]} (unmodifiable {@link List}), tuples {@code (a, b)}, {@code (a,)},
 *       {@code ()} and a bare {@code a, b} ({@link Tuple}), dicts {@code {k: v}} (unmodifiable
 *       insertion-ordered {@link Map}) and sets {@code {a, b}} (unmodifiable insertion-ordered
 *       {@link Set}). Trailing commas are allowed; {@code (x)} is just {@code x}.</li>
 *   <li>Unary {@code -} and {@code +} on numbers; {@code +} adds numbers (an int and a float give
 *       a float) and joins strings, lists or tuples; {@code -} subtracts numbers; {@code *}
 *       multiplies numbers and repeats a string, list or tuple. {@code *} binds tighter than
 *       {@code +} and {@code -}.</li>
 *   <li>Names: a dotted path, optionally with a {@code ::method} suffix and a call
 *       {@code (args, key=value)}: {@code cherrypy.Application(root, "/", "app.conf")}. The
 *       resolver decides what a name means.</li>
 *   <li>A {@code #} outside a string starts a comment that runs to the end of the line, as in
 *       Python.</li>
 * </ul>
 *
 * <p>Line breaks may appear inside brackets, inside triple-quoted strings, after a backslash, and
 * around the whole value; elsewhere they end the value, as in Python. Empty text (or only
 * whitespace) is the empty string, as CherryPy keeps an empty value. Anything else is a
 * {@link ConfigException} pointing at the first bad character.
 *
 * <h2>Limits against hostile input</h2>
 * Brackets nest at most {@value #MAX_NESTING} deep; an integer literal has at most
 * {@value #MAX_DIGITS} digits (Python's own limit for decimal text); an integer result has at most
 * {@value #MAX_INTEGER_BITS} bits; a string, list or tuple built by {@code +} or {@code *} has at
 * most {@value #MAX_LENGTH} elements. Neither parsing nor evaluation recurses more than a few
 * frames per bracket, so no input overflows the stack.
 */
public final class Literals {
    /** Deepest bracket nesting a value may have. */
    static final int MAX_NESTING = 100;
    /** Most digits an integer literal may have. */
    static final int MAX_DIGITS = 4300;
    /** Most bits an integer computed by {@code +}, {@code -} or {@code *} may have. */
    static final int MAX_INTEGER_BITS = 65_536;
    /** Most characters or elements a string, list or tuple computed by {@code +} or {@code *} may have. */
    static final int MAX_LENGTH = 1 << 20;

    static final String A_LITERAL =
            "expected a Python literal: a string, a number, True, False, None, a list, a tuple or a dict";

    private static final String SOURCE_STRING = "<string>";
    private static final BigInteger INT_MIN = BigInteger.valueOf(Integer.MIN_VALUE);
    private static final BigInteger INT_MAX = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger LONG_MIN = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    private Literals() {
    }

    /** The value of a literal; names are refused. Errors name the source {@code <string>}. */
    public static Object parse(String text) {
        return parse(text, NameResolver.NONE);
    }

    /** The value of a literal, asking the resolver for the names it uses. */
    public static Object parse(String text, NameResolver resolver) {
        return parse(text, resolver, SOURCE_STRING, 1, 1);
    }

    /**
     * The value of a literal found inside a file: the text starts at {@code line} and
     * {@code column} of {@code source}, so an error points at the file position. A line break in
     * the text moves to column 1 of the next line.
     */
    public static Object parse(String text, NameResolver resolver, String source, int line, int column) {
        Objects.requireNonNull(text, "text");
        return parse(text, resolver, Where.from(source, text, line, column));
    }

    /** The value of a literal whose characters sit where {@code where} says. */
    static Object parse(String text, NameResolver resolver, Where where) {
        Objects.requireNonNull(resolver, "resolver");
        if (text.isBlank()) {
            return "";
        }
        Node tree = new Parser(text, where).value();
        return new Evaluator(text, where, resolver).eval(tree);
    }

    /**
     * Where each character of a text sits in its source; one entry more than the text has
     * characters, for the position just after it.
     */
    static final class Where {
        final String source;
        private final int[] lines;
        private final int[] columns;

        Where(String source, int[] lines, int[] columns) {
            this.source = Objects.requireNonNull(source, "source");
            this.lines = lines;
            this.columns = columns;
        }

        /** A text starting at a line and column; each line break moves to column 1 of the next line. */
        static Where from(String source, String text, int line, int column) {
            int n = text.length();
            int[] lines = new int[n + 1];
            int[] columns = new int[n + 1];
            int l = line;
            int c = column;
            for (int i = 0; i <= n; i++) {
                lines[i] = l;
                columns[i] = c;
                if (i < n && text.charAt(i) == '\n') {
                    l++;
                    c = 1;
                } else {
                    c++;
                }
            }
            return new Where(source, lines, columns);
        }

        int line(int offset) {
            return lines[Math.min(Math.max(offset, 0), lines.length - 1)];
        }

        int column(int offset) {
            return columns[Math.min(Math.max(offset, 0), columns.length - 1)];
        }

        /** An error at an offset of the text. */
        ConfigException error(String text, int offset, String expected) {
            return new ConfigException(source, line(offset), column(offset), excerpt(text, offset), expected);
        }
    }

    /** The text as a message shows it: whole if short, else the stretch around the offset. */
    static String excerpt(String text, int offset) {
        final int whole = 80;
        final int window = 60;
        if (text.length() <= whole) {
            return text;
        }
        int from = Math.max(0, Math.min(offset - window / 2, text.length() - window));
        int to = Math.min(text.length(), from + window);
        return (from > 0 ? "..." : "") + text.substring(from, to) + (to < text.length() ? "..." : "");
    }

    // ---------------------------------------------------------------------------------------
    // The syntax tree: parsing checks the whole value before anything is evaluated, so a resolver
    // is never called for a value that turns out to be malformed.

    private sealed interface Node permits Const, Seq, Dict, Signed, Chain, Name {
        /** Offset of the node's first character. */
        int at();
    }

    private record Const(int at, Object value) implements Node {
    }

    private enum Kind { LIST, TUPLE, SET }

    private record Seq(int at, Kind kind, List<Node> items) implements Node {
    }

    private record Dict(int at, List<Node> keys, List<Node> values) implements Node {
    }

    /** One or more unary signs before an operand; {@code negate} when the minuses are odd. */
    private record Signed(int at, boolean negate, char sign, Node operand) implements Node {
    }

    /** One binary operator and its right operand. */
    private record Step(int at, char op, Node operand) {
    }

    /**
     * {@code first op1 x1 op2 x2 ...} of one precedence level, kept flat so that a long sum is
     * evaluated by a loop, not by recursion.
     */
    private record Chain(Node first, List<Step> steps) implements Node {
        @Override
        public int at() {
            return first.at();
        }
    }

    /** A name, and its arguments when it is called ({@code args} null for a bare name). */
    private record Name(int at, String name, List<Node> args, List<String> keywords, List<Node> keywordValues)
            implements Node {
    }

    // ---------------------------------------------------------------------------------------

    /**
     * The parser: one method per grammar rule, each starting at {@code pos} on the rule's first
     * character and leaving {@code pos} just after the rule's last one.
     *
     * <pre>
     * value    = [tuple-or-expr]                       ; then only blanks and comments
     * expr     = term  (("+" | "-") term)*
     * term     = factor ("*" factor)*
     * factor   = ("+" | "-")* primary
     * primary  = string+ | number | constant | name | list | paren | braces
     * name     = ident ("." ident)* ["::" ident] ["(" [args] ")"]
     * </pre>
     */
    private static final class Parser {
        private final String s;
        private final int length;
        private final Where where;
        private int pos;
        /** How many brackets are open here: line breaks are blanks only inside brackets. */
        private int brackets;

        Parser(String s, Where where) {
            this.s = s;
            this.length = s.length();
            this.where = where;
        }

        Node value() {
            skipLines();
            Node node = topLevel();
            skipLines();
            if (pos < length) {
                throw fail(pos, "expected an operator, ',' or the end of the value");
            }
            return node;
        }

        /** An expression, or a tuple without parentheses ({@code 1, 2}) as Python reads it after '='. */
        private Node topLevel() {
            int at = pos;
            Node first = expr();
            skip();
            if (!peek(',')) {
                return first;
            }
            List<Node> items = new ArrayList<>();
            items.add(first);
            while (peek(',')) {
                pos++;
                skip();
                if (atLineEnd()) {
                    break;
                }
                items.add(expr());
                skip();
            }
            return new Seq(at, Kind.TUPLE, items);
        }

        private Node expr() {
            Node first = term();
            List<Step> steps = null;
            while (true) {
                skip();
                if (!peek('+') && !peek('-')) {
                    break;
                }
                char op = s.charAt(pos);
                int at = pos++;
                skip();
                if (steps == null) {
                    steps = new ArrayList<>();
                }
                steps.add(new Step(at, op, term()));
            }
            return steps == null ? first : new Chain(first, steps);
        }

        private Node term() {
            Node first = factor();
            List<Step> steps = null;
            while (true) {
                skip();
                if (!peek('*')) {
                    break;
                }
                int at = pos++;
                skip();
                if (steps == null) {
                    steps = new ArrayList<>();
                }
                steps.add(new Step(at, '*', factor()));
            }
            return steps == null ? first : new Chain(first, steps);
        }

        /** Signs are counted in a loop: a run of thousands of minuses costs no stack. */
        private Node factor() {
            int at = pos;
            boolean signed = false;
            boolean negate = false;
            char sign = '+';
            while (peek('+') || peek('-')) {
                signed = true;
                if (s.charAt(pos) == '-') {
                    negate = !negate;
                    sign = '-';
                }
                pos++;
                skip();
            }
            Node operand = primary();
            return signed ? new Signed(at, negate, sign, operand) : operand;
        }

        private Node primary() {
            if (pos >= length) {
                throw fail(pos, A_LITERAL);
            }
            char c = s.charAt(pos);
            if (isQuote(c)) {
                return strings();
            }
            if (isDigit(c) || (c == '.' && pos + 1 < length && isDigit(s.charAt(pos + 1)))) {
                return number();
            }
            if (c == '[') {
                return list();
            }
            if (c == '(') {
                return parenthesized();
            }
            if (c == '{') {
                return braces();
            }
            if (!isNameStart(c)) {
                throw fail(pos, A_LITERAL);
            }
            int end = nameEnd(pos);
            if (end < length && isQuote(s.charAt(end)) && isStringPrefix(pos, end)) {
                return strings();
            }
            return switch (s.substring(pos, end)) {
                case "True", "true" -> constant(end, Boolean.TRUE);
                case "False", "false" -> constant(end, Boolean.FALSE);
                case "None", "null" -> constant(end, null);
                default -> name();
            };
        }

        private Node constant(int end, Object value) {
            Node node = new Const(pos, value);
            pos = end;
            return node;
        }

        // --- strings ---

        /** One or more adjacent string literals, joined. */
        private Node strings() {
            int at = pos;
            StringBuilder out = new StringBuilder();
            boolean firstIsBytes = string(out);
            while (true) {
                int save = pos;
                skip();
                if (!atStringStart()) {
                    pos = save;
                    break;
                }
                int next = pos;
                if (string(out) != firstIsBytes) {
                    throw fail(next, "cannot mix bytes and nonbytes literals");
                }
            }
            return new Const(at, out.toString());
        }

        private boolean atStringStart() {
            if (pos >= length) {
                return false;
            }
            char c = s.charAt(pos);
            if (isQuote(c)) {
                return true;
            }
            if (!isNameStart(c)) {
                return false;
            }
            int end = nameEnd(pos);
            return end < length && isQuote(s.charAt(end)) && isStringPrefix(pos, end);
        }

        /** Whether {@code s[from, end)} is a string prefix Python knows. */
        private boolean isStringPrefix(int from, int end) {
            if (end - from > 2) {
                return false;
            }
            String prefix = s.substring(from, end).toLowerCase(java.util.Locale.ROOT);
            return switch (prefix) {
                case "r", "u", "b", "f", "br", "rb", "fr", "rf" -> true;
                default -> false;
            };
        }

        /** Reads one string literal at {@code pos} into {@code out}; true for a bytes literal. */
        private boolean string(StringBuilder out) {
            int start = pos;
            boolean raw = false;
            boolean bytes = false;
            boolean format = false;
            while (!isQuote(s.charAt(pos))) {
                switch (Character.toLowerCase(s.charAt(pos))) {
                    case 'r' -> raw = true;
                    case 'b' -> bytes = true;
                    case 'f' -> format = true;
                    default -> {
                        // 'u': Python 2's unicode marker, meaningless today
                    }
                }
                pos++;
            }
            if (format) {
                throw fail(start, "expected a plain string: f-strings are not supported");
            }
            char quote = s.charAt(pos);
            boolean triple = pos + 2 < length && s.charAt(pos + 1) == quote && s.charAt(pos + 2) == quote;
            pos += triple ? 3 : 1;
            String unterminated = triple ? "unterminated triple-quoted string" : "unterminated string";
            while (true) {
                if (pos >= length) {
                    throw fail(start, unterminated);
                }
                char c = s.charAt(pos);
                if (c == quote) {
                    if (!triple) {
                        pos++;
                        return bytes;
                    }
                    if (pos + 2 < length && s.charAt(pos + 1) == quote && s.charAt(pos + 2) == quote) {
                        pos += 3;
                        return bytes;
                    }
                    out.append(c);
                    pos++;
                } else if (c == '\n' || c == '\r') {
                    if (!triple) {
                        throw fail(start, unterminated);
                    }
                    out.append('\n');
                    pos += lineBreakLength(pos);
                } else if (c == '\\') {
                    escape(out, raw, bytes, start, unterminated);
                } else {
                    if (bytes && c > 0x7f) {
                        throw fail(pos, "bytes can only contain ASCII literal characters");
                    }
                    out.append(c);
                    pos++;
                }
            }
        }

        /** One backslash sequence at {@code pos}, as Python's string literals read them. */
        private void escape(StringBuilder out, boolean raw, boolean bytes, int start, String unterminated) {
            int at = pos;
            if (pos + 1 >= length) {
                throw fail(start, unterminated);
            }
            char e = s.charAt(pos + 1);
            if (e == '\n' || e == '\r') {
                // A backslash at the end of a line continues the string on the next one; a raw
                // string keeps both characters.
                int after = pos + 1 + lineBreakLength(pos + 1);
                if (raw) {
                    out.append('\\').append('\n');
                }
                pos = after;
                return;
            }
            pos += 2;
            if (raw) {
                // The backslash stays, but still keeps a quote after it from ending the string.
                out.append('\\').append(e);
                return;
            }
            switch (e) {
                case '\\', '\'', '"' -> out.append(e);
                case 'a' -> out.append('\u0007');
                case 'b' -> out.append('\b');
                case 'f' -> out.append('\f');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 't' -> out.append('\t');
                case 'v' -> out.append('\u000b');
                case '0', '1', '2', '3', '4', '5', '6', '7' -> {
                    int value = e - '0';
                    for (int k = 0; k < 2 && pos < length && isOctalDigit(s.charAt(pos)); k++) {
                        value = value * 8 + (s.charAt(pos++) - '0');
                    }
                    out.append((char) value);
                }
                case 'x' -> out.append((char) hexEscape(2, at, "truncated \\xXX escape"));
                case 'u' -> {
                    if (bytes) {
                        out.append('\\').append(e);
                    } else {
                        out.append((char) hexEscape(4, at, "truncated \\uXXXX escape"));
                    }
                }
                case 'U' -> {
                    if (bytes) {
                        out.append('\\').append(e);
                    } else {
                        long codePoint = hexEscape(8, at, "truncated \\UXXXXXXXX escape");
                        if (codePoint > Character.MAX_CODE_POINT) {
                            throw fail(at, "illegal Unicode character in \\U escape");
                        }
                        out.appendCodePoint((int) codePoint);
                    }
                }
                case 'N' -> {
                    if (bytes) {
                        out.append('\\').append(e);
                    } else {
                        out.appendCodePoint(namedCharacter(at));
                    }
                }
                // Python keeps the backslash of an escape it does not know: "\d" is two characters.
                default -> out.append('\\').append(e);
            }
        }

        /** Exactly {@code digits} hex digits at {@code pos}. */
        private long hexEscape(int digits, int at, String truncated) {
            long value = 0;
            for (int k = 0; k < digits; k++) {
                int d = pos < length ? digitValue(s.charAt(pos)) : -1;
                if (d < 0 || d >= 16) {
                    throw fail(at, truncated);
                }
                value = value * 16 + d;
                pos++;
            }
            return value;
        }

        /** {@code \N{NAME}}: a character by its Unicode name. */
        private int namedCharacter(int at) {
            final int longestName = 128;
            if (pos >= length || s.charAt(pos) != '{') {
                throw fail(at, "malformed \\N character escape: expected \\N{NAME}");
            }
            int close = s.indexOf('}', pos + 1);
            if (close < 0 || close == pos + 1 || close - pos > longestName) {
                throw fail(at, "malformed \\N character escape: expected \\N{NAME}");
            }
            String name = s.substring(pos + 1, close);
            try {
                int codePoint = Character.codePointOf(name);
                pos = close + 1;
                return codePoint;
            } catch (IllegalArgumentException e) {
                throw fail(at, "unknown Unicode character name in \\N escape");
            }
        }

        // --- numbers ---

        private Node number() {
            int start = pos;
            if (s.charAt(pos) == '0' && pos + 1 < length) {
                int radix = switch (s.charAt(pos + 1)) {
                    case 'x', 'X' -> 16;
                    case 'o', 'O' -> 8;
                    case 'b', 'B' -> 2;
                    default -> 0;
                };
                if (radix != 0) {
                    return prefixedInteger(start, radix);
                }
            }
            int intDigits = digits(10);
            boolean isFloat = false;
            if (peek('.')) {
                pos++;
                digits(10);
                isFloat = true;
            }
            if (peek('e') || peek('E')) {
                pos++;
                if (peek('+') || peek('-')) {
                    pos++;
                }
                if (digits(10) == 0) {
                    throw fail(pos, "invalid decimal literal: expected digits in the exponent");
                }
                isFloat = true;
            }
            if (pos < length && isNamePart(s.charAt(pos))) {
                throw fail(pos, "invalid decimal literal");
            }
            String literal = withoutUnderscores(start, pos);
            if (isFloat) {
                // The syntax is checked above, by our own loop; what remains is ASCII digits, at
                // most one '.', and an exponent, which Double's own conversion rounds correctly.
                return new Const(start, Double.valueOf(literal));
            }
            if (intDigits > 1 && literal.charAt(0) == '0' && !literal.chars().allMatch(ch -> ch == '0')) {
                throw fail(start, "leading zeros in decimal integer literals are not permitted;"
                        + " use an 0o prefix for octal integers");
            }
            return new Const(start, integer(literal, 0, 10, start));
        }

        private Node prefixedInteger(int start, int radix) {
            String kind = switch (radix) {
                case 16 -> "hexadecimal";
                case 8 -> "octal";
                default -> "binary";
            };
            pos += 2;
            // Python allows one underscore right after the prefix: 0x_ff.
            if (peek('_') && pos + 1 < length && isDigitOf(s.charAt(pos + 1), radix)) {
                pos++;
            }
            if (digits(radix) == 0) {
                throw fail(pos, "invalid " + kind + " literal");
            }
            if (pos < length && isNamePart(s.charAt(pos))) {
                throw fail(pos, "invalid " + kind + " literal");
            }
            String literal = withoutUnderscores(start, pos);
            return new Const(start, integer(literal, 2, radix, start));
        }

        /**
         * Skips digits of a radix with single underscores between them and returns how many
         * digits there were. An underscore not between two digits is left for the caller to
         * reject.
         */
        private int digits(int radix) {
            int count = 0;
            while (pos < length) {
                char c = s.charAt(pos);
                if (isDigitOf(c, radix)) {
                    count++;
                    pos++;
                } else if (c == '_' && count > 0 && pos + 1 < length && isDigitOf(s.charAt(pos + 1), radix)) {
                    pos++;
                } else {
                    break;
                }
            }
            return count;
        }

        private String withoutUnderscores(int from, int to) {
            StringBuilder out = new StringBuilder(to - from);
            for (int i = from; i < to; i++) {
                char c = s.charAt(i);
                if (c != '_') {
                    out.append(c);
                }
            }
            return out.toString();
        }

        /** The integer whose digits (already checked) start at {@code from} of {@code literal}. */
        private Number integer(String literal, int from, int radix, int at) {
            if (literal.length() - from > MAX_DIGITS) {
                throw fail(at, "integer literal too long: at most " + MAX_DIGITS + " digits");
            }
            long value = 0;
            BigInteger big = null;
            BigInteger bigRadix = BigInteger.valueOf(radix);
            for (int i = from; i < literal.length(); i++) {
                int d = digitValue(literal.charAt(i));
                if (big == null) {
                    if (value <= (Long.MAX_VALUE - d) / radix) {
                        value = value * radix + d;
                        continue;
                    }
                    big = BigInteger.valueOf(value);
                }
                big = big.multiply(bigRadix).add(BigInteger.valueOf(d));
            }
            return big == null ? narrow(value) : big;
        }

        // --- containers ---

        private Node list() {
            int at = pos;
            open();
            List<Node> items = new ArrayList<>();
            skip();
            while (!peek(']')) {
                items.add(expr());
                skip();
                if (peek(',')) {
                    pos++;
                    skip();
                } else if (!peek(']')) {
                    throw fail(pos, "expected ',' or ']'");
                }
            }
            close();
            return new Seq(at, Kind.LIST, items);
        }

        /** {@code ()}, {@code (x)} (just x), {@code (x,)}, {@code (x, y)}. */
        private Node parenthesized() {
            int at = pos;
            open();
            skip();
            if (peek(')')) {
                close();
                return new Seq(at, Kind.TUPLE, List.of());
            }
            Node first = expr();
            skip();
            if (peek(')')) {
                close();
                return first;
            }
            if (!peek(',')) {
                throw fail(pos, "expected ',' or ')'");
            }
            List<Node> items = new ArrayList<>();
            items.add(first);
            while (peek(',')) {
                pos++;
                skip();
                if (peek(')')) {
                    break;
                }
                items.add(expr());
                skip();
            }
            if (!peek(')')) {
                throw fail(pos, "expected ',' or ')'");
            }
            close();
            return new Seq(at, Kind.TUPLE, items);
        }

        /** {@code {}} (an empty dict), {@code {k: v, ...}} or {@code {a, ...}} (a set). */
        private Node braces() {
            int at = pos;
            open();
            skip();
            if (peek('}')) {
                close();
                return new Dict(at, List.of(), List.of());
            }
            Node first = expr();
            skip();
            if (peek(':')) {
                return dictFrom(at, first);
            }
            if (!peek(',') && !peek('}')) {
                throw fail(pos, "expected ':', ',' or '}'");
            }
            List<Node> items = new ArrayList<>();
            items.add(first);
            while (peek(',')) {
                pos++;
                skip();
                if (peek('}')) {
                    break;
                }
                items.add(expr());
                skip();
            }
            if (!peek('}')) {
                throw fail(pos, "expected ',' or '}'");
            }
            close();
            return new Seq(at, Kind.SET, items);
        }

        /** The rest of a dict whose first key has been read; {@code pos} is on its ':'. */
        private Node dictFrom(int at, Node firstKey) {
            List<Node> keys = new ArrayList<>();
            List<Node> values = new ArrayList<>();
            Node key = firstKey;
            while (true) {
                pos++; // the ':'
                skip();
                keys.add(key);
                values.add(expr());
                skip();
                if (peek('}')) {
                    break;
                }
                if (!peek(',')) {
                    throw fail(pos, "expected ',' or '}'");
                }
                pos++;
                skip();
                if (peek('}')) {
                    break;
                }
                key = expr();
                skip();
                if (!peek(':')) {
                    throw fail(pos, "expected ':'");
                }
            }
            close();
            return new Dict(at, keys, values);
        }

        // --- names ---

        private Node name() {
            int at = pos;
            pos = nameEnd(pos);
            while (peek('.')) {
                pos++;
                if (pos >= length || !isNameStart(s.charAt(pos))) {
                    throw fail(pos, "expected a name after '.'");
                }
                pos = nameEnd(pos);
            }
            if (s.startsWith("::", pos)) {
                pos += 2;
                if (pos >= length || !isNameStart(s.charAt(pos))) {
                    throw fail(pos, "expected a method name after '::'");
                }
                pos = nameEnd(pos);
            }
            String name = s.substring(at, pos);
            int save = pos;
            skip();
            if (!peek('(')) {
                pos = save;
                return new Name(at, name, null, List.of(), List.of());
            }
            open();
            skip();
            List<Node> args = new ArrayList<>();
            List<String> keywords = new ArrayList<>();
            List<Node> keywordValues = new ArrayList<>();
            while (!peek(')')) {
                int argAt = pos;
                String keyword = keyword();
                if (keyword != null) {
                    if (keywords.contains(keyword)) {
                        throw fail(argAt, "keyword argument repeated: " + keyword);
                    }
                    skip();
                    keywords.add(keyword);
                    keywordValues.add(expr());
                } else if (peek('*')) {
                    throw fail(argAt, "expected an argument: unpacking with * and ** is not supported");
                } else if (!keywords.isEmpty()) {
                    throw fail(argAt, "positional argument follows keyword argument");
                } else {
                    args.add(expr());
                }
                skip();
                if (peek(',')) {
                    pos++;
                    skip();
                } else if (!peek(')')) {
                    throw fail(pos, "expected ',' or ')'");
                }
            }
            close();
            return new Name(at, name, args, keywords, keywordValues);
        }

        /** The keyword of a {@code key=value} argument at {@code pos}, moving past its '='; else null. */
        private String keyword() {
            if (pos >= length || !isNameStart(s.charAt(pos))) {
                return null;
            }
            int end = nameEnd(pos);
            int k = end;
            while (k < length && isBlankOrLineBreak(s.charAt(k))) {
                k++;
            }
            if (k < length && s.charAt(k) == '=' && (k + 1 >= length || s.charAt(k + 1) != '=')) {
                String keyword = s.substring(pos, end);
                pos = k + 1;
                return keyword;
            }
            return null;
        }

        // --- blanks and brackets ---

        private void open() {
            if (brackets >= MAX_NESTING) {
                throw fail(pos, "nesting deeper than " + MAX_NESTING + " levels");
            }
            brackets++;
            pos++;
        }

        private void close() {
            brackets--;
            pos++;
        }

        /** Skips blanks, comments and backslash line joins; line breaks too inside brackets. */
        private void skip() {
            while (pos < length) {
                char c = s.charAt(pos);
                if (c == ' ' || c == '\t' || c == '\f') {
                    pos++;
                } else if (c == '#') {
                    while (pos < length && s.charAt(pos) != '\n' && s.charAt(pos) != '\r') {
                        pos++;
                    }
                } else if (c == '\\' && pos + 1 < length && isLineBreak(s.charAt(pos + 1))) {
                    pos += 1 + lineBreakLength(pos + 1);
                } else if (isLineBreak(c) && brackets > 0) {
                    pos++;
                } else {
                    return;
                }
            }
        }

        /** Skips blanks, comments and line breaks, wherever it is: before and after the whole value. */
        private void skipLines() {
            while (true) {
                skip();
                if (pos < length && isLineBreak(s.charAt(pos))) {
                    pos++;
                } else {
                    return;
                }
            }
        }

        private boolean atLineEnd() {
            return pos >= length || isLineBreak(s.charAt(pos));
        }

        private int lineBreakLength(int at) {
            return s.charAt(at) == '\r' && at + 1 < length && s.charAt(at + 1) == '\n' ? 2 : 1;
        }

        private boolean peek(char c) {
            return pos < length && s.charAt(pos) == c;
        }

        private int nameEnd(int from) {
            int i = from;
            while (i < length && isNamePart(s.charAt(i))) {
                i++;
            }
            return i;
        }

        private ConfigException fail(int offset, String expected) {
            return where.error(s, offset, expected);
        }
    }

    // ---------------------------------------------------------------------------------------

    /** Turns a checked tree into values; the only place the resolver is called. */
    private static final class Evaluator {
        private final String text;
        private final Where where;
        private final NameResolver resolver;

        Evaluator(String text, Where where, NameResolver resolver) {
            this.text = text;
            this.where = where;
            this.resolver = resolver;
        }

        Object eval(Node node) {
            return switch (node) {
                case Const c -> c.value();
                case Seq q -> sequence(q);
                case Dict d -> dict(d);
                case Signed g -> signed(g);
                case Chain c -> chain(c);
                case Name n -> name(n);
            };
        }

        private Object sequence(Seq seq) {
            List<Object> items = new ArrayList<>(seq.items().size());
            for (Node item : seq.items()) {
                items.add(eval(item));
            }
            return switch (seq.kind()) {
                case LIST -> Collections.unmodifiableList(items);
                case TUPLE -> Tuple.copyOf(items);
                case SET -> {
                    Set<Object> set = new LinkedHashSet<>();
                    for (int i = 0; i < items.size(); i++) {
                        set.add(hashable(items.get(i), seq.items().get(i)));
                    }
                    yield Collections.unmodifiableSet(set);
                }
            };
        }

        private Object dict(Dict dict) {
            // Python keeps the first position of a repeated key and the last value, as put() does.
            Map<Object, Object> map = new LinkedHashMap<>();
            for (int i = 0; i < dict.keys().size(); i++) {
                Object key = hashable(eval(dict.keys().get(i)), dict.keys().get(i));
                map.put(key, eval(dict.values().get(i)));
            }
            return Collections.unmodifiableMap(map);
        }

        /**
         * Python refuses a list, dict or set as a dict key or set element, since they can
         * change; so do we, so that a config means the same in both.
         */
        private Object hashable(Object value, Node node) {
            String unhashable = unhashableType(value);
            if (unhashable != null) {
                throw fail(node.at(), "unhashable type: '" + unhashable + "'");
            }
            return value;
        }

        private static String unhashableType(Object value) {
            if (value instanceof Tuple tuple) {
                for (Object item : tuple) {
                    String inner = unhashableType(item);
                    if (inner != null) {
                        return inner;
                    }
                }
                return null;
            }
            if (value instanceof List || value instanceof Map || value instanceof Set) {
                return typeName(value);
            }
            return null;
        }

        private Object signed(Signed node) {
            Object value = eval(node.operand());
            if (!isNumber(value)) {
                throw fail(node.at(), "bad operand type for unary " + node.sign() + ": '" + typeName(value) + "'");
            }
            if (!node.negate()) {
                return value instanceof Boolean b ? (b ? 1 : 0) : value;
            }
            if (value instanceof Double d) {
                return -d;
            }
            return bounded(toBig(value).negate(), node.at());
        }

        private Object chain(Chain chain) {
            Object result = eval(chain.first());
            for (Step step : chain.steps()) {
                result = apply(step.op(), result, eval(step.operand()), step.at());
            }
            return result;
        }

        private Object apply(char op, Object a, Object b, int at) {
            if (isNumber(a) && isNumber(b)) {
                return arithmetic(op, a, b, at);
            }
            if (op == '+') {
                if (a instanceof String x && b instanceof String y) {
                    checkLength((long) x.length() + y.length(), at);
                    return x + y;
                }
                if (a instanceof Tuple x && b instanceof Tuple y) {
                    return Tuple.copyOf(joined(x, y, at));
                }
                if (isList(a) && isList(b)) {
                    return Collections.unmodifiableList(joined((List<?>) a, (List<?>) b, at));
                }
            } else if (op == '*') {
                if (isInteger(b) && isSequence(a)) {
                    return repeat(a, toBig(b), at);
                }
                if (isInteger(a) && isSequence(b)) {
                    return repeat(b, toBig(a), at);
                }
            }
            throw fail(at, "unsupported operand types for " + op + ": '" + typeName(a) + "' and '"
                    + typeName(b) + "'");
        }

        /** Python's promotion: int op int is an int of any size; with a float, a float. */
        private Object arithmetic(char op, Object a, Object b, int at) {
            if (a instanceof Double || b instanceof Double) {
                double x = toDouble(a);
                double y = toDouble(b);
                return switch (op) {
                    case '+' -> x + y;
                    case '-' -> x - y;
                    default -> x * y;
                };
            }
            BigInteger x = toBig(a);
            BigInteger y = toBig(b);
            if (op == '*' && (long) x.bitLength() + y.bitLength() > MAX_INTEGER_BITS + 1L) {
                throw fail(at, "integer result too large: more than " + MAX_INTEGER_BITS + " bits");
            }
            BigInteger result = switch (op) {
                case '+' -> x.add(y);
                case '-' -> x.subtract(y);
                default -> x.multiply(y);
            };
            return bounded(result, at);
        }

        private Number bounded(BigInteger value, int at) {
            if (value.bitLength() > MAX_INTEGER_BITS) {
                throw fail(at, "integer result too large: more than " + MAX_INTEGER_BITS + " bits");
            }
            return narrow(value);
        }

        private List<Object> joined(List<?> a, List<?> b, int at) {
            checkLength((long) a.size() + b.size(), at);
            List<Object> out = new ArrayList<>(a.size() + b.size());
            out.addAll(a);
            out.addAll(b);
            return out;
        }

        private Object repeat(Object sequence, BigInteger times, int at) {
            int size = sequence instanceof String str ? str.length() : ((List<?>) sequence).size();
            int count = times.signum() <= 0 || size == 0 ? 0 : -1;
            if (count < 0) {
                if (times.bitLength() > 31 || (long) size * times.intValue() > MAX_LENGTH) {
                    throw fail(at, "repetition result too long: more than " + MAX_LENGTH + " items");
                }
                count = times.intValue();
            }
            if (sequence instanceof String str) {
                return str.repeat(count);
            }
            List<Object> out = new ArrayList<>(size * count);
            for (int i = 0; i < count; i++) {
                out.addAll((List<?>) sequence);
            }
            return sequence instanceof Tuple ? Tuple.copyOf(out) : Collections.unmodifiableList(out);
        }

        private void checkLength(long length, int at) {
            if (length > MAX_LENGTH) {
                throw fail(at, "result too long: more than " + MAX_LENGTH + " items");
            }
        }

        private Object name(Name node) {
            List<Object> args = null;
            Map<String, Object> kwargs = Map.of();
            if (node.args() != null) {
                List<Object> positional = new ArrayList<>(node.args().size());
                for (Node arg : node.args()) {
                    positional.add(eval(arg));
                }
                args = Collections.unmodifiableList(positional);
                if (!node.keywords().isEmpty()) {
                    Map<String, Object> named = new LinkedHashMap<>();
                    for (int i = 0; i < node.keywords().size(); i++) {
                        named.put(node.keywords().get(i), eval(node.keywordValues().get(i)));
                    }
                    kwargs = Collections.unmodifiableMap(named);
                }
            }
            try {
                return resolver.resolve(node.name(), args, kwargs);
            } catch (IllegalArgumentException e) {
                String reason = e.getMessage() == null || e.getMessage().isBlank() ? "unknown name" : e.getMessage();
                throw fail(node.at(), resolver == NameResolver.NONE
                        ? A_LITERAL + " (" + reason + ")"
                        : "cannot resolve '" + node.name() + "': " + reason);
            }
        }

        private ConfigException fail(int offset, String expected) {
            return where.error(text, offset, expected);
        }
    }

    // ---------------------------------------------------------------------------------------
    // Character classes and number helpers.

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isOctalDigit(char c) {
        return c >= '0' && c <= '7';
    }

    /** The value of an ASCII digit or letter digit ({@code a}-{@code f} either case), else -1. */
    private static int digitValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }

    private static boolean isDigitOf(char c, int radix) {
        int d = digitValue(c);
        return d >= 0 && d < radix;
    }

    private static boolean isQuote(char c) {
        return c == '\'' || c == '"';
    }

    private static boolean isNameStart(char c) {
        return c == '_' || Character.isLetter(c);
    }

    private static boolean isNamePart(char c) {
        return c == '_' || Character.isLetterOrDigit(c);
    }

    private static boolean isLineBreak(char c) {
        return c == '\n' || c == '\r';
    }

    private static boolean isBlankOrLineBreak(char c) {
        return c == ' ' || c == '\t' || c == '\f' || isLineBreak(c);
    }

    /** Python's bool is an int: True + 1 is 2. */
    private static boolean isNumber(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof Double
                || v instanceof Boolean;
    }

    private static boolean isInteger(Object v) {
        return v instanceof Integer || v instanceof Long || v instanceof BigInteger || v instanceof Boolean;
    }

    private static boolean isList(Object v) {
        return v instanceof List && !(v instanceof Tuple);
    }

    private static boolean isSequence(Object v) {
        return v instanceof String || v instanceof List;
    }

    private static BigInteger toBig(Object v) {
        return switch (v) {
            case BigInteger b -> b;
            case Boolean b -> b ? BigInteger.ONE : BigInteger.ZERO;
            default -> BigInteger.valueOf(((Number) v).longValue());
        };
    }

    private static double toDouble(Object v) {
        return switch (v) {
            case Boolean b -> b ? 1.0 : 0.0;
            default -> ((Number) v).doubleValue();
        };
    }

    /** The smallest of Integer, Long and BigInteger that holds the value. */
    private static Number narrow(long value) {
        if (value >= Integer.MIN_VALUE && value <= Integer.MAX_VALUE) {
            return Integer.valueOf((int) value);
        }
        return Long.valueOf(value);
    }

    private static Number narrow(BigInteger value) {
        if (value.compareTo(INT_MIN) >= 0 && value.compareTo(INT_MAX) <= 0) {
            return value.intValue();
        }
        if (value.compareTo(LONG_MIN) >= 0 && value.compareTo(LONG_MAX) <= 0) {
            return value.longValue();
        }
        return value;
    }

    /** Python's name for a value's type, as its error messages say it. */
    static String typeName(Object v) {
        return switch (v) {
            case null -> "NoneType";
            case Boolean b -> "bool";
            case Integer i -> "int";
            case Long l -> "int";
            case BigInteger b -> "int";
            case Double d -> "float";
            case String s -> "str";
            case Tuple t -> "tuple";
            case List<?> l -> "list";
            case Map<?, ?> m -> "dict";
            case Set<?> s -> "set";
            case Collection<?> c -> c.getClass().getSimpleName();
            default -> v.getClass().getSimpleName();
        };
    }
}
