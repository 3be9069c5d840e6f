package dev.morello.http.websocket;

import dev.morello.http.HttpExchange;
import dev.morello.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The opening handshake of RFC 6455 §4.2, the server's side: whether a request asks for a
 * WebSocket and asks correctly, the {@code Sec-WebSocket-Accept} answer, and what is agreed
 * (subprotocol, permessage-deflate).
 */
public final class WebSocketHandshake {
    /** RFC 6455 §1.3's GUID, appended to the client's key before hashing. */
    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private WebSocketHandshake() {
    }

    /**
     * What the handshake settled, or why it was refused.
     *
     * @param status        0 when accepted, else the status to refuse with (400, or 426 for a version
     *                      other than 13)
     * @param problem       why it was refused, for the response and the log; null when accepted
     * @param accept        the {@code Sec-WebSocket-Accept} value
     * @param subprotocol   the subprotocol chosen, or null
     * @param deflate       permessage-deflate's parameters when it was agreed, else null
     */
    public record Outcome(int status, String problem, String accept, String subprotocol, DeflateParameters deflate) {
        public boolean accepted() {
            return status == 0;
        }
    }

    /**
     * permessage-deflate as agreed (RFC 7692 §7): whether each side starts every message with a
     * fresh compression context.
     *
     * @param serverNoContextTakeover the server resets its compressor after each message
     * @param clientNoContextTakeover the client resets its compressor after each message (the
     *                                server then resets its decompressor too)
     * @param serverMaxWindowBits     the server's window as the offer limited it (only 15 is taken),
     *                                or 0 when the offer did not
     */
    public record DeflateParameters(boolean serverNoContextTakeover, boolean clientNoContextTakeover, int serverMaxWindowBits) {
        /** The {@code Sec-WebSocket-Extensions} response value. */
        public String responseValue() {
            // RFC 7692 §7.1.2.1: a server accepts an offer with server_max_window_bits by answering with it
            return "permessage-deflate" + (serverNoContextTakeover ? "; server_no_context_takeover" : "")
                    + (clientNoContextTakeover ? "; client_no_context_takeover" : "")
                    + (serverMaxWindowBits > 0 ? "; server_max_window_bits=" + serverMaxWindowBits : "");
        }
    }

    /** Whether the request asks to be upgraded to a WebSocket ({@code Upgrade: websocket}). */
    public static boolean requested(HttpExchange exchange) {
        for (String v : exchange.headers().all("Upgrade")) {
            for (String token : v.split(",")) {
                if (token.trim().equalsIgnoreCase("websocket")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Checks the request against RFC 6455 §4.2.1 and settles what §4.2.2 answers. */
    public static Outcome check(HttpExchange exchange, WebSocketConfig config) {
        if (!exchange.method().equals("GET")) {
            return refused(400, "A WebSocket handshake must be a GET request");
        }
        if (exchange.version() != HttpVersion.HTTP_1_1) {
            return refused(400, "A WebSocket handshake needs HTTP/1.1");
        }
        if (exchange.contentLength() != 0) {
            return refused(400, "A WebSocket handshake has no body");
        }
        if (!requested(exchange)) {
            return refused(400, "A WebSocket handshake needs Upgrade: websocket");
        }
        if (!hasToken(exchange.headers().all("Connection"), "upgrade")) {
            return refused(400, "A WebSocket handshake needs Connection: Upgrade");
        }
        List<String> versions = exchange.headers().all("Sec-WebSocket-Version");
        if (versions.size() != 1 || !versions.get(0).trim().equals("13")) {
            return refused(426, "This server speaks WebSocket version 13");
        }
        List<String> keys = exchange.headers().all("Sec-WebSocket-Key");
        if (keys.size() != 1 || !validKey(keys.get(0).trim())) {
            return refused(400, "A WebSocket handshake needs one Sec-WebSocket-Key of 16 bytes in base64");
        }
        String subprotocol = null;
        List<String> offered = tokens(exchange.headers().all("Sec-WebSocket-Protocol"));
        for (String mine : config.subprotocols()) {
            if (offered.contains(mine)) {
                subprotocol = mine;
                break;
            }
        }
        DeflateParameters deflate = config.compression() ? deflate(exchange.headers().all("Sec-WebSocket-Extensions")) : null;
        return new Outcome(0, null, accept(keys.get(0).trim()), subprotocol, deflate);
    }

    private static Outcome refused(int status, String problem) {
        return new Outcome(status, problem, null, null, null);
    }

    /** {@code Sec-WebSocket-Accept}: base64 of the SHA-1 of the key and the GUID (RFC 6455 §4.2.2). */
    public static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-1", e);
        }
    }

    private static boolean validKey(String key) {
        if (key.length() != 24) {
            return false;
        }
        try {
            return Base64.getDecoder().decode(key).length == 16;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean hasToken(List<String> values, String token) {
        for (String t : tokens(values)) {
            if (t.equalsIgnoreCase(token)) {
                return true;
            }
        }
        return false;
    }

    private static List<String> tokens(List<String> values) {
        List<String> out = new ArrayList<>();
        for (String v : values) {
            for (String t : v.split(",")) {
                String s = t.trim();
                if (!s.isEmpty()) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /**
     * The first permessage-deflate offer this server can accept (RFC 7692 §5): the JDK's deflater
     * cannot narrow its window, so an offer that asks for {@code server_max_window_bits} below 15
     * is declined; the client's window may be anything (inflating takes every window size).
     */
    static DeflateParameters deflate(List<String> extensionHeaders) {
        for (String offer : splitOffers(extensionHeaders)) {
            String[] parts = offer.split(";");
            if (!parts[0].trim().equalsIgnoreCase("permessage-deflate")) {
                continue;
            }
            boolean serverNoTakeover = false;
            boolean clientNoTakeover = false;
            int serverWindow = 0;
            boolean acceptable = true;
            List<String> seen = new ArrayList<>();
            for (int i = 1; i < parts.length && acceptable; i++) {
                String p = parts[i].trim();
                int eq = p.indexOf('=');
                String name = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
                String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
                if (seen.contains(name)) {
                    acceptable = false; // RFC 7692 §7: a parameter twice makes the offer invalid
                    break;
                }
                seen.add(name);
                switch (name) {
                    case "server_no_context_takeover" -> serverNoTakeover = value == null;
                    case "client_no_context_takeover" -> clientNoTakeover = value == null;
                    case "server_max_window_bits" -> {
                        acceptable = "15".equals(value);
                        serverWindow = 15;
                    }
                    case "client_max_window_bits" -> acceptable = value == null || windowBits(value);
                    default -> acceptable = false;
                }
                if (name.endsWith("no_context_takeover") && value != null) {
                    acceptable = false;
                }
            }
            if (acceptable) {
                return new DeflateParameters(serverNoTakeover, clientNoTakeover, serverWindow);
            }
        }
        return null;
    }

    private static boolean windowBits(String value) {
        if (value.length() < 1 || value.length() > 2 || !value.chars().allMatch(Character::isDigit)) {
            return false;
        }
        int bits = Integer.parseInt(value);
        return bits >= 8 && bits <= 15;
    }

    private static String unquote(String v) {
        return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
    }

    private static List<String> splitOffers(List<String> headers) {
        List<String> offers = new ArrayList<>();
        for (String h : headers) {
            for (String o : h.split(",")) {
                if (!o.isBlank()) {
                    offers.add(o.trim());
                }
            }
        }
        return offers;
    }
}
