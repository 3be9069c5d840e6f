package dev.morello.http.internal.h2;

import java.util.Arrays;

/**
 * The static Huffman code of HPACK (RFC 7541 §5.2, Appendix B): 256 byte values and EOS, codes of
 * 5 to 30 bits.
 *
 * <p>The code is canonical: sorted by length and then by symbol, each code is the previous one
 * plus one, shifted left when the length grows. Decoding relies on that: for each length the
 * codes form one run, so a symbol is found by comparing the next bits with each length's first
 * code, shortest first, with no tree to walk. The table test asserts the property.
 *
 * <p>Decoding refuses what RFC 7541 §5.2 calls a decoding error: padding longer than 7 bits,
 * padding that is not the most significant bits of EOS (all ones), and EOS itself inside a string.
 */
final class Huffman {
    /** The end-of-string symbol: never sent, its prefix pads the last byte. */
    static final int EOS = 256;

    /** Each symbol's code, aligned to the least significant bit (the table's "code as hex"). */
    private static final int[] CODES = {
        /*   0 */ 0x1ff8, 0x7fffd8, 0xfffffe2, 0xfffffe3, 0xfffffe4, 0xfffffe5, 0xfffffe6, 0xfffffe7,
        /*   8 */ 0xfffffe8, 0xffffea, 0x3ffffffc, 0xfffffe9, 0xfffffea, 0x3ffffffd, 0xfffffeb, 0xfffffec,
        /*  16 */ 0xfffffed, 0xfffffee, 0xfffffef, 0xffffff0, 0xffffff1, 0xffffff2, 0x3ffffffe, 0xffffff3,
        /*  24 */ 0xffffff4, 0xffffff5, 0xffffff6, 0xffffff7, 0xffffff8, 0xffffff9, 0xffffffa, 0xffffffb,
        /*  32 */ 0x14, 0x3f8, 0x3f9, 0xffa, 0x1ff9, 0x15, 0xf8, 0x7fa,
        /*  40 */ 0x3fa, 0x3fb, 0xf9, 0x7fb, 0xfa, 0x16, 0x17, 0x18,
        /*  48 */ 0x0, 0x1, 0x2, 0x19, 0x1a, 0x1b, 0x1c, 0x1d,
        /*  56 */ 0x1e, 0x1f, 0x5c, 0xfb, 0x7ffc, 0x20, 0xffb, 0x3fc,
        /*  64 */ 0x1ffa, 0x21, 0x5d, 0x5e, 0x5f, 0x60, 0x61, 0x62,
        /*  72 */ 0x63, 0x64, 0x65, 0x66, 0x67, 0x68, 0x69, 0x6a,
        /*  80 */ 0x6b, 0x6c, 0x6d, 0x6e, 0x6f, 0x70, 0x71, 0x72,
        /*  88 */ 0xfc, 0x73, 0xfd, 0x1ffb, 0x7fff0, 0x1ffc, 0x3ffc, 0x22,
        /*  96 */ 0x7ffd, 0x3, 0x23, 0x4, 0x24, 0x5, 0x25, 0x26,
        /* 104 */ 0x27, 0x6, 0x74, 0x75, 0x28, 0x29, 0x2a, 0x7,
        /* 112 */ 0x2b, 0x76, 0x2c, 0x8, 0x9, 0x2d, 0x77, 0x78,
        /* 120 */ 0x79, 0x7a, 0x7b, 0x7ffe, 0x7fc, 0x3ffd, 0x1ffd, 0xffffffc,
        /* 128 */ 0xfffe6, 0x3fffd2, 0xfffe7, 0xfffe8, 0x3fffd3, 0x3fffd4, 0x3fffd5, 0x7fffd9,
        /* 136 */ 0x3fffd6, 0x7fffda, 0x7fffdb, 0x7fffdc, 0x7fffdd, 0x7fffde, 0xffffeb, 0x7fffdf,
        /* 144 */ 0xffffec, 0xffffed, 0x3fffd7, 0x7fffe0, 0xffffee, 0x7fffe1, 0x7fffe2, 0x7fffe3,
        /* 152 */ 0x7fffe4, 0x1fffdc, 0x3fffd8, 0x7fffe5, 0x3fffd9, 0x7fffe6, 0x7fffe7, 0xffffef,
        /* 160 */ 0x3fffda, 0x1fffdd, 0xfffe9, 0x3fffdb, 0x3fffdc, 0x7fffe8, 0x7fffe9, 0x1fffde,
        /* 168 */ 0x7fffea, 0x3fffdd, 0x3fffde, 0xfffff0, 0x1fffdf, 0x3fffdf, 0x7fffeb, 0x7fffec,
        /* 176 */ 0x1fffe0, 0x1fffe1, 0x3fffe0, 0x1fffe2, 0x7fffed, 0x3fffe1, 0x7fffee, 0x7fffef,
        /* 184 */ 0xfffea, 0x3fffe2, 0x3fffe3, 0x3fffe4, 0x7ffff0, 0x3fffe5, 0x3fffe6, 0x7ffff1,
        /* 192 */ 0x3ffffe0, 0x3ffffe1, 0xfffeb, 0x7fff1, 0x3fffe7, 0x7ffff2, 0x3fffe8, 0x1ffffec,
        /* 200 */ 0x3ffffe2, 0x3ffffe3, 0x3ffffe4, 0x7ffffde, 0x7ffffdf, 0x3ffffe5, 0xfffff1, 0x1ffffed,
        /* 208 */ 0x7fff2, 0x1fffe3, 0x3ffffe6, 0x7ffffe0, 0x7ffffe1, 0x3ffffe7, 0x7ffffe2, 0xfffff2,
        /* 216 */ 0x1fffe4, 0x1fffe5, 0x3ffffe8, 0x3ffffe9, 0xffffffd, 0x7ffffe3, 0x7ffffe4, 0x7ffffe5,
        /* 224 */ 0xfffec, 0xfffff3, 0xfffed, 0x1fffe6, 0x3fffe9, 0x1fffe7, 0x1fffe8, 0x7ffff3,
        /* 232 */ 0x3fffea, 0x3fffeb, 0x1ffffee, 0x1ffffef, 0xfffff4, 0xfffff5, 0x3ffffea, 0x7ffff4,
        /* 240 */ 0x3ffffeb, 0x7ffffe6, 0x3ffffec, 0x3ffffed, 0x7ffffe7, 0x7ffffe8, 0x7ffffe9, 0x7ffffea,
        /* 248 */ 0x7ffffeb, 0xffffffe, 0x7ffffec, 0x7ffffed, 0x7ffffee, 0x7ffffef, 0x7fffff0, 0x3ffffee,
        /* EOS */ 0x3fffffff,
    };

    /** Each symbol's code length in bits. */
    private static final byte[] LENGTHS = {
        /*   0 */ 13, 23, 28, 28, 28, 28, 28, 28,
        /*   8 */ 28, 24, 30, 28, 28, 30, 28, 28,
        /*  16 */ 28, 28, 28, 28, 28, 28, 30, 28,
        /*  24 */ 28, 28, 28, 28, 28, 28, 28, 28,
        /*  32 */ 6, 10, 10, 12, 13, 6, 8, 11,
        /*  40 */ 10, 10, 8, 11, 8, 6, 6, 6,
        /*  48 */ 5, 5, 5, 6, 6, 6, 6, 6,
        /*  56 */ 6, 6, 7, 8, 15, 6, 12, 10,
        /*  64 */ 13, 6, 7, 7, 7, 7, 7, 7,
        /*  72 */ 7, 7, 7, 7, 7, 7, 7, 7,
        /*  80 */ 7, 7, 7, 7, 7, 7, 7, 7,
        /*  88 */ 8, 7, 8, 13, 19, 13, 14, 6,
        /*  96 */ 15, 5, 6, 5, 6, 5, 6, 6,
        /* 104 */ 6, 5, 7, 7, 6, 6, 6, 5,
        /* 112 */ 6, 7, 6, 5, 5, 6, 7, 7,
        /* 120 */ 7, 7, 7, 15, 11, 14, 13, 28,
        /* 128 */ 20, 22, 20, 20, 22, 22, 22, 23,
        /* 136 */ 22, 23, 23, 23, 23, 23, 24, 23,
        /* 144 */ 24, 24, 22, 23, 24, 23, 23, 23,
        /* 152 */ 23, 21, 22, 23, 22, 23, 23, 24,
        /* 160 */ 22, 21, 20, 22, 22, 23, 23, 21,
        /* 168 */ 23, 22, 22, 24, 21, 22, 23, 23,
        /* 176 */ 21, 21, 22, 21, 23, 22, 23, 23,
        /* 184 */ 20, 22, 22, 22, 23, 22, 22, 23,
        /* 192 */ 26, 26, 20, 19, 22, 23, 22, 25,
        /* 200 */ 26, 26, 26, 27, 27, 26, 24, 25,
        /* 208 */ 19, 21, 26, 27, 27, 26, 27, 24,
        /* 216 */ 21, 21, 26, 26, 28, 27, 27, 27,
        /* 224 */ 20, 24, 20, 21, 22, 21, 21, 23,
        /* 232 */ 22, 22, 25, 25, 24, 24, 26, 23,
        /* 240 */ 26, 27, 26, 26, 27, 27, 27, 27,
        /* 248 */ 27, 28, 27, 27, 27, 27, 27, 26,
        /* EOS */ 30,
    };

    private static final int MAX_LENGTH = 30;
    /** The code lengths in use, shortest first. */
    private static final int[] USED_LENGTHS;
    /** Per length: the smallest code of that length, and how many codes have it. */
    private static final int[] FIRST_CODE = new int[MAX_LENGTH + 1];
    private static final int[] COUNT = new int[MAX_LENGTH + 1];
    /** Per length: where its symbols start in {@link #SORTED}. */
    private static final int[] START = new int[MAX_LENGTH + 1];
    /** Symbols sorted by code length, then code. */
    private static final short[] SORTED = new short[EOS + 1];

    static {
        for (int s = 0; s <= EOS; s++) {
            COUNT[LENGTHS[s]]++;
        }
        int used = 0;
        for (int l = 1, start = 0; l <= MAX_LENGTH; l++) {
            START[l] = start;
            start += COUNT[l];
            if (COUNT[l] > 0) {
                used++;
            }
        }
        USED_LENGTHS = new int[used];
        int[] fill = Arrays.copyOf(START, START.length);
        Arrays.fill(FIRST_CODE, Integer.MAX_VALUE);
        for (int l = 1, u = 0; l <= MAX_LENGTH; l++) {
            if (COUNT[l] > 0) {
                USED_LENGTHS[u++] = l;
            }
        }
        // Symbols in increasing order give increasing codes within a length (canonical order);
        // if the table broke that, the runs below would not be contiguous and we refuse to load.
        for (int s = 0; s <= EOS; s++) {
            int l = LENGTHS[s];
            int at = fill[l]++;
            SORTED[at] = (short) s;
            if (at == START[l]) {
                FIRST_CODE[l] = CODES[s];
            } else if (CODES[s] != FIRST_CODE[l] + (at - START[l])) {
                throw new ExceptionInInitializerError("Huffman codes of length " + l + " are not one run");
            }
        }
    }

    private Huffman() {
    }

    /** The code of a symbol (0-255, or {@link #EOS}), aligned to the least significant bit. */
    static int code(int symbol) {
        return CODES[symbol];
    }

    /** The length in bits of a symbol's code. */
    static int length(int symbol) {
        return LENGTHS[symbol];
    }

    /**
     * How many octets {@code s} takes Huffman-coded. Every char must be at most U+00FF (the
     * encoder checks before it asks).
     */
    static long encodedLength(String s) {
        long bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            bits += LENGTHS[s.charAt(i) & 0xff];
        }
        return (bits + 7) >>> 3;
    }

    /**
     * Appends {@code s} Huffman-coded, the last byte padded with the most significant bits of EOS
     * (ones). Every char must be at most U+00FF.
     */
    static void encode(String s, WireBuffer out) {
        long acc = 0;
        int bits = 0;
        for (int i = 0, n = s.length(); i < n; i++) {
            int sym = s.charAt(i) & 0xff;
            int len = LENGTHS[sym];
            // bits < 8 before the add, so at most 37 bits are pending: a long holds them.
            acc = (acc << len) | CODES[sym];
            bits += len;
            while (bits >= 8) {
                bits -= 8;
                out.writeByte((int) (acc >>> bits));
            }
        }
        if (bits > 0) {
            out.writeByte((int) ((acc << (8 - bits)) | (0xff >>> bits)));
        }
    }

    /** The most octets {@code encodedLength} Huffman-coded octets can decode to (5-bit codes). */
    static int maxDecodedLength(int encodedLength) {
        return (int) (((long) encodedLength * 8) / 5);
    }

    /**
     * Decodes {@code src[offset, offset + length)} into {@code dst} from index 0, which must hold
     * {@link #maxDecodedLength} bytes, and returns how many it wrote.
     *
     * @throws H2Exception COMPRESSION_ERROR for EOS in the string, padding over 7 bits, or
     *     padding that is not all ones (RFC 7541 §5.2)
     */
    static int decode(byte[] src, int offset, int length, byte[] dst) throws H2Exception {
        int in = offset;
        int end = offset + length;
        long acc = 0;
        int bits = 0;
        int n = 0;
        while (true) {
            while (bits <= 56 && in < end) {
                acc = (acc << 8) | (src[in++] & 0xff);
                bits += 8;
            }
            int symbol = -1;
            int used = 0;
            for (int l : USED_LENGTHS) {
                if (l > bits) {
                    break;
                }
                int rel = (int) ((acc >>> (bits - l)) & ((1L << l) - 1)) - FIRST_CODE[l];
                if (rel >= 0 && rel < COUNT[l]) {
                    symbol = SORTED[START[l] + rel];
                    used = l;
                    break;
                }
            }
            if (symbol < 0) {
                // The code is complete, so 30 pending bits always hold a symbol: we only get
                // here at the end of the input, with the padding left.
                break;
            }
            if (symbol == EOS) {
                throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "EOS inside a Huffman string");
            }
            dst[n++] = (byte) symbol;
            bits -= used;
        }
        if (bits > 7) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "Huffman padding longer than 7 bits");
        }
        long mask = (1L << bits) - 1;
        if ((acc & mask) != mask) {
            throw H2Exception.connection(ErrorCode.COMPRESSION_ERROR, "Huffman padding not a prefix of EOS");
        }
        return n;
    }
}
