package dev.morello.http.internal;

import dev.morello.http.Leniency;
import dev.morello.http.RequestException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Feeds a request head to a {@link RequestHeadParser} the way a connection does: the bytes arrive
 * in pieces at the end of a buffer, and the parser is called again after every piece with the
 * whole range received so far. Whatever the pieces, the {@link Outcome} must be the same.
 *
 * <p>Bytes that have not "arrived" yet hold {@link #NOT_ARRIVED}, and the bytes before the head's
 * base hold {@link #BEFORE_BASE}, so a parser that looks outside {@code [base, limit)} sees
 * something other than the whole-input run did and gives itself away.
 */
final class HeadFeeder {
    /** What the buffer holds where the client's bytes have not arrived yet. */
    static final byte NOT_ARRIVED = 0;
    /** What the buffer holds before the head's base: a previous request's tail, say. */
    static final byte BEFORE_BASE = '\n';

    /** The parser's settings, spelled out so a vector says which leniencies it relies on. */
    record Config(int maxRequestLine, int maxHeaderSize, int maxHeaderCount,
                  boolean bareLf, boolean obsFold, boolean laxTarget, boolean lowerCaseMethods) {
        static final Config STRICT = new Config(8192, 65536, 100, false, false, false, false);
        static final Config BARE_LF = STRICT.withLeniencies(true, false, false);
        static final Config OBS_FOLD = STRICT.withLeniencies(false, true, false);
        static final Config LAX_TARGET = STRICT.withLeniencies(false, false, true);
        static final Config LOWER_CASE = STRICT.withLowerCaseMethods(true);

        Config withLimits(int line, int header, int count) {
            return new Config(line, header, count, bareLf, obsFold, laxTarget, lowerCaseMethods);
        }

        Config withLeniencies(boolean lf, boolean fold, boolean target) {
            return new Config(maxRequestLine, maxHeaderSize, maxHeaderCount, lf, fold, target, lowerCaseMethods);
        }

        Config withLowerCaseMethods(boolean on) {
            return new Config(maxRequestLine, maxHeaderSize, maxHeaderCount, bareLf, obsFold, laxTarget, on);
        }

        Set<Leniency> leniencies() {
            Set<Leniency> set = EnumSet.noneOf(Leniency.class);
            if (bareLf) {
                set.add(Leniency.BARE_LF_LINE_ENDINGS);
            }
            if (obsFold) {
                set.add(Leniency.OBS_FOLD_AS_SPACE);
            }
            if (laxTarget) {
                set.add(Leniency.UNENCODED_TARGET_CHARACTERS);
            }
            if (lowerCaseMethods) {
                set.add(Leniency.LOWER_CASE_METHODS);
            }
            return set;
        }

        RequestHeadParser parser() {
            return new RequestHeadParser(maxRequestLine, maxHeaderSize, maxHeaderCount, leniencies());
        }

        @Override
        public String toString() {
            StringBuilder b = new StringBuilder();
            if (maxRequestLine != STRICT.maxRequestLine || maxHeaderSize != STRICT.maxHeaderSize
                    || maxHeaderCount != STRICT.maxHeaderCount) {
                b.append("line<=").append(maxRequestLine).append(" headers<=").append(maxHeaderSize)
                        .append(" count<=").append(maxHeaderCount);
            }
            if (bareLf) {
                b.append(b.isEmpty() ? "" : " ").append("BARE_LF");
            }
            if (obsFold) {
                b.append(b.isEmpty() ? "" : " ").append("OBS_FOLD");
            }
            if (laxTarget) {
                b.append(b.isEmpty() ? "" : " ").append("LAX_TARGET");
            }
            if (lowerCaseMethods) {
                b.append(b.isEmpty() ? "" : " ").append("LOWER_CASE");
            }
            return b.isEmpty() ? "strict" : b.toString();
        }
    }

    /** How a parse ended: a complete head, a refusal, or still waiting for bytes. */
    sealed interface Outcome permits Parsed, Rejected, Incomplete {
    }

    /** A complete head: its length and everything a handler could read of it. */
    record Parsed(int length, String method, String target, int minorVersion, List<String> fields)
            implements Outcome {
    }

    record Rejected(int status) implements Outcome {
    }

    record Incomplete() implements Outcome {
    }

    private HeadFeeder() {
    }

    static byte[] bytes(String latin1) {
        return latin1.getBytes(StandardCharsets.ISO_8859_1);
    }

    /** The whole input in one call, the head at {@code base} in the buffer. */
    static Outcome whole(Config config, byte[] input, int base) {
        return feed(config.parser(), input, base, new int[] {input.length});
    }

    /** The input in two pieces, {@code [0, cut)} then the rest. */
    static Outcome splitAt(Config config, byte[] input, int cut) {
        return feed(config.parser(), input, 0, new int[] {cut, input.length});
    }

    /** The input in three pieces. */
    static Outcome splitAt(Config config, byte[] input, int cut1, int cut2) {
        return feed(config.parser(), input, 0, new int[] {cut1, cut2, input.length});
    }

    /** One byte per call. */
    static Outcome byteByByte(Config config, byte[] input, int base) {
        int[] cuts = new int[input.length];
        for (int i = 0; i < cuts.length; i++) {
            cuts[i] = i + 1;
        }
        return feed(config.parser(), input, base, cuts);
    }

    /**
     * Feeds {@code input} to {@code parser}, revealing it up to each of {@code cuts} in turn (an
     * ascending list); the parser is called once per cut with everything revealed so far.
     * Stops at the first complete head or refusal. Anything but {@link RequestException}
     * escapes, which is the point: nothing else may.
     */
    static Outcome feed(RequestHeadParser parser, byte[] input, int base, int[] cuts) {
        byte[] buf = new byte[base + input.length];
        Arrays.fill(buf, 0, base, BEFORE_BASE);
        Arrays.fill(buf, base, buf.length, NOT_ARRIVED);
        int arrived = 0;
        try {
            for (int cut : cuts) {
                if (cut <= arrived) {
                    continue;
                }
                System.arraycopy(input, arrived, buf, base + arrived, cut - arrived);
                arrived = cut;
                int length = parser.parse(buf, base, base + arrived);
                if (length != RequestHeadParser.NEED_MORE) {
                    return describe(parser, buf, base, length);
                }
            }
            return new Incomplete();
        } catch (RequestException e) {
            return new Rejected(e.status());
        }
    }

    /** Reads a complete head back through the public accessors, as a handler would. */
    static Parsed describe(RequestHeadParser parser, byte[] buf, int base, int length) {
        RequestHead head = parser.head();
        head.bind(buf, base);
        List<String> fields = new ArrayList<>();
        for (int i = 0; i < head.size(); i++) {
            fields.add(head.name(i));
            fields.add(head.value(i));
        }
        return new Parsed(length, head.method(), head.target(), head.minorVersion(), List.copyOf(fields));
    }

    /** Quotes bytes for a failure message: printable ASCII as is, the rest escaped. */
    static String show(byte[] input) {
        StringBuilder b = new StringBuilder("\"");
        for (int i = 0; i < input.length && i < 200; i++) {
            int c = input[i] & 0xff;
            switch (c) {
                case '\r' -> b.append("\\r");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '"', '\\' -> b.append('\\').append((char) c);
                default -> {
                    if (c < 0x20 || c >= 0x7f) {
                        b.append(String.format("\\x%02x", c));
                    } else {
                        b.append((char) c);
                    }
                }
            }
        }
        return b.append(input.length > 200 ? "...\"" : "\"").toString();
    }
}
