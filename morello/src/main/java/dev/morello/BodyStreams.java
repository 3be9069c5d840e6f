package dev.morello;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.Iterator;
import java.util.NoSuchElementException;

/** How {@link ResponseBody} reads its kinds as bytes. */
final class BodyStreams {
    /** Pieces read at a time from a stream or a file when a body is walked as chunks. */
    private static final int READ_CHUNK = 64 * 1024;

    private BodyStreams() {
    }

    /** One chunk as bytes: text encoded, null as nothing. */
    static byte[] chunk(Object chunk, Charset charset) {
        return switch (chunk) {
            case null -> new byte[0];
            case byte[] b -> b;
            case CharSequence s -> s.toString().getBytes(charset);
            default -> throw new IllegalStateException("a body chunk must be a String or byte[], not "
                    + chunk.getClass().getName());
        };
    }

    static Iterator<byte[]> pieces(InputStream source) {
        return new Iterator<>() {
            private byte[] next = read();

            private byte[] read() {
                try {
                    byte[] b = source.readNBytes(READ_CHUNK);
                    if (b.length == 0) {
                        source.close();
                        return null;
                    }
                    return b;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public boolean hasNext() {
                return next != null;
            }

            @Override
            public byte[] next() {
                if (next == null) {
                    throw new NoSuchElementException();
                }
                byte[] b = next;
                next = read();
                return b;
            }
        };
    }

    /** A stream that ends after {@code count} bytes of the one it reads. */
    static final class Bounded extends FilterInputStream {
        private long left;

        Bounded(InputStream in, long count) {
            super(in);
            this.left = count;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = super.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] buf, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = super.read(buf, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
