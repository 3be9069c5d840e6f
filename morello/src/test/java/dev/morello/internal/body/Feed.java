package dev.morello.internal.body;

import java.io.InputStream;
import java.util.Random;
import java.util.function.IntUnaryOperator;

/** A body handed over in chosen pieces, as a network would: each read returns at most one piece. */
final class Feed extends InputStream {
    private final byte[] data;
    /** The size of the piece starting at a position. */
    private final IntUnaryOperator pieceAt;
    private int pos;

    private Feed(byte[] data, IntUnaryOperator pieceAt) {
        this.data = data;
        this.pieceAt = pieceAt;
    }

    static InputStream whole(byte[] data) {
        return new Feed(data, p -> data.length - p);
    }

    static InputStream oneByteAtATime(byte[] data) {
        return new Feed(data, p -> 1);
    }

    static InputStream randomPieces(byte[] data, long seed, int maxPiece) {
        Random random = new Random(seed);
        return new Feed(data, p -> 1 + random.nextInt(maxPiece));
    }

    /** Two pieces, cut at {@code offset}. */
    static InputStream splitAt(byte[] data, int offset) {
        return new Feed(data, p -> p < offset ? offset - p : data.length - p);
    }

    @Override
    public int read() {
        return pos < data.length ? data[pos++] & 0xff : -1;
    }

    @Override
    public int read(byte[] b, int off, int len) {
        if (pos == data.length) {
            return -1;
        }
        int n = Math.min(Math.min(len, pieceAt.applyAsInt(pos)), data.length - pos);
        System.arraycopy(data, pos, b, off, n);
        pos += n;
        return n;
    }
}
