package dev.morello.statics;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * A {@code multipart/byteranges} body (RFC 9110 §14.6): one part per range, each with its
 * {@code Content-Type} and {@code Content-Range}, reading only the ranges from the file.
 *
 * <pre>
 * --BOUNDARY
 * Content-Type: text/plain;charset=utf-8
 * Content-Range: bytes 0-1/10
 *
 * ab
 * --BOUNDARY
 * ...
 * --BOUNDARY--
 * </pre>
 *
 * Small bodies are read at once ({@link #bytes()}); larger ones are produced a chunk at a time
 * ({@link #chunks()}), so a request for many megabytes never holds them all.
 */
final class ByteRanges {
    /** Up to this many bytes in all, the body is read into one array. */
    static final long IN_MEMORY_LIMIT = 256 * 1024;
    private static final int CHUNK = 64 * 1024;
    private static final SecureRandom RANDOM = boundaryRandom();

    /** A piece of the body: literal bytes, or {@code count} bytes of the file from {@code position}. */
    private record Piece(byte[] literal, long position, long count) {
        long size() {
            return literal != null ? literal.length : count;
        }
    }

    private final Path file;
    private final String boundary;
    private final List<Piece> pieces = new ArrayList<>();
    private final long size;

    ByteRanges(Path file, String contentType, long length, List<Ranges.Range> ranges) {
        this.file = file;
        this.boundary = newBoundary();
        long total = 0;
        for (int i = 0; i < ranges.size(); i++) {
            Ranges.Range r = ranges.get(i);
            // the CRLF before each delimiter belongs to the delimiter (RFC 2046 §5.1.1)
            String head = (i == 0 ? "" : "\r\n") + "--" + boundary + "\r\n"
                    + "Content-Type: " + contentType + "\r\n"
                    + "Content-Range: bytes " + r.first() + "-" + r.last() + "/" + length + "\r\n\r\n";
            total += add(new Piece(head.getBytes(StandardCharsets.ISO_8859_1), 0, 0));
            total += add(new Piece(null, r.first(), r.length()));
        }
        total += add(new Piece(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1), 0, 0));
        this.size = total;
    }

    private long add(Piece p) {
        pieces.add(p);
        return p.size();
    }

    /** The media type with its boundary, for {@code Content-Type}. */
    String contentType() {
        return "multipart/byteranges; boundary=" + boundary;
    }

    /** The body's length in bytes. */
    long size() {
        return size;
    }

    /** The whole body, read now. */
    byte[] bytes() throws IOException {
        byte[] out = new byte[Math.toIntExact(size)];
        ByteBuffer buf = ByteBuffer.wrap(out);
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            for (Piece p : pieces) {
                if (p.literal != null) {
                    buf.put(p.literal);
                } else {
                    readFully(ch, buf.slice(buf.position(), (int) p.count), p.position);
                    buf.position(buf.position() + (int) p.count);
                }
            }
        }
        return out;
    }

    /**
     * The body as chunks, read from the file as they are asked for; closing the iterator closes
     * the file. The server closes it when the response ends, however it ends.
     */
    Chunks chunks() {
        return new Chunks();
    }

    /** Reads the body piece by piece; the file is opened at the first file piece. */
    final class Chunks implements Iterator<byte[]>, AutoCloseable {
        private int piece;
        private long done;
        private FileChannel channel;

        @Override
        public boolean hasNext() {
            return piece < pieces.size();
        }

        @Override
        public byte[] next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Piece p = pieces.get(piece);
            if (p.literal != null) {
                piece++;
                return p.literal;
            }
            int n = (int) Math.min(CHUNK, p.count - done);
            byte[] out = new byte[n];
            try {
                if (channel == null) {
                    channel = FileChannel.open(file, StandardOpenOption.READ);
                }
                readFully(channel, ByteBuffer.wrap(out), p.position + done);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            done += n;
            if (done == p.count) {
                piece++;
                done = 0;
            }
            return out;
        }

        @Override
        public void close() throws IOException {
            if (channel != null) {
                channel.close();
            }
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer into, long position) throws IOException {
        long at = position;
        while (into.hasRemaining()) {
            int n = ch.read(into, at);
            if (n < 0) {
                // the file shrank after its size was read: better a cut response than wrong bytes
                throw new EOFException("the file ended before the range did");
            }
            at += n;
        }
    }

    /**
     * A DRBG: once seeded it draws no more from the operating system per call, so a request
     * thread never waits on entropy I/O while inside the generator's lock.
     */
    private static SecureRandom boundaryRandom() {
        try {
            return SecureRandom.getInstance("DRBG");
        } catch (NoSuchAlgorithmException e) {
            return new SecureRandom();
        }
    }

    /** A boundary of 32 random hex digits: it must not occur in the content (RFC 2046 §5.1.1). */
    private static String newBoundary() {
        byte[] b = new byte[16];
        RANDOM.nextBytes(b);
        StringBuilder s = new StringBuilder(32);
        for (byte x : b) {
            s.append(Character.forDigit((x >> 4) & 0xf, 16)).append(Character.forDigit(x & 0xf, 16));
        }
        return s.toString();
    }
}
