package dev.morello.http.tls;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The little of ASN.1 DER (ITU-T X.690) that key files need: reading tag-length-value elements
 * and writing the few structures the key wrappers build. Only definite lengths and single-byte
 * tags, which is all the key formats here use; anything else is malformed.
 *
 * <pre>{@code
 * Der.Reader outer = Der.reader(bytes);
 * Der.Element seq = outer.next(Der.SEQUENCE);      // throws unless the next element is a SEQUENCE
 * Der.Reader fields = seq.reader();
 * long version = fields.next(Der.INTEGER).smallInteger();
 * }</pre>
 */
final class Der {
    static final int INTEGER = 0x02;
    static final int BIT_STRING = 0x03;
    static final int OCTET_STRING = 0x04;
    static final int NULL = 0x05;
    static final int OBJECT_IDENTIFIER = 0x06;
    static final int SEQUENCE = 0x30;
    /** A context-specific constructed tag, {@code [n]} in ASN.1 with EXPLICIT tagging. */
    static final int CONTEXT_0 = 0xa0;
    static final int CONTEXT_1 = 0xa1;

    /** Lengths beyond this are not a key file's; it also keeps the length arithmetic in an int. */
    private static final int MAX_LENGTH = 1 << 24;

    private Der() {
    }

    /** The bytes are not the DER expected; the message says what, never the bytes. */
    static final class MalformedException extends Exception {
        private static final long serialVersionUID = 1L;

        MalformedException(String message) {
            super(message);
        }
    }

    static Reader reader(byte[] bytes) {
        return new Reader(bytes, 0, bytes.length);
    }

    /** One element: its tag and where its contents lie in the source array. */
    record Element(int tag, byte[] source, int start, int contentStart, int end) {
        /** The contents (the V of TLV), copied. */
        byte[] contents() {
            return Arrays.copyOfRange(source, contentStart, end);
        }

        /** The whole element (T, L and V), copied. */
        byte[] encoded() {
            return Arrays.copyOfRange(source, start, end);
        }

        /** A reader over the contents, for a constructed element. */
        Reader reader() {
            return new Reader(source, contentStart, end);
        }

        /** An INTEGER's value when it fits in 31 bits and is not negative (versions, counts). */
        int smallInteger() throws MalformedException {
            int length = end - contentStart;
            if (length == 0 || length > 4 || (source[contentStart] & 0x80) != 0) {
                throw new MalformedException("an INTEGER out of the expected range");
            }
            int value = 0;
            for (int i = contentStart; i < end; i++) {
                value = (value << 8) | (source[i] & 0xff);
            }
            if (value < 0) {
                throw new MalformedException("an INTEGER out of the expected range");
            }
            return value;
        }

        /** An OBJECT IDENTIFIER in dotted form ({@code 1.2.840.113549.1.1.1}). */
        String objectIdentifier() throws MalformedException {
            if (tag != OBJECT_IDENTIFIER) {
                throw new MalformedException("expected an OBJECT IDENTIFIER");
            }
            return decodeOid(source, contentStart, end);
        }
    }

    /** Reads the elements of one level, in order. */
    static final class Reader {
        private final byte[] source;
        private final int end;
        private int pos;

        private Reader(byte[] source, int start, int end) {
            this.source = source;
            this.pos = start;
            this.end = end;
        }

        boolean hasMore() {
            return pos < end;
        }

        /** The next element, of whatever tag. */
        Element next() throws MalformedException {
            if (pos >= end) {
                throw new MalformedException("a structure ends early");
            }
            int start = pos;
            int tag = source[pos++] & 0xff;
            if ((tag & 0x1f) == 0x1f) {
                throw new MalformedException("a multi-byte tag, which no key format here uses");
            }
            if (pos >= end) {
                throw new MalformedException("an element without a length");
            }
            int first = source[pos++] & 0xff;
            int length;
            if (first < 0x80) {
                length = first;
            } else if (first == 0x80) {
                // X.690 §10.1: DER uses the definite form only.
                throw new MalformedException("an indefinite length, which DER does not allow");
            } else {
                int count = first & 0x7f;
                if (count > 3 || end - pos < count) {
                    throw new MalformedException("a length too large");
                }
                length = 0;
                for (int i = 0; i < count; i++) {
                    length = (length << 8) | (source[pos++] & 0xff);
                }
            }
            if (length > MAX_LENGTH || length > end - pos) {
                throw new MalformedException("an element longer than what holds it");
            }
            int contentStart = pos;
            pos += length;
            return new Element(tag, source, start, contentStart, pos);
        }

        /** The next element, which must have the given tag. */
        Element next(int expectedTag) throws MalformedException {
            Element e = next();
            if (e.tag() != expectedTag) {
                throw new MalformedException(String.format("expected tag 0x%02x, found 0x%02x", expectedTag, e.tag()));
            }
            return e;
        }

        /** Fails unless every element was read: trailing data means a different structure. */
        void expectEnd() throws MalformedException {
            if (pos != end) {
                throw new MalformedException("unexpected data after a structure");
            }
        }
    }

    // --- writing -------------------------------------------------------------------------------

    /** An element with the given tag around the concatenated parts. */
    static byte[] element(int tag, byte[]... parts) {
        int length = 0;
        for (byte[] p : parts) {
            length += p.length;
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
        out.write(tag);
        if (length < 0x80) {
            out.write(length);
        } else {
            int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
            out.write(0x80 | bytes);
            for (int i = bytes - 1; i >= 0; i--) {
                out.write(length >>> (8 * i));
            }
        }
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    static byte[] sequence(byte[]... parts) {
        return element(SEQUENCE, parts);
    }

    /** A small non-negative INTEGER (a version number). */
    static byte[] integer(int value) {
        if (value < 0 || value > 127) {
            throw new IllegalArgumentException("only small versions are written: " + value);
        }
        return new byte[] {INTEGER, 1, (byte) value};
    }

    static byte[] octetString(byte[] contents) {
        return element(OCTET_STRING, contents);
    }

    static byte[] nullValue() {
        return new byte[] {NULL, 0};
    }

    /** An OBJECT IDENTIFIER from its dotted form (X.690 §8.19). */
    static byte[] objectIdentifier(String dotted) {
        String[] arcs = dotted.split("\\.");
        if (arcs.length < 2) {
            throw new IllegalArgumentException("an OID has at least two arcs: " + dotted);
        }
        long first = Long.parseLong(arcs[0]);
        long second = Long.parseLong(arcs[1]);
        if (first > 2 || (first < 2 && second > 39)) {
            throw new IllegalArgumentException("not an OID: " + dotted);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        base128(body, first * 40 + second);
        for (int i = 2; i < arcs.length; i++) {
            base128(body, Long.parseLong(arcs[i]));
        }
        return element(OBJECT_IDENTIFIER, body.toByteArray());
    }

    private static void base128(ByteArrayOutputStream out, long value) {
        int groups = 1;
        while (groups < 9 && value >>> (7 * groups) != 0) {
            groups++;
        }
        for (int i = groups - 1; i > 0; i--) {
            out.write((int) (0x80 | ((value >>> (7 * i)) & 0x7f)));
        }
        out.write((int) (value & 0x7f));
    }

    private static String decodeOid(byte[] b, int start, int end) throws MalformedException {
        if (start == end) {
            throw new MalformedException("an empty OBJECT IDENTIFIER");
        }
        List<Long> arcs = new ArrayList<>();
        long value = 0;
        boolean inArc = false;
        for (int i = start; i < end; i++) {
            int octet = b[i] & 0xff;
            if (!inArc && octet == 0x80) {
                // X.690 §8.19.2: the leading octet of an arc is never 0x80 (no padding).
                throw new MalformedException("an OBJECT IDENTIFIER arc with a leading zero group");
            }
            if (value >>> 56 != 0) {
                throw new MalformedException("an OBJECT IDENTIFIER arc too large");
            }
            value = (value << 7) | (octet & 0x7f);
            inArc = (octet & 0x80) != 0;
            if (!inArc) {
                arcs.add(value);
                value = 0;
            }
        }
        if (inArc) {
            throw new MalformedException("an OBJECT IDENTIFIER cut short");
        }
        StringBuilder dotted = new StringBuilder();
        long head = arcs.get(0);
        // X.690 §8.19.4: the first subidentifier packs the first two arcs as 40 * X + Y.
        if (head < 40) {
            dotted.append("0.").append(head);
        } else if (head < 80) {
            dotted.append("1.").append(head - 40);
        } else {
            dotted.append("2.").append(head - 80);
        }
        for (int i = 1; i < arcs.size(); i++) {
            dotted.append('.').append(arcs.get(i));
        }
        return dotted.toString();
    }
}
