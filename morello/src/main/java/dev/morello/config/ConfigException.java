package dev.morello.config;

import dev.morello.internal.config.IniParser;
import dev.morello.internal.config.NameResolver;

/**
 * A config that cannot be read: names the source, line, column, the offending text and what was
 * expected there.
 *
 * <pre>{@code
 * try {
 *     IniParser.parse(Path.of("site.conf"), NameResolver.NONE);
 * } catch (ConfigException e) {
 *     // site.conf:12:19: 'Tru e': expected an operator, ',' or the end of the value
 *     log.error(e.getMessage());
 * }
 * }</pre>
 *
 * <p>The source is a file name, {@code <string>} for text handed over directly, or
 * {@code <map>}. Lines and columns are 1-based and count characters of the source, so an editor
 * can jump to them. The message shows the text with control characters escaped, so a hostile
 * value cannot forge log lines.
 */
public final class ConfigException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final int line;
    private final int column;
    private final String text;
    private final String expected;

    /**
     * Describes one problem at one place.
     *
     * @param source   where the config came from: a file name, {@code <string>} or {@code <map>}
     * @param line     the 1-based line of the problem
     * @param column   the 1-based column of the first bad character on that line
     * @param text     the text that could not be read (a value, a line, a reference)
     * @param expected what should have been there, or what is wrong with it
     */
    public ConfigException(String source, int line, int column, String text, String expected) {
        super(source + ":" + line + ":" + column + ": '" + printable(text) + "': " + expected);
        this.source = source;
        this.line = line;
        this.column = column;
        this.text = text;
        this.expected = expected;
    }

    /** Where the config came from: a file name, {@code <string>} or {@code <map>}. */
    public String source() {
        return source;
    }

    /** The 1-based line of the problem. */
    public int line() {
        return line;
    }

    /** The 1-based column of the first bad character. */
    public int column() {
        return column;
    }

    /** The text that could not be read, as it was given. */
    public String text() {
        return text;
    }

    /** What should have been there, or what is wrong with it. */
    public String expected() {
        return expected;
    }

    /** The text with line breaks and other control characters written as escapes. */
    private static String printable(String text) {
        if (text == null) {
            return "";
        }
        StringBuilder out = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c) || c == '\u2028' || c == '\u2029') {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.toString();
    }
}
