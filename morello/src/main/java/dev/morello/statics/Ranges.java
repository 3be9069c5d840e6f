package dev.morello.statics;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code Range} field of RFC 9110 §14.2 read against a representation's length.
 *
 * <pre>
 * Range = ranges-specifier = range-unit "=" range-set
 * range-set  = 1#range-spec
 * range-spec = int-range / suffix-range     ; "0-99", "100-", "-50"
 * </pre>
 *
 * Three answers: {@link Kind#IGNORE} (send the whole file, 200), {@link Kind#UNSATISFIABLE} (416)
 * or {@link Kind#PARTS} (206 with the satisfiable ranges, in the order asked). The header is
 * ignored, as §14.2 allows, when it is malformed, names a unit other than {@code bytes}, holds
 * more than {@link #MAX_RANGES} ranges, or asks for more bytes in all than the file holds
 * (overlapping ranges that would make one request cost many copies of the file, the denial of
 * service of CVE-2011-3192).
 */
final class Ranges {
    /** The most ranges one request may ask for before the header is ignored. */
    static final int MAX_RANGES = 16;
    private static final String BYTES_UNIT = "bytes";

    /** A byte range, both ends inclusive. */
    record Range(long first, long last) {
        long length() {
            return last - first + 1;
        }
    }

    enum Kind { IGNORE, UNSATISFIABLE, PARTS }

    /** The outcome: a kind, and the ranges for {@link Kind#PARTS}. */
    record Result(Kind kind, List<Range> ranges) {
        static final Result IGNORED = new Result(Kind.IGNORE, List.of());
        static final Result UNSATISFIABLE = new Result(Kind.UNSATISFIABLE, List.of());
    }

    private Ranges() {
    }

    /** Reads the field value against a representation of {@code length} bytes. */
    static Result parse(String value, long length) {
        if (value == null) {
            return Result.IGNORED;
        }
        String v = value.trim();
        int eq = v.indexOf('=');
        // §14.1: range units are compared case-insensitively; an unknown unit is ignored (§14.2)
        if (eq != BYTES_UNIT.length() || !v.regionMatches(true, 0, BYTES_UNIT, 0, eq)) {
            return Result.IGNORED;
        }
        List<Range> satisfiable = new ArrayList<>(2);
        int specs = 0;
        long total = 0;
        int i = eq + 1;
        int n = v.length();
        while (i <= n) {
            int comma = v.indexOf(',', i);
            int end = comma < 0 ? n : comma;
            String spec = v.substring(i, end).trim();
            i = end + 1;
            if (spec.isEmpty()) {
                // §5.6.1: empty list members are allowed and do not count
                if (comma < 0) {
                    break;
                }
                continue;
            }
            if (++specs > MAX_RANGES) {
                return Result.IGNORED;
            }
            int dash = spec.indexOf('-');
            if (dash < 0) {
                return Result.IGNORED;
            }
            Range r;
            if (dash == 0) {
                // suffix-range: the last N bytes; satisfiable when N > 0 (§14.1.3)
                long suffix = number(spec, 1, spec.length());
                if (suffix < 0) {
                    return Result.IGNORED;
                }
                r = suffix == 0 || length == 0 ? null : new Range(Math.max(0, length - suffix), length - 1);
            } else {
                long first = number(spec, 0, dash);
                if (first < 0) {
                    return Result.IGNORED;
                }
                long last;
                if (dash == spec.length() - 1) {
                    last = Long.MAX_VALUE;
                } else {
                    last = number(spec, dash + 1, spec.length());
                    // §14.1.1: a last-pos below first-pos makes the whole range-set invalid
                    if (last < 0 || last < first) {
                        return Result.IGNORED;
                    }
                }
                // §14.1.1: satisfiable when first-pos is below the length; last-pos is clamped
                r = first >= length ? null : new Range(first, Math.min(last, length - 1));
            }
            if (r != null) {
                satisfiable.add(r);
                total += r.length();
            }
            if (comma < 0) {
                break;
            }
        }
        if (specs == 0) {
            return Result.IGNORED;
        }
        if (satisfiable.isEmpty()) {
            return Result.UNSATISFIABLE;
        }
        if (satisfiable.size() > 1 && total > length) {
            return Result.IGNORED;
        }
        return new Result(Kind.PARTS, List.copyOf(satisfiable));
    }

    /**
     * The decimal digits at {@code [from, to)} as a number, saturating at {@code Long.MAX_VALUE}
     * (a position past any file is still a position); -1 when empty or not all ASCII digits.
     */
    static long number(String s, int from, int to) {
        if (from >= to) {
            return -1;
        }
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            int d = c - '0';
            v = v > (Long.MAX_VALUE - d) / 10 ? Long.MAX_VALUE : v * 10 + d;
        }
        return v;
    }
}
