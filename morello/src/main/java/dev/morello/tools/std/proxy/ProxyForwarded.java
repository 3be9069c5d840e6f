package dev.morello.tools.std.proxy;

import dev.morello.HttpError;
import dev.morello.internal.HttpTokens;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The RFC 7239 {@code Forwarded} header, and the node identifiers it and
 * {@code X-Forwarded-For} carry.
 *
 * <pre>
 * Forwarded         = 1#forwarded-element                       (RFC 7239 §4)
 * forwarded-element = [ forwarded-pair ] *( ";" [ forwarded-pair ] )
 * forwarded-pair    = token "=" value
 * value             = token / quoted-string
 * node              = nodename [ ":" node-port ]                (RFC 7239 §6)
 * nodename          = IPv4address / "[" IPv6address "]" / "unknown" / obfnode
 * </pre>
 *
 * A header that does not follow the grammar is the client's (or its proxy's) mistake: 400.
 */
final class ProxyForwarded {
    private ProxyForwarded() {
    }

    /**
     * A hop: an address literal (ip set, {@code identifier} false), or {@code unknown} or an
     * obfuscated identifier such as {@code _hidden} (RFC 7239 §6.2-6.3; identifier true). The port
     * is -1 when none was given or it was obfuscated.
     */
    record Node(String ip, int port, boolean identifier) {
    }

    private enum State { BEFORE_NAME, NAME, AFTER_NAME, VALUE, TOKEN_VALUE, QUOTED, QUOTED_ESCAPE, AFTER_VALUE }

    /** The elements in order (first added by the proxy nearest the client), parameter names lower-cased. */
    static List<Map<String, String>> parse(String header) {
        List<Map<String, String>> elements = new ArrayList<>();
        Map<String, String> element = new LinkedHashMap<>();
        StringBuilder name = new StringBuilder();
        StringBuilder value = new StringBuilder();
        State state = State.BEFORE_NAME;
        for (int i = 0; i <= header.length(); i++) {
            char c = i < header.length() ? header.charAt(i) : ',';
            boolean end = i == header.length();
            switch (state) {
                case BEFORE_NAME -> {
                    if (c == ' ' || c == '\t') {
                        continue;
                    }
                    if (c == ',' || c == ';') {
                        // empty list members and empty pairs are allowed by the # and * rules
                        if (c == ',' && !element.isEmpty()) {
                            elements.add(element);
                            element = new LinkedHashMap<>();
                        }
                        continue;
                    }
                    if (!HttpTokens.isTchar(c)) {
                        throw bad("unexpected '" + c + "'");
                    }
                    name.append(c);
                    state = State.NAME;
                }
                case NAME -> {
                    if (HttpTokens.isTchar(c)) {
                        name.append(c);
                    } else if (c == '=') {
                        state = State.VALUE;
                    } else {
                        throw bad("a parameter needs '=' and a value");
                    }
                }
                case VALUE -> {
                    if (c == '"') {
                        state = State.QUOTED;
                    } else if (HttpTokens.isTchar(c)) {
                        value.append(c);
                        state = State.TOKEN_VALUE;
                    } else {
                        throw bad("a parameter needs a value");
                    }
                }
                case TOKEN_VALUE -> {
                    if (HttpTokens.isTchar(c)) {
                        value.append(c);
                    } else {
                        element = put(elements, element, name, value);
                        state = after(c, elements, element);
                        if (c == ',') {
                            element = new LinkedHashMap<>();
                        }
                    }
                }
                case QUOTED -> {
                    if (end) {
                        throw bad("unterminated quoted string");
                    }
                    if (c == '\\') {
                        state = State.QUOTED_ESCAPE;
                    } else if (c == '"') {
                        element = put(elements, element, name, value);
                        state = State.AFTER_VALUE;
                    } else if (c == '\t' || c >= 0x20 && c != 0x7f) {
                        value.append(c);
                    } else {
                        throw bad("control character in a quoted string");
                    }
                }
                case QUOTED_ESCAPE -> {
                    if (end || c < 0x20 && c != '\t' || c == 0x7f) {
                        throw bad("bad quoted-pair");
                    }
                    value.append(c);
                    state = State.QUOTED;
                }
                case AFTER_VALUE -> {
                    if (c == ' ' || c == '\t') {
                        continue;
                    }
                    state = after(c, elements, element);
                    if (c == ',') {
                        element = new LinkedHashMap<>();
                    }
                }
                default -> throw new IllegalStateException(state.name());
            }
        }
        return elements;
    }

    private static State after(char c, List<Map<String, String>> elements, Map<String, String> element) {
        if (c == ';') {
            return State.BEFORE_NAME;
        }
        if (c == ',') {
            elements.add(element);
            return State.BEFORE_NAME;
        }
        if (c == ' ' || c == '\t') {
            return State.AFTER_VALUE;
        }
        throw bad("expected ';' or ',' after a value");
    }

    private static Map<String, String> put(List<Map<String, String>> elements, Map<String, String> element,
                                           StringBuilder name, StringBuilder value) {
        String key = name.toString().toLowerCase(Locale.ROOT);
        // RFC 7239 §4: each parameter MUST NOT occur more than once per forwarded-element
        if (element.putIfAbsent(key, value.toString()) != null) {
            throw bad("parameter '" + key + "' twice in one element");
        }
        name.setLength(0);
        value.setLength(0);
        return element;
    }

    private static HttpError bad(String why) {
        return new HttpError(400, "Malformed Forwarded header: " + why + ".");
    }

    /**
     * A node of {@code Forwarded}'s {@code for=}/{@code by=}, or an entry of
     * {@code X-Forwarded-For}; null when it is neither an address nor an identifier. With
     * {@code bareIpv6}, an IPv6 address may come without brackets, as {@code X-Forwarded-For}
     * carries it (RFC 7239 §6 requires the brackets).
     */
    static Node node(String text, boolean bareIpv6) {
        String s = text.trim();
        if (s.isEmpty()) {
            return null;
        }
        if (s.charAt(0) == '[') {
            int close = s.indexOf(']');
            if (close < 0) {
                return null;
            }
            String ip = s.substring(1, close);
            if (ip.indexOf(':') < 0 || ProxyAddresses.parse(ip) == null) {
                return null;
            }
            int port = port(s.substring(close + 1));
            return port == Integer.MIN_VALUE ? null : new Node(ip, port, false);
        }
        if (bareIpv6 && s.indexOf(':') != s.lastIndexOf(':')) {
            return ProxyAddresses.parse(s) == null ? null : new Node(s, -1, false);
        }
        int colon = s.indexOf(':');
        String host = colon < 0 ? s : s.substring(0, colon);
        int port = port(colon < 0 ? "" : s.substring(colon));
        if (port == Integer.MIN_VALUE) {
            return null;
        }
        if (host.equalsIgnoreCase("unknown") || isObfuscated(host)) {
            return new Node(host, port, true);
        }
        if (host.indexOf(':') >= 0 || ProxyAddresses.parse(host) == null) {
            return null;
        }
        return new Node(host, port, false);
    }

    /** {@code ""} → -1; {@code ":8080"} → 8080; {@code ":_obf"} → -1; else MIN_VALUE. */
    private static int port(String rest) {
        if (rest.isEmpty()) {
            return -1;
        }
        if (rest.charAt(0) != ':') {
            return Integer.MIN_VALUE;
        }
        String p = rest.substring(1);
        if (isObfuscated(p)) {
            return -1;
        }
        int v = ProxyAddresses.digits(p, 5);
        return v < 0 || v > 65535 ? Integer.MIN_VALUE : v;
    }

    /** RFC 7239 §6.3: {@code "_" 1*( ALPHA / DIGIT / "." / "_" / "-")}. */
    private static boolean isObfuscated(String s) {
        if (s.length() < 2 || s.charAt(0) != '_') {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '.' || c == '_' || c == '-')) {
                return false;
            }
        }
        return true;
    }
}
