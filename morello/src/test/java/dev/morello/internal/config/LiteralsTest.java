package dev.morello.internal.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.params.provider.Arguments.arguments;

import dev.morello.config.ConfigException;
import dev.morello.config.Tuple;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class LiteralsTest {
    private static final String A_LITERAL =
            "expected a Python literal: a string, a number, True, False, None, a list, a tuple or a dict";

    // --- values -----------------------------------------------------------------------------

    static Stream<Arguments> strings() {
        return Stream.of(
                arguments("'abc'", "abc"),
                arguments("\"abc\"", "abc"),
                arguments("''", ""),
                arguments("'say \"hi\"'", "say \"hi\""),
                arguments("'''a\nb'''", "a\nb"),
                arguments("\"\"\"x\"y'z\"\"\"", "x\"y'z"),
                arguments("'''a''b'''", "a''b"),
                arguments("'a\\nb'", "a\nb"),
                arguments("'\\\\'", "\\"),
                arguments("'it\\'s'", "it's"),
                arguments("\"\\\"\"", "\""),
                arguments("'\\r\\t\\b\\f\\v\\a'", "\r\t\b\f\u000b\u0007"),
                arguments("'\\0'", "\0"),
                arguments("'\\101\\60'", "A0"),
                arguments("'\\x41\\x7e'", "A~"),
                arguments("'\\u00e9t\\u00E9'", "été"),
                arguments("'\\U0001F600'", "\uD83D\uDE00"),
                arguments("'\\N{LATIN SMALL LETTER E WITH ACUTE}'", "é"),
                arguments("'a\\\nb'", "ab"),
                arguments("'\\d\\w\\q'", "\\d\\w\\q"),
                arguments("r'\\n\\d'", "\\n\\d"),
                arguments("R'C:\\dir'", "C:\\dir"),
                arguments("r'a\\'b'", "a\\'b"),
                arguments("u'plain'", "plain"),
                arguments("U\"plain\"", "plain"),
                arguments("b'bytes'", "bytes"),
                arguments("B'\\x41'", "A"),
                arguments("b'\\u00e9'", "\\u00e9"),
                arguments("rb'\\x41'", "\\x41"),
                arguments("Br'\\n'", "\\n"),
                arguments("'a' 'b'", "ab"),
                arguments("'a' \"b\" '''c'''", "abc"),
                arguments("'a''b'", "ab"),
                arguments("'ünïcødé ✓'", "ünïcødé ✓"),
                arguments("'# not a comment'", "# not a comment"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("strings")
    void readsStrings(String text, String expected) {
        assertValue(expected, Literals.parse(text));
    }

    static Stream<Arguments> numbers() {
        return Stream.of(
                arguments("0", 0),
                arguments("00", 0),
                arguments("42", 42),
                arguments("1_000_000", 1_000_000),
                arguments("2147483647", Integer.MAX_VALUE),
                arguments("2147483648", 2_147_483_648L),
                arguments("9223372036854775807", Long.MAX_VALUE),
                arguments("9223372036854775808", new BigInteger("9223372036854775808")),
                arguments("123456789012345678901234567890", new BigInteger("123456789012345678901234567890")),
                arguments("0x1F", 31),
                arguments("0XfF", 255),
                arguments("0x_ff", 255),
                arguments("0xFFFF_FFFF", 4_294_967_295L),
                arguments("0o17", 15),
                arguments("0O7_7", 63),
                arguments("0b101", 5),
                arguments("0B1111_0000", 240),
                arguments("-1", -1),
                arguments("+1", 1),
                arguments("- 1", -1),
                arguments("--1", 1),
                arguments("-+-1", 1),
                arguments("-2147483648", Integer.MIN_VALUE),
                arguments("-2147483649", -2_147_483_649L),
                arguments("-9223372036854775808", Long.MIN_VALUE),
                arguments("1.5", 1.5),
                arguments(".5", 0.5),
                arguments("1.", 1.0),
                arguments("0.0", 0.0),
                arguments("1e3", 1000.0),
                arguments("1E-2", 0.01),
                arguments("2.5e+2", 250.0),
                arguments("1_000.5", 1000.5),
                arguments("1.e2", 100.0),
                arguments("1e400", Double.POSITIVE_INFINITY),
                arguments("-1.5", -1.5),
                arguments("007.5", 7.5));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("numbers")
    void readsNumbersAsTheSmallestTypeThatHoldsThem(String text, Object expected) {
        assertValue(expected, Literals.parse(text));
    }

    static Stream<Arguments> constants() {
        return Stream.of(
                arguments("True", true),
                arguments("False", false),
                arguments("None", null),
                arguments("true", true),
                arguments("false", false),
                arguments("null", null),
                arguments("  True  ", true));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("constants")
    void readsConstantsInPythonAndJsonSpelling(String text, Object expected) {
        assertValue(expected, Literals.parse(text));
    }

    static Stream<Arguments> containers() {
        return Stream.of(
                arguments("[]", List.of()),
                arguments("[1, 'a', None, True]", Arrays.asList(1, "a", null, true)),
                arguments("[1,]", List.of(1)),
                arguments("[[1, 2], [3]]", List.of(List.of(1, 2), List.of(3))),
                arguments("[\n  1,\n  2,\n]", List.of(1, 2)),
                arguments("()", Tuple.of()),
                arguments("(1,)", Tuple.of(1)),
                arguments("(1, 'a')", Tuple.of(1, "a")),
                arguments("(1, 2,)", Tuple.of(1, 2)),
                arguments("(1)", 1),
                arguments("((('x')))", "x"),
                arguments("1, 2", Tuple.of(1, 2)),
                arguments("1,", Tuple.of(1)),
                arguments("'a', ('b', 'c')", Tuple.of("a", Tuple.of("b", "c"))),
                arguments("{}", Map.of()),
                arguments("{'a': 1, 2: [3], (1, 2): None}", orderedMap("a", 1, 2, List.of(3), Tuple.of(1, 2), null)),
                arguments("{'a': 1,}", Map.of("a", 1)),
                arguments("{'a': {'b': {'c': ()}}}", Map.of("a", Map.of("b", Map.of("c", Tuple.of())))),
                arguments("{1, 2}", Set.of(1, 2)),
                arguments("{'x',}", Set.of("x")),
                arguments("{(1, 2), None}", new LinkedHashSet<>(Arrays.asList(Tuple.of(1, 2), null))),
                arguments("[\n  1,  # one\n  2,  # two\n]", List.of(1, 2)),
                arguments("{'on': True,\n 'dir': 'static'}", Map.of("on", true, "dir", "static")),
                arguments("{\n 'a': 1\n\n}", Map.of("a", 1)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("containers")
    void readsListsTuplesDictsAndSets(String text, Object expected) {
        assertValue(expected, Literals.parse(text));
    }

    static Stream<Arguments> operators() {
        return Stream.of(
                arguments("1 + 2", 3),
                arguments("2 * 3 + 1", 7),
                arguments("1 + 2 * 3", 7),
                arguments("(1 + 2) * 3", 9),
                arguments("7 - 2 - 1", 4),
                arguments("-2 * -3", 6),
                arguments("-(1 + 2)", -3),
                arguments("1 + 1.5", 2.5),
                arguments("2 * 0.5", 1.0),
                arguments("1.5 - 1", 0.5),
                arguments("2147483647 + 1", 2_147_483_648L),
                arguments("9223372036854775807 + 1", new BigInteger("9223372036854775808")),
                arguments("4294967296 * 4294967296", new BigInteger("18446744073709551616")),
                arguments("2147483648 - 1", Integer.MAX_VALUE),
                arguments("True + True", 2),
                arguments("-True", -1),
                arguments("'a' + 'b'", "ab"),
                arguments("'ab' * 3", "ababab"),
                arguments("3 * 'ab'", "ababab"),
                arguments("'a' * 0", ""),
                arguments("'a' * -5", ""),
                arguments("'a' * True", "a"),
                arguments("'/var/www' + '/static'", "/var/www/static"),
                arguments("[1] + [2, 3]", List.of(1, 2, 3)),
                arguments("[0] * 3", List.of(0, 0, 0)),
                arguments("2 * [None]", Arrays.asList(null, null)),
                arguments("(1,) + (2,)", Tuple.of(1, 2)),
                arguments("('a',) * 2", Tuple.of("a", "a")),
                arguments("[] * 1000000000000", List.of()),
                arguments("1 + \\\n 2", 3));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void evaluatesPlusMinusAndTimesWithPythonPrecedence(String text, Object expected) {
        assertValue(expected, Literals.parse(text));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", " ", "   ", "\t", "\n", " \n \t "})
    void readsBlankTextAsTheEmptyString(String text) {
        assertEquals("", Literals.parse(text));
    }

    @Test
    void readsACommentAfterTheValue() {
        assertEquals(8080, Literals.parse("8080  # the default port"));
    }

    @Test
    void keepsDictOrderAndTheLastValueOfARepeatedKey() {
        Object value = Literals.parse("{'b': 1, 'a': 2, 'b': 3}");
        Map<?, ?> map = assertInstanceOf(Map.class, value);
        assertEquals(List.of("b", "a"), new ArrayList<>(map.keySet()));
        assertEquals(3, map.get("b"));
    }

    @Test
    void keepsSetOrder() {
        Set<?> set = assertInstanceOf(Set.class, Literals.parse("{3, 1, 2, 1}"));
        assertEquals(List.of(3, 1, 2), new ArrayList<>(set));
    }

    @Test
    void returnsUnmodifiableContainers() {
        List<?> list = assertInstanceOf(List.class, Literals.parse("[1]"));
        assertThrows(UnsupportedOperationException.class, () -> list.remove(0));
        Map<?, ?> map = assertInstanceOf(Map.class, Literals.parse("{'a': 1}"));
        assertThrows(UnsupportedOperationException.class, map::clear);
        Set<?> set = assertInstanceOf(Set.class, Literals.parse("{1}"));
        assertThrows(UnsupportedOperationException.class, set::clear);
        Tuple tuple = assertInstanceOf(Tuple.class, Literals.parse("(1, 2)"));
        assertThrows(UnsupportedOperationException.class, () -> tuple.set(0, 3));
        List<?> repeated = assertInstanceOf(List.class, Literals.parse("[1] * 2"));
        assertThrows(UnsupportedOperationException.class, repeated::clear);
    }

    // --- errors -----------------------------------------------------------------------------

    static Stream<Arguments> errors() {
        return Stream.of(
                // text, line, column, what the message says
                arguments("Tru e", 1, 5, "expected an operator, ',' or the end of the value"),
                arguments("@", 1, 1, A_LITERAL),
                arguments("}", 1, 1, A_LITERAL),
                arguments("# only a comment", 1, 17, A_LITERAL),
                arguments("1 +", 1, 4, A_LITERAL),
                arguments("1 +\n2", 1, 4, A_LITERAL),
                arguments("1\n2", 2, 1, "expected an operator, ',' or the end of the value"),
                arguments("1 / 2", 1, 3, "expected an operator, ',' or the end of the value"),
                arguments("1 ** 2", 1, 4, A_LITERAL),
                arguments("\"a\" b", 1, 5, "expected an operator, ',' or the end of the value"),
                arguments("1, , 2", 1, 4, A_LITERAL),
                arguments("'abc", 1, 1, "unterminated string"),
                arguments("x = 'abc", 1, 3, "expected an operator, ',' or the end of the value"),
                arguments("[1, 'abc]", 1, 5, "unterminated string"),
                arguments("'a\nb'", 1, 1, "unterminated string"),
                arguments("'''abc''", 1, 1, "unterminated triple-quoted string"),
                arguments("'abc\\'", 1, 1, "unterminated string"),
                arguments("r'abc\\'", 1, 1, "unterminated string"),
                arguments("[1, 2", 1, 6, "expected ',' or ']'"),
                arguments("[1 2]", 1, 4, "expected ',' or ']'"),
                arguments("[1,", 1, 4, A_LITERAL),
                arguments("[,]", 1, 2, A_LITERAL),
                arguments("(", 1, 2, A_LITERAL),
                arguments("(1 2)", 1, 4, "expected ',' or ')'"),
                arguments("(1, 2", 1, 6, "expected ',' or ')'"),
                arguments("{", 1, 2, A_LITERAL),
                arguments("{1: 2 3}", 1, 7, "expected ',' or '}'"),
                arguments("{1: 2, 3}", 1, 9, "expected ':'"),
                arguments("{1 2}", 1, 4, "expected ':', ',' or '}'"),
                arguments("{1, 2 3}", 1, 7, "expected ',' or '}'"),
                arguments("012", 1, 1, "leading zeros in decimal integer literals are not permitted"),
                arguments("0_7", 1, 1, "leading zeros in decimal integer literals are not permitted"),
                arguments("1__0", 1, 2, "invalid decimal literal"),
                arguments("1_", 1, 2, "invalid decimal literal"),
                arguments("1abc", 1, 2, "invalid decimal literal"),
                arguments("1j", 1, 2, "invalid decimal literal"),
                arguments("1._5", 1, 3, "invalid decimal literal"),
                arguments("1e", 1, 3, "invalid decimal literal: expected digits in the exponent"),
                arguments("1e+", 1, 4, "invalid decimal literal: expected digits in the exponent"),
                arguments("1e_3", 1, 3, "invalid decimal literal: expected digits in the exponent"),
                arguments("0x", 1, 3, "invalid hexadecimal literal"),
                arguments("0xg", 1, 3, "invalid hexadecimal literal"),
                arguments("0x1g", 1, 4, "invalid hexadecimal literal"),
                arguments("0o8", 1, 3, "invalid octal literal"),
                arguments("0b102", 1, 5, "invalid binary literal"),
                arguments("0b_", 1, 3, "invalid binary literal"),
                arguments("'\\x4'", 1, 2, "truncated \\xXX escape"),
                arguments("'\\xzz'", 1, 2, "truncated \\xXX escape"),
                arguments("'ab\\u12'", 1, 4, "truncated \\uXXXX escape"),
                arguments("'\\U0000'", 1, 2, "truncated \\UXXXXXXXX escape"),
                arguments("'\\U00110000'", 1, 2, "illegal Unicode character in \\U escape"),
                arguments("'\\N{NO SUCH CHARACTER NAME}'", 1, 2, "unknown Unicode character name"),
                arguments("'\\Nx'", 1, 2, "malformed \\N character escape"),
                arguments("'\\N{x'", 1, 2, "malformed \\N character escape"),
                arguments("b'caf\u00e9'", 1, 6, "bytes can only contain ASCII literal characters"),
                arguments("f'{x}'", 1, 1, "f-strings are not supported"),
                arguments("b'a' 'b'", 1, 6, "cannot mix bytes and nonbytes literals"),
                arguments("'a' + 1", 1, 5, "unsupported operand types for +: 'str' and 'int'"),
                arguments("[1] + (2,)", 1, 5, "unsupported operand types for +: 'list' and 'tuple'"),
                arguments("[1] * 1.5", 1, 5, "unsupported operand types for *: 'list' and 'float'"),
                arguments("'a' * 'b'", 1, 5, "unsupported operand types for *: 'str' and 'str'"),
                arguments("'a' - 'b'", 1, 5, "unsupported operand types for -: 'str' and 'str'"),
                arguments("None + 1", 1, 6, "unsupported operand types for +: 'NoneType' and 'int'"),
                arguments("-'a'", 1, 1, "bad operand type for unary -: 'str'"),
                arguments("+[1]", 1, 1, "bad operand type for unary +: 'list'"),
                arguments("{[1]: 2}", 1, 2, "unhashable type: 'list'"),
                arguments("{{}, 1}", 1, 2, "unhashable type: 'dict'"),
                arguments("{(1, [2]): 3}", 1, 2, "unhashable type: 'list'"),
                arguments("'a' * 2000000", 1, 5, "repetition result too long"),
                arguments("[1, 2] * 600000", 1, 8, "repetition result too long"),
                arguments("'a' * 99999999999999999999", 1, 5, "repetition result too long"),
                arguments("inf", 1, 1, A_LITERAL + " (names are not allowed here)"),
                arguments("nan", 1, 1, "names are not allowed here"),
                arguments("-inf", 1, 2, "names are not allowed here"),
                arguments("[1, os.system('ls')]", 1, 5, "names are not allowed here"),
                arguments("a.", 1, 3, "expected a name after '.'"),
                arguments("a.1", 1, 3, "expected a name after '.'"),
                arguments("a::", 1, 4, "expected a method name after '::'"),
                arguments("f(x=1, 2)", 1, 8, "positional argument follows keyword argument"),
                arguments("f(x=1, x=2)", 1, 8, "keyword argument repeated: x"),
                arguments("f(*a)", 1, 3, "unpacking with * and ** is not supported"),
                arguments("f(1 2)", 1, 5, "expected ',' or ')'"),
                arguments("f(1", 1, 4, "expected ',' or ')'"),
                arguments("True()", 1, 5, "expected an operator, ',' or the end of the value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("errors")
    void rejectsWithLineColumnAndWhatWasExpected(String text, int line, int column, String expected) {
        ConfigException e = assertThrows(ConfigException.class, () -> Literals.parse(text));
        assertEquals("<string>", e.source());
        assertEquals(line, e.line(), e.getMessage());
        assertEquals(column, e.column(), e.getMessage());
        assertTrue(e.expected().contains(expected), e.getMessage());
        assertTrue(e.getMessage().startsWith("<string>:" + line + ":" + column + ": '"), e.getMessage());
        assertTrue(e.getMessage().contains(expected), e.getMessage());
    }

    @Test
    void pointsIntoTheFileWhenGivenWhereTheValueStarts() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Literals.parse("[1, 2 3]", NameResolver.NONE, "site.conf", 12, 19));
        assertEquals("site.conf:12:25: '[1, 2 3]': expected ',' or ']'", e.getMessage());
    }

    @Test
    void movesToTheNextLineAfterALineBreak() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Literals.parse("[1,\n 2 3]", NameResolver.NONE, "site.conf", 12, 19));
        assertEquals(13, e.line());
        assertEquals(4, e.column());
        assertEquals("site.conf:13:4: '[1,\\n 2 3]': expected ',' or ']'", e.getMessage());
    }

    @Test
    void showsAWindowOfALongValue() {
        String text = "[" + "1, ".repeat(100) + "2 3]";
        ConfigException e = assertThrows(ConfigException.class, () -> Literals.parse(text));
        assertEquals(text.length() - 1, e.column());
        assertTrue(e.text().startsWith("...") && e.text().endsWith("2 3]"), e.text());
        assertTrue(e.text().length() < 70, e.text());
    }

    // --- limits -----------------------------------------------------------------------------

    @Test
    void acceptsNestingOneHundredDeep() {
        Object value = Literals.parse("[".repeat(100) + "]".repeat(100));
        int depth = 0;
        while (value instanceof List<?> list && !list.isEmpty()) {
            value = list.get(0);
            depth++;
        }
        assertEquals(99, depth);
    }

    @ParameterizedTest
    @ValueSource(strings = {"[", "(", "{", "f("})
    void rejectsNestingDeeperThanOneHundred(String open) {
        String text = open.repeat(101);
        ConfigException e = assertThrows(ConfigException.class, () -> Literals.parse(text));
        assertTrue(e.getMessage().contains("nesting deeper than 100 levels"), e.getMessage());
        assertEquals(text.length(), e.column());
    }

    @Test
    void survivesHostileNestingWithoutOverflowingTheStack() {
        ConfigException e = assertThrows(ConfigException.class, () -> Literals.parse("[".repeat(1_000_000)));
        assertTrue(e.getMessage().contains("nesting deeper than 100 levels"));
        assertThrows(ConfigException.class, () -> Literals.parse("{'a': ".repeat(100_000)));
    }

    @Test
    void evaluatesLongChainsWithoutRecursion() {
        assertEquals(100_001, Literals.parse("1" + " + 1".repeat(100_000)));
        assertEquals(1, Literals.parse("-".repeat(100_000) + "1"));
        assertEquals("a".repeat(50_000), Literals.parse("'a' ".repeat(50_000)));
    }

    @Test
    void rejectsIntegerLiteralsLongerThanPythonAllows() {
        assertEquals(4300, Literals.parse("9".repeat(4300)).toString().length());
        ConfigException e = assertThrows(ConfigException.class, () -> Literals.parse("9".repeat(4301)));
        assertTrue(e.getMessage().contains("integer literal too long"), e.getMessage());
    }

    @Test
    void rejectsIntegerResultsBeyondTheBitLimit() {
        String big = "9".repeat(4000);
        String text = String.join(" * ", java.util.Collections.nCopies(8, big));
        ConfigException e = assertThrows(ConfigException.class, () -> Literals.parse(text));
        assertTrue(e.getMessage().contains("integer result too large"), e.getMessage());
    }

    // --- names ------------------------------------------------------------------------------

    /** What a resolver was asked, in order. */
    record Asked(String name, List<Object> args, Map<String, Object> kwargs) {
    }

    /** A resolved object, standing for whatever the name would mean. */
    record Ref(String name) {
    }

    static final class Recorder implements NameResolver {
        final List<Asked> asked = new ArrayList<>();

        @Override
        public Object resolve(String name, List<Object> args, Map<String, Object> kwargs) {
            asked.add(new Asked(name, args, kwargs));
            if (name.startsWith("unknown")) {
                throw new IllegalArgumentException("no such thing");
            }
            return new Ref(name);
        }
    }

    @Test
    void asksTheResolverForABareDottedName() {
        Recorder resolver = new Recorder();
        assertEquals(new Ref("cherrypy.dispatch.MethodDispatcher"),
                Literals.parse("cherrypy.dispatch.MethodDispatcher", resolver));
        assertEquals(List.of(new Asked("cherrypy.dispatch.MethodDispatcher", null, Map.of())), resolver.asked);
    }

    @Test
    void asksTheResolverForACallWithItsArguments() {
        Recorder resolver = new Recorder();
        Object value = Literals.parse("a.b.C(1, 'x', [None], key=(2,), other = None)", resolver);
        assertEquals(new Ref("a.b.C"), value);
        Asked asked = resolver.asked.get(0);
        assertEquals(Arrays.asList(1, "x", Arrays.asList((Object) null)), asked.args());
        assertEquals(orderedMap("key", Tuple.of(2), "other", null), asked.kwargs());
        assertEquals(List.of("key", "other"), new ArrayList<>(asked.kwargs().keySet()));
    }

    @Test
    void passesEmptyArgumentsForACallWithout() {
        Recorder resolver = new Recorder();
        Literals.parse("cherrypy.dispatch.MethodDispatcher()", resolver);
        assertEquals(new Asked("cherrypy.dispatch.MethodDispatcher", List.of(), Map.of()), resolver.asked.get(0));
    }

    @Test
    void passesMethodReferencesWhole() {
        Recorder resolver = new Recorder();
        assertEquals(new Ref("my.pkg.Hooks::audit"), Literals.parse("my.pkg.Hooks::audit", resolver));
    }

    @Test
    void resolvesArgumentsBeforeTheCallAndNestedNamesInContainers() {
        Recorder resolver = new Recorder();
        Object value = Literals.parse("{'app': cherrypy.Application(scaffold.root, '/')}", resolver);
        assertEquals(Map.of("app", new Ref("cherrypy.Application")), value);
        assertEquals(List.of("scaffold.root", "cherrypy.Application"),
                resolver.asked.stream().map(Asked::name).toList());
        assertEquals(List.of(new Ref("scaffold.root"), "/"), resolver.asked.get(1).args());
    }

    @Test
    void neverAsksForConstantsNorForAValueThatDoesNotParse() {
        Recorder resolver = new Recorder();
        assertEquals(Arrays.asList(true, false, null), Literals.parse("[True, False, None]", resolver));
        assertThrows(ConfigException.class, () -> Literals.parse("a.b() + [", resolver));
        assertEquals(List.of(), resolver.asked);
    }

    @Test
    void turnsARefusalIntoAnErrorAtTheName() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> Literals.parse("[1, unknown.Thing()]", new Recorder(), "app.conf", 3, 10));
        assertEquals("app.conf:3:14: '[1, unknown.Thing()]': cannot resolve 'unknown.Thing': no such thing",
                e.getMessage());
    }

    @Test
    void refusesEveryNameByDefault() {
        ConfigException e = assertThrows(ConfigException.class, () -> Literals.parse("Tru"));
        assertEquals("<string>:1:1: 'Tru': " + A_LITERAL + " (names are not allowed here)", e.getMessage());
        IllegalArgumentException refusal = assertThrows(IllegalArgumentException.class,
                () -> NameResolver.NONE.resolve("x", null, Map.of()));
        assertEquals("names are not allowed here", refusal.getMessage());
    }

    // --- the exception and the tuple ---------------------------------------------------------

    @Test
    void formatsTheMessageFromItsParts() {
        ConfigException e = new ConfigException("site.conf", 12, 19, "Tru e", A_LITERAL);
        assertEquals("site.conf:12:19: 'Tru e': " + A_LITERAL, e.getMessage());
        assertEquals("site.conf", e.source());
        assertEquals(12, e.line());
        assertEquals(19, e.column());
        assertEquals("Tru e", e.text());
        assertEquals(A_LITERAL, e.expected());
    }

    @Test
    void escapesControlCharactersInTheMessage() {
        ConfigException e = new ConfigException("<string>", 1, 1, "a\nb\u001b[31m", "unterminated string");
        assertEquals("<string>:1:1: 'a\\nb\\u001b[31m': unterminated string", e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
    }

    @Test
    void comparesTuplesAsLists() {
        assertEquals(List.of(1, 2), Tuple.of(1, 2));
        assertEquals(Tuple.of(1, 2), List.of(1, 2));
        assertEquals(List.of(1, 2).hashCode(), Tuple.of(1, 2).hashCode());
        assertEquals("()", Tuple.of().toString());
        assertEquals("(1,)", Tuple.of(1).toString());
        assertEquals("(1, null)", Tuple.of(1, null).toString());
        assertNull(Tuple.of(1, null).get(1));
        assertThrows(IndexOutOfBoundsException.class, () -> Tuple.of(1).get(1));
    }

    @Test
    void copiesTheArrayATupleIsMadeOf() {
        Object[] items = {1, 2};
        Tuple tuple = Tuple.of(items);
        items[0] = 9;
        assertEquals(Tuple.of(1, 2), tuple);
    }

    // ------------------------------------------------------------------------------------------

    /** Equal, and of the same kind: an Integer is not a Long, a tuple is not a list. */
    static void assertValue(Object expected, Object actual) {
        assertEquals(expected, actual);
        if (expected instanceof Number || expected instanceof String || expected instanceof Boolean) {
            assertEquals(expected.getClass(), actual.getClass());
        }
        if (expected instanceof List<?> list) {
            assertEquals(expected instanceof Tuple, actual instanceof Tuple, "tuple or list");
            for (int i = 0; i < list.size(); i++) {
                assertValue(list.get(i), ((List<?>) actual).get(i));
            }
        }
    }

    static Map<Object, Object> orderedMap(Object... keysAndValues) {
        Map<Object, Object> map = new LinkedHashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return map;
    }
}
