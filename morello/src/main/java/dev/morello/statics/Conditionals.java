package dev.morello.statics;

import dev.morello.HeaderMap;
import dev.morello.http.HttpDate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The preconditions of RFC 9110 §13 against one file's validators, evaluated in the order of
 * §13.2.2:
 * <ol>
 * <li>{@code If-Match}; else {@code If-Unmodified-Since} — false: 412;
 * <li>{@code If-None-Match}; else {@code If-Modified-Since} (GET and HEAD only) — false: 304
 *     for GET and HEAD, 412 for other methods;
 * <li>{@code If-Range}, asked separately by the range code ({@link #ifRangeHolds}).
 * </ol>
 * Dates are compared as instants, to the second (the precision of {@code Last-Modified}), never
 * as strings.
 */
final class Conditionals {
    /** What the preconditions decided. */
    enum Outcome { PROCEED, NOT_MODIFIED, PRECONDITION_FAILED }

    private static final String IF_MATCH = "If-Match";
    private static final String IF_NONE_MATCH = "If-None-Match";
    private static final String IF_MODIFIED_SINCE = "If-Modified-Since";
    private static final String IF_UNMODIFIED_SINCE = "If-Unmodified-Since";
    private static final String IF_RANGE = "If-Range";

    private Conditionals() {
    }

    /**
     * Evaluates the preconditions for an existing file.
     *
     * @param etag         the file's strong entity tag, quotes included
     * @param lastModified the file's modification time, whole seconds
     * @param now          the current time (an {@code If-Modified-Since} after it is ignored)
     */
    static Outcome evaluate(String method, HeaderMap headers, String etag, Instant lastModified, Instant now) {
        boolean getOrHead = method.equals("GET") || method.equals("HEAD");
        List<String> ifMatch = headers.all(IF_MATCH);
        if (!ifMatch.isEmpty()) {
            // §13.1.1: "*" holds for any current representation; otherwise strong comparison.
            if (!matches(ifMatch, etag, true)) {
                return Outcome.PRECONDITION_FAILED;
            }
        } else {
            // §13.1.4: ignored when If-Match is present or when the value is not a valid date.
            Instant since = singleDate(headers.all(IF_UNMODIFIED_SINCE), now);
            if (since != null && lastModified.isAfter(since)) {
                return Outcome.PRECONDITION_FAILED;
            }
        }
        List<String> ifNoneMatch = headers.all(IF_NONE_MATCH);
        if (!ifNoneMatch.isEmpty()) {
            // §13.1.2: weak comparison; a match is false, answered 304 to GET/HEAD, else 412.
            if (matches(ifNoneMatch, etag, false)) {
                return getOrHead ? Outcome.NOT_MODIFIED : Outcome.PRECONDITION_FAILED;
            }
        } else if (getOrHead) {
            // §13.1.3: ignored with If-None-Match, for other methods, and when the value is not
            // one valid date; a date after our own clock cannot be a Last-Modified we sent.
            Instant since = singleDate(headers.all(IF_MODIFIED_SINCE), now);
            if (since != null && !since.isAfter(now) && !lastModified.isAfter(since)) {
                return Outcome.NOT_MODIFIED;
            }
        }
        return Outcome.PROCEED;
    }

    /**
     * §13.1.5: whether a range request may be answered with the ranges. True without
     * {@code If-Range}; with it, true only when it names our strong tag (strong comparison: a weak
     * tag never holds) or a date equal to {@code Last-Modified}.
     */
    static boolean ifRangeHolds(HeaderMap headers, String etag, Instant lastModified, Instant now) {
        List<String> values = headers.all(IF_RANGE);
        if (values.isEmpty()) {
            return true;
        }
        if (values.size() != 1) {
            return false;
        }
        String v = values.get(0).trim();
        if (v.startsWith("\"") || v.startsWith("W/")) {
            List<String> tags = entityTags(v);
            return tags != null && tags.size() == 1 && strongEqual(tags.get(0), etag);
        }
        Instant date = HttpDate.parse(v, now);
        return date != null && date.equals(lastModified);
    }

    /** One valid date from the field lines, or null (absent, several members, not a date). */
    private static Instant singleDate(List<String> values, Instant now) {
        return values.size() == 1 ? HttpDate.parse(values.get(0), now) : null;
    }

    /** Whether an {@code If-Match}/{@code If-None-Match} list holds our tag, or is {@code *}. */
    private static boolean matches(List<String> values, String etag, boolean strong) {
        if (values.size() == 1 && values.get(0).trim().equals("*")) {
            return true;
        }
        List<String> tags = entityTags(String.join(",", values));
        if (tags == null) {
            // a list we cannot read names no tag of ours
            return false;
        }
        for (String t : tags) {
            if (strong ? strongEqual(t, etag) : weakEqual(t, etag)) {
                return true;
            }
        }
        return false;
    }

    /** §8.8.3.2 strong comparison: neither tag weak, and the same characters. */
    static boolean strongEqual(String a, String b) {
        return !a.startsWith("W/") && !b.startsWith("W/") && a.equals(b);
    }

    /** §8.8.3.2 weak comparison: the opaque tags match, weakness ignored. */
    static boolean weakEqual(String a, String b) {
        return opaque(a).equals(opaque(b));
    }

    private static String opaque(String tag) {
        return tag.startsWith("W/") ? tag.substring(2) : tag;
    }

    /**
     * The entity tags of a comma-separated list (§8.8.3: {@code [W/]"etagc*"}, with empty list
     * members allowed by §5.6.1), each with its {@code W/} and quotes; null when the list is
     * malformed.
     */
    static List<String> entityTags(String list) {
        List<String> out = new ArrayList<>(2);
        int i = 0;
        int n = list.length();
        while (i < n) {
            char c = list.charAt(i);
            if (c == ' ' || c == '\t' || c == ',') {
                i++;
                continue;
            }
            int start = i;
            if (c == 'W' && i + 1 < n && list.charAt(i + 1) == '/') {
                i += 2;
            }
            if (i >= n || list.charAt(i) != '"') {
                return null;
            }
            i++;
            while (i < n && list.charAt(i) != '"') {
                char e = list.charAt(i);
                // etagc = %x21 / %x23-7E / obs-text
                if (e < 0x21 || e == 0x7f) {
                    return null;
                }
                i++;
            }
            if (i >= n) {
                return null;
            }
            i++;
            out.add(list.substring(start, i));
            // after a tag: only OWS, then a comma or the end
            while (i < n && (list.charAt(i) == ' ' || list.charAt(i) == '\t')) {
                i++;
            }
            if (i < n && list.charAt(i) != ',') {
                return null;
            }
        }
        return out;
    }
}
