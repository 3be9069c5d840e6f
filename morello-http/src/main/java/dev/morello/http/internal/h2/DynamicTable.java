package dev.morello.http.internal.h2;

import java.util.Arrays;

/**
 * HPACK's dynamic table (RFC 7541 §2.3.2, §4): a first-in first-out list of fields, newest first,
 * bounded by a size in octets (each entry counting name + value + 32). Adding an entry evicts the
 * oldest until it fits; an entry larger than the whole table empties it and is not added
 * (§4.4). Lowering the maximum evicts at once (§4.3).
 *
 * <p>Kept as a ring over an array that grows by doubling, so adding and evicting allocate nothing
 * once the table has reached its working length. The encoder and the decoder each own one, and
 * must change it in the same order for the two to agree.
 */
final class DynamicTable {
    private HeaderField[] ring = new HeaderField[16];
    /** Where the newest entry is; older entries follow at decreasing positions. */
    private int newest = -1;
    private int length;
    private long size;
    private long maxSize;

    DynamicTable(long maxSize) {
        this.maxSize = maxSize;
    }

    /** Entries in the table. */
    int length() {
        return length;
    }

    /** Octets the entries take, by RFC 7541 §4.1's count. */
    long size() {
        return size;
    }

    long maxSize() {
        return maxSize;
    }

    /** Entry {@code i}, 1 being the newest (dynamic index 62 on the wire). */
    HeaderField get(int i) {
        if (i < 1 || i > length) {
            throw new IndexOutOfBoundsException(i);
        }
        return ring[Math.floorMod(newest - (i - 1), ring.length)];
    }

    /** Sets the maximum size, evicting the oldest entries until the table fits. */
    void setMaxSize(long max) {
        maxSize = max;
        evictTo(max);
    }

    /** Adds {@code field} as the newest entry (RFC 7541 §4.4). */
    void add(HeaderField field) {
        long s = field.size();
        if (s > maxSize) {
            clear();
            return;
        }
        evictTo(maxSize - s);
        if (length == ring.length) {
            grow();
        }
        newest = (newest + 1) % ring.length;
        ring[newest] = field;
        length++;
        size += s;
    }

    /**
     * The index of an entry equal to {@code name} and {@code value}, or, failing that, minus the
     * index of one with that name, or 0. The newest match wins.
     */
    int find(String name, String value) {
        int nameMatch = 0;
        for (int i = 1; i <= length; i++) {
            HeaderField f = ring[Math.floorMod(newest - (i - 1), ring.length)];
            if (f.name().equals(name)) {
                if (f.value().equals(value)) {
                    return i;
                }
                if (nameMatch == 0) {
                    nameMatch = i;
                }
            }
        }
        return -nameMatch;
    }

    private void evictTo(long target) {
        while (size > target && length > 0) {
            int oldest = Math.floorMod(newest - (length - 1), ring.length);
            size -= ring[oldest].size();
            ring[oldest] = null;
            length--;
        }
        if (length == 0) {
            newest = -1;
        }
    }

    private void clear() {
        Arrays.fill(ring, null);
        newest = -1;
        length = 0;
        size = 0;
    }

    private void grow() {
        HeaderField[] bigger = new HeaderField[ring.length * 2];
        // Oldest first at 0, newest last.
        for (int i = 0; i < length; i++) {
            bigger[i] = get(length - i);
        }
        ring = bigger;
        newest = length - 1;
    }
}
