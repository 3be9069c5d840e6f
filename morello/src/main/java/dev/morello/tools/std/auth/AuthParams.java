package dev.morello.tools.std.auth;

import dev.morello.internal.HttpTokens;
import dev.morello.internal.config.Names;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The parameters of an {@code Authorization} header after its scheme (RFC 9110 §11.4):
 * {@code #auth-param}, {@code auth-param = token BWS "=" BWS ( token / quoted-string )}. Names are
 * lower-cased; quoted values unescaped. A list outside the grammar, or a name given twice, is null.
 */
final class AuthParams {
    private AuthParams() {
    }

    private enum State { BEFORE_NAME, NAME, BEFORE_EQUALS, BEFORE_VALUE, TOKEN, QUOTED, ESCAPE, AFTER_VALUE }

    static Map<String, String> parse(String s) {
        Map<String, String> out = new LinkedHashMap<>();
        StringBuilder name = new StringBuilder();
        StringBuilder value = new StringBuilder();
        State state = State.BEFORE_NAME;
        for (int i = 0; i <= s.length(); i++) {
            boolean end = i == s.length();
            char c = end ? ',' : s.charAt(i);
            boolean ows = c == ' ' || c == '\t';
            switch (state) {
                case BEFORE_NAME -> {
                    if (ows || c == ',') {
                        continue;
                    }
                    if (!HttpTokens.isTchar(c)) {
                        return null;
                    }
                    name.append(c);
                    state = State.NAME;
                }
                case NAME -> {
                    if (HttpTokens.isTchar(c)) {
                        name.append(c);
                    } else if (c == '=') {
                        state = State.BEFORE_VALUE;
                    } else if (ows) {
                        state = State.BEFORE_EQUALS;
                    } else {
                        return null;
                    }
                }
                case BEFORE_EQUALS -> {
                    if (c == '=') {
                        state = State.BEFORE_VALUE;
                    } else if (!ows) {
                        return null;
                    }
                }
                case BEFORE_VALUE -> {
                    if (ows && !end) {
                        continue;
                    }
                    if (c == '"' && !end) {
                        state = State.QUOTED;
                    } else if (HttpTokens.isTchar(c)) {
                        value.append(c);
                        state = State.TOKEN;
                    } else {
                        return null;
                    }
                }
                case TOKEN -> {
                    if (HttpTokens.isTchar(c)) {
                        value.append(c);
                    } else if (c == ',' || ows) {
                        if (!put(out, name, value)) {
                            return null;
                        }
                        state = c == ',' ? State.BEFORE_NAME : State.AFTER_VALUE;
                    } else {
                        return null;
                    }
                }
                case QUOTED -> {
                    if (end) {
                        return null;
                    }
                    if (c == '\\') {
                        state = State.ESCAPE;
                    } else if (c == '"') {
                        if (!put(out, name, value)) {
                            return null;
                        }
                        state = State.AFTER_VALUE;
                    } else if (c == '\t' || c >= 0x20 && c != 0x7f) {
                        value.append(c);
                    } else {
                        return null;
                    }
                }
                case ESCAPE -> {
                    if (end || c < 0x20 && c != '\t' || c == 0x7f) {
                        return null;
                    }
                    value.append(c);
                    state = State.QUOTED;
                }
                case AFTER_VALUE -> {
                    if (c == ',') {
                        state = State.BEFORE_NAME;
                    } else if (!ows) {
                        return null;
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return state == State.BEFORE_NAME ? out : null;
    }

    private static boolean put(Map<String, String> out, StringBuilder name, StringBuilder value) {
        String key = name.toString().toLowerCase(Locale.ROOT);
        boolean fresh = out.putIfAbsent(key, value.toString()) == null;
        name.setLength(0);
        value.setLength(0);
        return fresh;
    }
}
