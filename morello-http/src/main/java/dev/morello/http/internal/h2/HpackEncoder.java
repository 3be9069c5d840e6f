package dev.morello.http.internal.h2;

import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Encodes header blocks with HPACK (RFC 7541) for one peer: one encoder per connection, its
 * dynamic table mirroring the one in the peer's decoder.
 *
 * <pre>{@code
 * HpackEncoder encoder = HpackEncoder.create();
 * encoder.peerMaxTableSize(peerSettings.headerTableSize());   // whenever the peer's SETTINGS say
 * out.reset();
 * encoder.beginBlock(out);                    // a pending table size update goes first
 * encoder.field(":status", "200", out);
 * encoder.field("content-type", "text/plain", out);
 * }</pre>
 *
 * <p><b>What it chooses</b>, for each field:
 * <ol>
 *   <li>an entry of the static or dynamic table equal to it: sent as that index (one or two
 *       octets);
 *   <li>otherwise a literal, naming the field by index when a table has the name (the static
 *       table first, whose index never changes), with the {@link Indexing} the
 *       {@link IndexingPolicy} picks. An entry that would fill more than half the table is never
 *       added: it would evict nearly everything to be reused at most a few times.
 * </ol>
 * Each string is Huffman-coded when that is shorter (by default; see {@link HuffmanUse}).
 *
 * <p><b>Table size.</b> The encoder's table starts at the protocol's default, 4096 octets (RFC
 * 9113 §6.5.2), and follows the peer's SETTINGS_HEADER_TABLE_SIZE, capped at
 * {@link Builder#maxTableSize} so that a peer announcing a huge table cannot make us keep one.
 * When the size in use changes, the next block begins with a dynamic table size update (RFC 7541
 * §4.2); if it fell and rose again between two blocks, the update for the lowest value comes
 * first, as §4.2 requires.
 *
 * <p>Names are sent in lower case, as RFC 9113 §8.2 requires, whatever case they were given in.
 * Chars must be at most U+00FF (one octet each); {@code IllegalArgumentException} otherwise.
 * Not thread-safe: the connection's writing side owns it, and must encode and send blocks in the
 * same order, since each one changes the peer's table.
 */
public final class HpackEncoder {
    /** How a literal field is represented (RFC 7541 §6.2). */
    public enum Indexing {
        /** Added to both dynamic tables (§6.2.1). */
        INCREMENTAL,
        /** Not added (§6.2.2). */
        WITHOUT,
        /** Not added, and no intermediary may add it when it forwards the field (§6.2.3). */
        NEVER
    }

    /** When strings are Huffman-coded. */
    public enum HuffmanUse {
        NEVER,
        /** When the Huffman form is shorter than the raw octets: the default. */
        WHEN_SHORTER,
        ALWAYS
    }

    /** Picks the {@link Indexing} for a field that no table entry matches. */
    @FunctionalInterface
    public interface IndexingPolicy {
        Indexing indexing(String name, String value);

        /**
         * The default for responses. Fields that carry secrets are never indexed: {@code set-cookie}
         * (a session cookie), and {@code authorization}, {@code proxy-authorization} and
         * {@code cookie} should they ever be sent. In a shared dynamic table a secret could be
         * guessed by an attacker who gets their own guesses encoded on the same connection and
         * watches the sizes (RFC 7541 §7.1, the attack CRIME made on DEFLATE); never-indexed also
         * tells any proxy to keep it out of its table. Fields whose value differs on nearly every
         * response ({@code content-length}, {@code content-range}, {@code etag},
         * {@code last-modified}, {@code age}) are sent without indexing, so as not to push
         * reusable entries out. Everything else is indexed.
         */
        IndexingPolicy RESPONSES = (name, value) -> {
            if (NEVER_INDEXED.contains(name)) {
                return Indexing.NEVER;
            }
            return UNIQUE_PER_RESPONSE.contains(name) ? Indexing.WITHOUT : Indexing.INCREMENTAL;
        };

        /** Index every field (what RFC 7541's examples do). */
        IndexingPolicy ALWAYS = (name, value) -> Indexing.INCREMENTAL;
    }

    private static final Set<String> NEVER_INDEXED = Set.of("set-cookie", "authorization", "proxy-authorization", "cookie");
    private static final Set<String> UNIQUE_PER_RESPONSE = Set.of("content-length", "content-range", "etag", "last-modified", "age");

    /** SETTINGS_HEADER_TABLE_SIZE's initial value (RFC 9113 §6.5.2). */
    public static final int DEFAULT_TABLE_SIZE = 4096;

    private final HuffmanUse huffman;
    private final IndexingPolicy policy;
    private final int cap;
    private final DynamicTable table;
    /** The table size the peer's decoder believes in, as of the last update we sent. */
    private long announced = DEFAULT_TABLE_SIZE;
    /** The size to announce at the next block, and the lowest one since the last block. */
    private long pending;
    private long pendingLowest;

    private HpackEncoder(Builder b) {
        this.huffman = b.huffman;
        this.policy = b.policy;
        this.cap = b.maxTableSize;
        this.table = new DynamicTable(DEFAULT_TABLE_SIZE);
        this.pending = Math.min(DEFAULT_TABLE_SIZE, cap);
        this.pendingLowest = pending;
    }

    /** An encoder with the defaults: Huffman when shorter, {@link IndexingPolicy#RESPONSES}, a 4096-octet cap. */
    public static HpackEncoder create() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Options for an encoder. */
    public static final class Builder {
        private HuffmanUse huffman = HuffmanUse.WHEN_SHORTER;
        private IndexingPolicy policy = IndexingPolicy.RESPONSES;
        private int maxTableSize = DEFAULT_TABLE_SIZE;

        private Builder() {
        }

        public Builder huffman(HuffmanUse use) {
            this.huffman = Objects.requireNonNull(use);
            return this;
        }

        public Builder indexing(IndexingPolicy policy) {
            this.policy = Objects.requireNonNull(policy);
            return this;
        }

        /** The largest table we keep, whatever the peer allows (0 for none). Default 4096. */
        public Builder maxTableSize(int octets) {
            if (octets < 0) {
                throw new IllegalArgumentException("negative table size: " + octets);
            }
            this.maxTableSize = octets;
            return this;
        }

        public HpackEncoder build() {
            return new HpackEncoder(this);
        }
    }

    /**
     * The peer's SETTINGS_HEADER_TABLE_SIZE changed (an unsigned 32-bit value). Call it between
     * blocks, as the SETTINGS frame arrives; the size update goes out with the next block.
     */
    public void peerMaxTableSize(long setting) {
        if (setting < 0) {
            throw new IllegalArgumentException("negative table size: " + setting);
        }
        long size = Math.min(setting, cap);
        pending = size;
        pendingLowest = Math.min(pendingLowest, size);
    }

    /** Starts a header block: writes the dynamic table size updates owed, if any. */
    public void beginBlock(WireBuffer out) {
        if (pendingLowest < announced && pendingLowest < pending) {
            writeSizeUpdate(pendingLowest, out);
        }
        if (pending != announced || pendingLowest < announced) {
            writeSizeUpdate(pending, out);
        }
        pendingLowest = pending;
    }

    /** Encodes {@code fields} as one whole header block: {@link #beginBlock} then each field. */
    public void encode(Iterable<HeaderField> fields, WireBuffer out) {
        beginBlock(out);
        for (HeaderField f : fields) {
            field(f.name(), f.value(), out);
        }
    }

    /** Encodes one field, indexing it as the policy says. */
    public void field(String name, String value, WireBuffer out) {
        encodeField(lowerCase(name), value, null, out);
    }

    /**
     * Encodes one field with the given {@link Indexing} when it is sent as a literal (a field
     * equal to a table entry is sent as its index whatever is asked).
     */
    public void field(String name, String value, Indexing indexing, WireBuffer out) {
        encodeField(lowerCase(name), value, Objects.requireNonNull(indexing, "indexing"), out);
    }

    /** {@code indexing} null: the policy decides. */
    private void encodeField(String name, String value, Indexing indexing, WireBuffer out) {
        checkOctets(name);
        checkOctets(value);
        int exact = StaticTable.indexOf(name, value);
        if (exact != 0) {
            writeInteger(out, 0x80, 7, exact);
            return;
        }
        int dynamic = table.find(name, value);
        if (dynamic > 0) {
            writeInteger(out, 0x80, 7, StaticTable.LENGTH + dynamic);
            return;
        }
        int nameIndex = StaticTable.nameIndex(name);
        if (nameIndex == 0 && dynamic < 0) {
            nameIndex = StaticTable.LENGTH - dynamic;
        }
        Indexing how = indexing != null ? indexing : policy.indexing(name, value);
        long size = HeaderField.size(name.length(), value.length());
        if (how == Indexing.INCREMENTAL && size > table.maxSize() / 2) {
            how = Indexing.WITHOUT;
        }
        switch (how) {
            case INCREMENTAL -> writeInteger(out, 0x40, 6, nameIndex);
            case WITHOUT -> writeInteger(out, 0x00, 4, nameIndex);
            case NEVER -> writeInteger(out, 0x10, 4, nameIndex);
        }
        if (nameIndex == 0) {
            writeString(name, out);
        }
        writeString(value, out);
        if (how == Indexing.INCREMENTAL) {
            table.add(new HeaderField(name, value));
        }
    }

    /** The dynamic table's size in octets, for tests. */
    long dynamicTableSize() {
        return table.size();
    }

    int dynamicTableLength() {
        return table.length();
    }

    private void writeSizeUpdate(long size, WireBuffer out) {
        writeInteger(out, 0x20, 5, (int) size);
        table.setMaxSize(size);
        announced = size;
    }

    private void writeString(String s, WireBuffer out) {
        boolean coded = switch (huffman) {
            case NEVER -> false;
            case ALWAYS -> true;
            case WHEN_SHORTER -> Huffman.encodedLength(s) < s.length();
        };
        if (coded) {
            writeInteger(out, 0x80, 7, (int) Huffman.encodedLength(s));
            Huffman.encode(s, out);
        } else {
            writeInteger(out, 0x00, 7, s.length());
            out.writeLatin1(s);
        }
    }

    /**
     * Writes {@code value} as an integer with a {@code prefixBits}-bit prefix (RFC 7541 §5.1),
     * {@code high} holding the representation's bits above the prefix.
     */
    static void writeInteger(WireBuffer out, int high, int prefixBits, int value) {
        if (value < 0) {
            throw new IllegalArgumentException("negative HPACK integer: " + value);
        }
        int max = (1 << prefixBits) - 1;
        if (value < max) {
            out.writeByte(high | value);
            return;
        }
        out.writeByte(high | max);
        int rest = value - max;
        while (rest >= 0x80) {
            out.writeByte((rest & 0x7f) | 0x80);
            rest >>>= 7;
        }
        out.writeByte(rest);
    }

    /**
     * HTTP/2 field names are lower case (RFC 9113 §8.2): a name set as {@code Content-Type} goes
     * out as {@code content-type}. Names already in lower case, the usual case, are not copied.
     */
    private static String lowerCase(String name) {
        for (int i = 0, n = name.length(); i < n; i++) {
            char c = name.charAt(i);
            if (c >= 'A' && c <= 'Z') {
                return name.toLowerCase(Locale.ROOT);
            }
        }
        return name;
    }

    private static void checkOctets(String s) {
        for (int i = 0, n = s.length(); i < n; i++) {
            if (s.charAt(i) > 0xff) {
                throw new IllegalArgumentException("a header char above U+00FF at " + i);
            }
        }
    }
}
