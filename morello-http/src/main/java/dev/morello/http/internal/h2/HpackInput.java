package dev.morello.http.internal.h2;

import java.nio.charset.StandardCharsets;

/**
 * A cursor over one header block: HPACK's primitive types (RFC 7541 §5), read in place. Running
 * past the end of the block is a decoding error, since a header block is complete when the
 * decoder gets it.
 */
final class HpackInput {
    /**
     * The most continuation octets an integer may take. Five carry 35 bits, enough for any value
     * up to 2^31 - 1 after the prefix; more could only be zero padding or an overflow, and a peer
     * sending either is wasting our time.
     */
    static final int MAX_CONTINUATION_OCTETS = 5;

    private byte[] bytes;
    private int pos;
    private int end;
    /** Decoded Huffman strings land here before they become {@code String}s; reused. */
    private byte[] scratch = new byte[256];
    /** Where the last string read lies: the block itself when raw, else {@link #scratch}. */
    private byte[] lastBytes;
    private int lastOffset;

    void reset(byte[] block, int offset, int length) {
        this.bytes = block;
        this.pos = offset;
        this.end = offset + length;
    }

    boolean hasMore() {
        return pos < end;
    }

    /** The next octet, not consumed. */
    int peek() {
        return bytes[pos] & 0xff;
    }

    /** Where the cursor is in the block's array. */
    int position() {
        return pos;
    }

    /** Forgets the block, so that the decoder does not keep the caller's buffer alive. */
    void release() {
        bytes = null;
        pos = end = 0;
    }

    /**
     * An integer with an N-bit prefix (RFC 7541 §5.1), starting at the current octet, whose high
     * {@code 8 - prefixBits} bits belong to the representation and are ignored here.
     *
     * @throws H2Exception COMPRESSION_ERROR if it runs past the block, takes more than
     *     {@link #MAX_CONTINUATION_OCTETS} continuation octets, or exceeds 2^31 - 1
     */
    int readInteger(int prefixBits) throws H2Exception {
        if (pos >= end) {
            throw truncated();
        }
        int max = (1 << prefixBits) - 1;
        int value = bytes[pos++] & max;
        if (value < max) {
            return value;
        }
        long v = value;
        for (int i = 0, shift = 0; i < MAX_CONTINUATION_OCTETS; i++, shift += 7) {
            if (pos >= end) {
                throw truncated();
            }
            int b = bytes[pos++] & 0xff;
            v += (long) (b & 0x7f) << shift;
            if (v > Integer.MAX_VALUE) {
                throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "HPACK integer overflows");
            }
            if ((b & 0x80) == 0) {
                return (int) v;
            }
        }
        throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "HPACK integer too long");
    }

    /**
     * A string literal (RFC 7541 §5.2), raw or Huffman-coded, as a {@code String} of one char
     * per octet.
     */
    String readString() throws H2Exception {
        int length = readStringInto();
        return new String(lastBytes, lastOffset, length, StandardCharsets.ISO_8859_1);
    }

    /**
     * Reads a string literal without making a {@code String}, and returns its decoded length; the
     * octets are then {@code lastBytes()[lastOffset(), + length)}, valid until the next read. Huffman strings are still decoded, so a bad one is refused all the same.
     */
    int readStringInto() throws H2Exception {
        if (pos >= end) {
            throw truncated();
        }
        boolean huffman = (bytes[pos] & 0x80) != 0;
        int length = readInteger(7);
        if (length > end - pos) {
            throw truncated();
        }
        int start = pos;
        pos += length;
        if (!huffman) {
            lastBytes = bytes;
            lastOffset = start;
            return length;
        }
        int room = Huffman.maxDecodedLength(length);
        if (scratch.length < room) {
            scratch = new byte[Math.max(room, scratch.length * 2)];
        }
        lastBytes = scratch;
        lastOffset = 0;
        return Huffman.decode(bytes, start, length, scratch);
    }

    byte[] lastBytes() {
        return lastBytes;
    }

    int lastOffset() {
        return lastOffset;
    }

    private static H2Exception truncated() {
        return H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "header block ends inside a representation");
    }
}
