package dev.morello.tools.std.proxy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * IP address literals and the {@code trusted} list of the proxy tool. Addresses are parsed here,
 * by hand, and never through {@code InetAddress.getByName}, which would look up anything that is
 * not a literal in DNS on the request path.
 */
final class ProxyAddresses {
    /** One trusted entry: an address with the number of leading bits that must match. */
    private record Range(byte[] address, int bits) {
        boolean contains(byte[] candidate) {
            if (candidate.length != address.length) {
                return false;
            }
            int whole = bits / 8;
            for (int i = 0; i < whole; i++) {
                if (candidate[i] != address[i]) {
                    return false;
                }
            }
            int rest = bits % 8;
            if (rest == 0) {
                return true;
            }
            int mask = (0xff << (8 - rest)) & 0xff;
            return (candidate[whole] & mask) == (address[whole] & mask);
        }
    }

    private final List<Range> ranges;

    private ProxyAddresses(List<Range> ranges) {
        this.ranges = ranges;
    }

    /**
     * The trusted list from config: addresses ({@code 10.0.0.7}, {@code ::1}) and CIDR ranges
     * ({@code 10.0.0.0/8}, {@code fd00::/8}).
     *
     * @throws IllegalArgumentException for an entry that is neither
     */
    static ProxyAddresses trusted(List<String> entries) {
        List<Range> out = new ArrayList<>();
        for (String raw : entries) {
            String e = raw.trim();
            int slash = e.indexOf('/');
            byte[] addr = parse(slash < 0 ? e : e.substring(0, slash));
            if (addr == null) {
                throw new IllegalArgumentException("tools.proxy.trusted: not an IP address or CIDR range: '" + raw + "'");
            }
            int bits = addr.length * 8;
            if (slash >= 0) {
                bits = digits(e.substring(slash + 1), 3);
                if (bits < 0 || bits > addr.length * 8) {
                    throw new IllegalArgumentException("tools.proxy.trusted: bad prefix length in '" + raw + "'");
                }
            }
            out.add(new Range(addr, bits));
        }
        return new ProxyAddresses(List.copyOf(out));
    }

    boolean isEmpty() {
        return ranges.isEmpty();
    }

    /** Whether the literal address is in one of the ranges (false for anything not an address). */
    boolean contains(String ip) {
        byte[] a = parse(ip);
        if (a == null) {
            return false;
        }
        for (Range r : ranges) {
            if (r.contains(a)) {
                return true;
            }
        }
        return false;
    }

    /**
     * An IPv4 (dotted quad, no leading zeros) or IPv6 literal (RFC 4291 §2.2, with an optional
     * trailing dotted quad; no zone) as 4 or 16 bytes; an IPv4-mapped IPv6 address gives the 4
     * bytes of its IPv4 address. Null when the text is not such a literal.
     */
    static byte[] parse(String s) {
        if (s == null || s.isEmpty()) {
            return null;
        }
        if (s.indexOf(':') < 0) {
            return ipv4(s);
        }
        byte[] v6 = ipv6(s);
        if (v6 != null && isMapped(v6)) {
            return Arrays.copyOfRange(v6, 12, 16);
        }
        return v6;
    }

    private static boolean isMapped(byte[] a) {
        for (int i = 0; i < 10; i++) {
            if (a[i] != 0) {
                return false;
            }
        }
        return a[10] == (byte) 0xff && a[11] == (byte) 0xff;
    }

    private static byte[] ipv4(String s) {
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] out = new byte[4];
        for (int i = 0; i < 4; i++) {
            String p = parts[i];
            // a leading zero reads as octal to some parsers: refuse the ambiguity
            if (p.length() > 1 && p.charAt(0) == '0') {
                return null;
            }
            int v = digits(p, 3);
            if (v < 0 || v > 255) {
                return null;
            }
            out[i] = (byte) v;
        }
        return out;
    }

    private static byte[] ipv6(String s) {
        int gap = s.indexOf("::");
        if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
            return null;
        }
        List<Integer> head = new ArrayList<>(8);
        List<Integer> tail = new ArrayList<>(8);
        if (gap < 0) {
            if (!groups(s, head, true)) {
                return null;
            }
            if (head.size() != 8) {
                return null;
            }
        } else {
            String left = s.substring(0, gap);
            String right = s.substring(gap + 2);
            // a dotted quad may only end the address, so never before the gap
            if (!left.isEmpty() && !groups(left, head, false) || !right.isEmpty() && !groups(right, tail, true)) {
                return null;
            }
            if (head.size() + tail.size() > 7) {
                return null;
            }
        }
        byte[] out = new byte[16];
        int i = 0;
        for (int g : head) {
            out[i++] = (byte) (g >> 8);
            out[i++] = (byte) g;
        }
        i = 16 - 2 * tail.size();
        for (int g : tail) {
            out[i++] = (byte) (g >> 8);
            out[i++] = (byte) g;
        }
        return out;
    }

    /** Colon-separated 16-bit groups; a final dotted quad adds two groups. False when malformed. */
    private static boolean groups(String s, List<Integer> out, boolean dottedEnd) {
        String[] parts = s.split(":", -1);
        for (int i = 0; i < parts.length; i++) {
            String p = parts[i];
            if (dottedEnd && i == parts.length - 1 && p.indexOf('.') >= 0) {
                byte[] v4 = ipv4(p);
                if (v4 == null) {
                    return false;
                }
                out.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
                out.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
                return out.size() <= 8;
            }
            if (p.isEmpty() || p.length() > 4) {
                return false;
            }
            int v = 0;
            for (int k = 0; k < p.length(); k++) {
                int d = Character.digit(p.charAt(k), 16);
                if (d < 0 || p.charAt(k) > 'f') {
                    return false;
                }
                v = v * 16 + d;
            }
            out.add(v);
        }
        return out.size() <= 8;
    }

    /** ASCII digits only, at most {@code max} of them; -1 otherwise. */
    static int digits(String s, int max) {
        if (s.isEmpty() || s.length() > max) {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
