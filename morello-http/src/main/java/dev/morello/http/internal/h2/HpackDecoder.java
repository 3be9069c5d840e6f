package dev.morello.http.internal.h2;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Decodes HPACK header blocks (RFC 7541) from one peer: one decoder per connection, since its
 * dynamic table lives as long as the connection and follows every block in order.
 *
 * <p>A header block is decoded whole: the connection gathers HEADERS and its CONTINUATION frames
 * first (a block cannot be decoded in pieces without holding the table's state across frames),
 * then hands the bytes over.
 *
 * <pre>{@code
 * HpackDecoder decoder = HpackDecoder.create(4096, 16384);   // what our SETTINGS advertised
 * try {
 *     decoder.decode(block, 0, blockLength, (name, value, sensitive) -> fields.add(name, value));
 * } catch (HeaderListTooLargeException e) {
 *     // the table is still in step: answer this request 431, keep the connection
 * } catch (H2Exception e) {
 *     // COMPRESSION_ERROR: GOAWAY, the connection is done
 * }
 * }</pre>
 *
 * <p>What it refuses, each a connection error of type COMPRESSION_ERROR: index 0 and indexes past
 * both tables (§2.3.3, §6.1); a dynamic table size update anywhere but at the start of a block, or
 * above the limit we advertised (§4.2, §6.3); no such update at the start of the first block after
 * we lowered the limit below the table's size (§4.2); an integer over 2^31 - 1 or longer than
 * five continuation octets (§5.1); a bad Huffman string (§5.2); a block that ends inside a
 * representation.
 *
 * <p><b>Memory.</b> Names and values are made as {@code String}s only for fields handed on or
 * added to the table; a field referenced by index is handed on as the table's own strings. The
 * header list is counted as RFC 9113 §6.5.2 counts it (name + value + 32 per field) and, once it
 * passes {@code maxHeaderListSize}, nothing more is handed on: the rest of the block is walked
 * only to keep the dynamic table right, then {@link HeaderListTooLargeException} is thrown. A
 * small block that references one large entry thousands of times (an "HPACK bomb") therefore
 * costs a pass over its bytes and no memory.
 *
 * <p>Names are not checked here beyond what HPACK needs; {@link FieldRules} holds RFC 9113
 * §8.2's rules for the connection to apply to each field.
 *
 * <p>Not thread-safe: the connection's reading side owns it.
 */
public final class HpackDecoder {
    /** Told each decoded field, in order. */
    @FunctionalInterface
    public interface FieldSink {
        /**
         * One field of the header list.
         *
         * @param sensitive it came as a "never indexed" literal (RFC 7541 §6.2.3): whoever
         *     forwards it must keep it so
         */
        void field(String name, String value, boolean sensitive);
    }

    private final HpackInput in = new HpackInput();
    private final DynamicTable table;
    /** Our SETTINGS_HEADER_TABLE_SIZE: the most a size update may ask for. */
    private int maxTableSize;
    private long maxHeaderListSize;
    /** We lowered the limit below the table's size; the peer's next block must say it saw that. */
    private boolean sizeUpdateRequired;

    private HpackDecoder(int maxTableSize, long maxHeaderListSize) {
        if (maxTableSize < 0 || maxHeaderListSize < 0) {
            throw new IllegalArgumentException("negative limit");
        }
        // The peer's encoder starts from the protocol's default (4096, RFC 9113 §6.5.2) until our
        // SETTINGS is acknowledged; the connection calls maxTableSize() then.
        this.table = new DynamicTable(maxTableSize);
        this.maxTableSize = maxTableSize;
        this.maxHeaderListSize = maxHeaderListSize;
    }

    /**
     * A decoder whose table may grow to {@code maxTableSize} octets (the SETTINGS_HEADER_TABLE_SIZE
     * in force) and that refuses header lists over {@code maxHeaderListSize} (our
     * SETTINGS_MAX_HEADER_LIST_SIZE; {@code Long.MAX_VALUE} for none).
     */
    public static HpackDecoder create(int maxTableSize, long maxHeaderListSize) {
        return new HpackDecoder(maxTableSize, maxHeaderListSize);
    }

    /**
     * Changes the table size limit, once the peer has acknowledged the SETTINGS that announced it
     * (RFC 7541 §4.2 ties the change to the acknowledgment). If the table is now larger than the
     * limit, the peer must start its next block with a size update, and we hold it to that.
     */
    public void maxTableSize(int max) {
        if (max < 0) {
            throw new IllegalArgumentException("negative table size: " + max);
        }
        maxTableSize = max;
        if (table.maxSize() > max) {
            sizeUpdateRequired = true;
        }
    }

    /** Changes the header list limit for the blocks that follow. */
    public void maxHeaderListSize(long max) {
        if (max < 0) {
            throw new IllegalArgumentException("negative header list size: " + max);
        }
        maxHeaderListSize = max;
    }

    /**
     * Decodes one complete header block, {@code block[offset, offset + length)}, telling
     * {@code sink} each field in order. The decoder keeps no reference to {@code block}.
     *
     * @throws H2Exception a connection error of type COMPRESSION_ERROR; the connection must end
     * @throws HeaderListTooLargeException the list passed {@code maxHeaderListSize}: the fields
     *     before the limit were handed on, none after; the table is in step and the connection
     *     may go on
     */
    public void decode(byte[] block, int offset, int length, FieldSink sink) throws H2Exception, HeaderListTooLargeException {
        in.reset(block, offset, length);
        try {
            decodeBlock(sink);
        } finally {
            in.release();
        }
    }

    /** {@link #decode(byte[], int, int, FieldSink)} into a list. */
    public List<HeaderField> decode(byte[] block, int offset, int length) throws H2Exception, HeaderListTooLargeException {
        List<HeaderField> fields = new ArrayList<>();
        decode(block, offset, length, (name, value, sensitive) -> fields.add(new HeaderField(name, value)));
        return fields;
    }

    /** The dynamic table's current size in octets (RFC 7541 §4.1). */
    long dynamicTableSize() {
        return table.size();
    }

    /** The dynamic table's entry {@code i}, 1 being the newest. */
    HeaderField dynamicEntry(int i) {
        return table.get(i);
    }

    int dynamicTableLength() {
        return table.length();
    }

    private void decodeBlock(FieldSink sink) throws H2Exception, HeaderListTooLargeException {
        if (sizeUpdateRequired && (!in.hasMore() || (in.peek() & 0xe0) != 0x20)) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "expected a dynamic table size update");
        }
        boolean fieldSeen = false;
        long listSize = 0;
        boolean over = false;
        while (in.hasMore()) {
            int b = in.peek();
            if ((b & 0x80) != 0) {
                // Indexed header field (§6.1): 1xxxxxxx
                HeaderField f = lookup(in.readInteger(7));
                fieldSeen = true;
                if (!over) {
                    listSize += f.size();
                    over = listSize > maxHeaderListSize;
                    if (!over) {
                        sink.field(f.name(), f.value(), false);
                    }
                }
            } else if ((b & 0xe0) == 0x20) {
                // Dynamic table size update (§6.3): 001xxxxx
                if (fieldSeen) {
                    throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "dynamic table size update after a field");
                }
                int size = in.readInteger(5);
                if (size > maxTableSize) {
                    throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "dynamic table size update above the limit");
                }
                table.setMaxSize(size);
                sizeUpdateRequired = false;
            } else {
                // Literals: 01xxxxxx with incremental indexing (§6.2.1), 0000xxxx without
                // (§6.2.2), 0001xxxx never indexed (§6.2.3).
                boolean indexing = (b & 0x40) != 0;
                boolean sensitive = !indexing && (b & 0x10) != 0;
                int nameIndex = in.readInteger(indexing ? 6 : 4);
                String name;
                int nameLength;
                if (nameIndex != 0) {
                    name = lookup(nameIndex).name();
                    nameLength = name.length();
                } else if (over && !indexing) {
                    // Neither handed on nor kept: read past it without making a String.
                    name = null;
                    nameLength = in.readStringInto();
                } else {
                    name = in.readString();
                    nameLength = name.length();
                }
                fieldSeen = true;
                int valueLength = in.readStringInto();
                long size = HeaderField.size(nameLength, valueLength);
                if (!over) {
                    listSize += size;
                    over = listSize > maxHeaderListSize;
                }
                if (!over || indexing) {
                    String value = new String(in.lastBytes(), in.lastOffset(), valueLength, StandardCharsets.ISO_8859_1);
                    if (indexing) {
                        table.add(new HeaderField(name, value));
                    }
                    if (!over) {
                        sink.field(name, value, sensitive);
                    }
                }
            }
        }
        if (over) {
            throw new HeaderListTooLargeException(maxHeaderListSize);
        }
    }

    private HeaderField lookup(int index) throws H2Exception {
        if (index == 0) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "HPACK index 0");
        }
        if (index <= StaticTable.LENGTH) {
            return StaticTable.get(index);
        }
        int dynamic = index - StaticTable.LENGTH;
        if (dynamic > table.length()) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "HPACK index past the tables");
        }
        return table.get(dynamic);
    }
}
