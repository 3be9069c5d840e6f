package dev.morello.http.internal.h2;

import java.util.Arrays;

/**
 * A growable byte array that the HPACK encoder and the frame writer append to. One lives as long
 * as its connection: {@link #reset()} keeps the array, so steady traffic allocates nothing.
 *
 * <pre>{@code
 * out.reset();
 * encoder.encode(fields, out);               // a header block
 * channel.write(ByteBuffer.wrap(out.array(), 0, out.length()));
 * }</pre>
 *
 * <p>Numbers are written big-endian, as everything in HTTP/2 is (RFC 9113 §4.1).
 */
public final class WireBuffer {
    private byte[] bytes;
    private int length;

    public WireBuffer(int initialCapacity) {
        bytes = new byte[Math.max(16, initialCapacity)];
    }

    /** The bytes written so far are {@code array()[0, length())}. */
    public byte[] array() {
        return bytes;
    }

    public int length() {
        return length;
    }

    /** Forgets what was written; keeps the array. */
    public void reset() {
        length = 0;
    }

    /** A copy of what was written. */
    public byte[] toByteArray() {
        return Arrays.copyOf(bytes, length);
    }

    /** Makes room for {@code more} bytes past the current length. */
    public void ensure(int more) {
        long needed = (long) length + more;
        if (needed > bytes.length) {
            if (needed > Integer.MAX_VALUE - 8) {
                throw new IllegalStateException("buffer over 2 GiB");
            }
            bytes = Arrays.copyOf(bytes, (int) Math.max(needed, Math.min((long) bytes.length * 2, Integer.MAX_VALUE - 8)));
        }
    }

    public void writeByte(int b) {
        ensure(1);
        bytes[length++] = (byte) b;
    }

    public void write(byte[] src, int offset, int count) {
        ensure(count);
        System.arraycopy(src, offset, bytes, length, count);
        length += count;
    }

    public void write(byte[] src) {
        write(src, 0, src.length);
    }

    /** Writes the low 16 bits. */
    public void writeShort(int value) {
        ensure(2);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    /** Writes the low 24 bits, the width of a frame's length. */
    public void writeMedium(int value) {
        ensure(3);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    public void writeInt(int value) {
        ensure(4);
        bytes[length++] = (byte) (value >>> 24);
        bytes[length++] = (byte) (value >>> 16);
        bytes[length++] = (byte) (value >>> 8);
        bytes[length++] = (byte) value;
    }

    public void writeLong(long value) {
        writeInt((int) (value >>> 32));
        writeInt((int) value);
    }

    /** Writes each char as one byte; every char must be at most U+00FF. */
    public void writeLatin1(String s) {
        int n = s.length();
        ensure(n);
        for (int i = 0; i < n; i++) {
            bytes[length++] = (byte) s.charAt(i);
        }
    }

    /** Overwrites 24 bits at {@code index}, to fill in a frame length once the payload is known. */
    public void setMedium(int index, int value) {
        if (index < 0 || index + 3 > length) {
            throw new IndexOutOfBoundsException(index);
        }
        bytes[index] = (byte) (value >>> 16);
        bytes[index + 1] = (byte) (value >>> 8);
        bytes[index + 2] = (byte) value;
    }

    /** Overwrites one byte at {@code index}. */
    public void setByte(int index, int value) {
        if (index < 0 || index >= length) {
            throw new IndexOutOfBoundsException(index);
        }
        bytes[index] = (byte) value;
    }
}
