package dev.morello.tools.std.gzip;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * The two content codings the compression tools make, RFC 9110 §8.4.1: {@code gzip} (RFC 1952: a
 * 10-byte header, raw deflate data, then the CRC-32 and length of the original) and
 * {@code deflate} (RFC 1950's zlib format: a 2-byte header, deflate data, an Adler-32; never raw
 * deflate, which some old servers sent under this name). Deflaters are pooled: each holds a few
 * hundred KiB of native memory that is costly to set up per response.
 */
enum GzipCoding {
    GZIP("gzip", true),
    DEFLATE("deflate", false);

    /** ID1 ID2 (the gzip magic), CM = 8 (deflate), FLG = 0 (no name, no comment, no extra). */
    private static final byte ID1 = 0x1f;
    private static final byte ID2 = (byte) 0x8b;
    private static final byte CM_DEFLATE = 8;
    /** OS = 255: unknown (RFC 1952 §2.3.1). */
    private static final byte OS_UNKNOWN = (byte) 0xff;
    static final int GZIP_HEADER_LENGTH = 10;
    static final int GZIP_TRAILER_LENGTH = 8;

    /** The token in {@code Content-Encoding}. */
    final String token;
    /** Whether the Deflater writes raw deflate data (gzip adds its own header and trailer). */
    private final boolean raw;
    private final java.util.List<ArrayBlockingQueue<Deflater>> pools = new java.util.ArrayList<>();

    GzipCoding(String token, boolean raw) {
        this.token = token;
        this.raw = raw;
        for (int level = 0; level <= Deflater.BEST_COMPRESSION; level++) {
            pools.add(new ArrayBlockingQueue<>(Pool.SIZE));
        }
    }

    /** Deflaters kept per coding and level: enough for the responses compressed at once on this machine. */
    private static final class Pool {
        static final int SIZE = Math.max(4, 2 * Runtime.getRuntime().availableProcessors());
    }

    /** Whether an {@code Accept-Encoding} token names this coding ({@code x-gzip} is gzip, RFC 9110 §8.4.1.3). */
    boolean named(String token) {
        return this.token.equalsIgnoreCase(token) || (this == GZIP && token.equalsIgnoreCase("x-gzip"));
    }

    Deflater borrow(int level) {
        Deflater d = pools.get(level).poll();
        return d != null ? d : new Deflater(level, raw);
    }

    void release(Deflater d, int level) {
        d.reset();
        if (!pools.get(level).offer(d)) {
            d.end();
        }
    }

    /** The bytes before the deflate data: gzip's header (MTIME 0, so equal bodies compress equally); none for zlib, whose Deflater writes its own. */
    int header(byte[] out, int level) {
        if (!raw) {
            return 0;
        }
        out[0] = ID1;
        out[1] = ID2;
        out[2] = CM_DEFLATE;
        out[3] = 0;
        // MTIME = 0: no time stamp (RFC 1952 §2.3.1); a response has no file time to record
        out[4] = 0;
        out[5] = 0;
        out[6] = 0;
        out[7] = 0;
        // XFL: 2 = slowest, best compression; 4 = fastest
        out[8] = (byte) (level == Deflater.BEST_COMPRESSION ? 2 : level == Deflater.BEST_SPEED ? 4 : 0);
        out[9] = OS_UNKNOWN;
        return GZIP_HEADER_LENGTH;
    }

    int headerLength() {
        return raw ? GZIP_HEADER_LENGTH : 0;
    }

    int trailerLength() {
        return raw ? GZIP_TRAILER_LENGTH : 0;
    }

    /** gzip's trailer, both little-endian: CRC32 and ISIZE (the length modulo 2^32). */
    int trailer(byte[] out, int at, CRC32 crc, long size) {
        if (!raw) {
            return 0;
        }
        int c = (int) crc.getValue();
        int n = (int) size;
        for (int i = 0; i < 4; i++) {
            out[at + i] = (byte) (c >>> (8 * i));
            out[at + 4 + i] = (byte) (n >>> (8 * i));
        }
        return GZIP_TRAILER_LENGTH;
    }

    /** A whole body compressed in one go. */
    byte[] compress(byte[] in, int level) {
        Deflater d = borrow(level);
        try {
            d.setInput(in);
            d.finish();
            // text compresses to a fifth or so; grown when it does not
            byte[] out = new byte[headerLength() + trailerLength() + in.length / 4 + 64];
            int pos = header(out, level);
            while (!d.finished()) {
                if (pos == out.length - trailerLength()) {
                    out = java.util.Arrays.copyOf(out, out.length * 2);
                }
                pos += d.deflate(out, pos, out.length - trailerLength() - pos);
            }
            if (raw) {
                CRC32 crc = new CRC32();
                crc.update(in);
                pos += trailer(out, pos, crc, in.length);
            }
            return pos == out.length ? out : java.util.Arrays.copyOf(out, pos);
        } finally {
            release(d, level);
        }
    }
}
