package dev.morello.http.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692) for one connection: raw DEFLATE, each message ending with an
 * empty stored block whose four bytes ({@code 00 00 FF FF}) are left off the wire. With context
 * takeover the compressor (and the decompressor) keep their window from message to message.
 */
final class PerMessageDeflate {
    private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);
    private final boolean resetDeflater;
    private final boolean resetInflater;
    private final byte[] buffer = new byte[8192];

    PerMessageDeflate(boolean serverNoContextTakeover, boolean clientNoContextTakeover) {
        this.resetDeflater = serverNoContextTakeover;
        this.resetInflater = clientNoContextTakeover;
    }

    /** One message compressed, without the final {@code 00 00 FF FF}. */
    byte[] compress(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.max(64, message.length / 2));
        deflater.setInput(message);
        int n;
        do {
            n = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
            out.write(buffer, 0, n);
        } while (n == buffer.length || !deflater.needsInput());
        if (resetDeflater) {
            deflater.reset();
        }
        byte[] all = out.toByteArray();
        // a sync flush ends with the empty stored block; RFC 7692 §7.2.1 leaves its last 4 bytes off
        int length = all.length;
        if (length >= 4 && all[length - 4] == 0 && all[length - 3] == 0 && all[length - 2] == (byte) 0xFF
                && all[length - 1] == (byte) 0xFF) {
            length -= 4;
        }
        return java.util.Arrays.copyOf(all, length);
    }

    /**
     * One message decompressed, refusing to make more than {@code limit} bytes (a small message
     * may inflate enormously).
     *
     * @throws TooBig when the message would pass the limit
     * @throws DataFormatException when it is not DEFLATE data
     */
    byte[] decompress(byte[] compressed, int length, int limit) throws DataFormatException, TooBig {
        ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(limit, Math.max(64, length * 2)));
        inflate(compressed, 0, length, out, limit);
        inflate(TAIL, 0, TAIL.length, out, limit);
        if (resetInflater) {
            inflater.reset();
        }
        return out.toByteArray();
    }

    private void inflate(byte[] in, int off, int len, ByteArrayOutputStream out, int limit) throws DataFormatException, TooBig {
        inflater.setInput(in, off, len);
        while (true) {
            int n = inflater.inflate(buffer);
            if (n > 0) {
                if (out.size() + n > limit) {
                    throw new TooBig();
                }
                out.write(buffer, 0, n);
                continue;
            }
            if (inflater.needsInput() || inflater.finished() || inflater.needsDictionary()) {
                if (inflater.finished()) {
                    // a final block ended the stream: more of it would be a protocol error; the
                    // next message starts a fresh stream
                    inflater.reset();
                }
                return;
            }
        }
    }

    void close() {
        deflater.end();
        inflater.end();
    }

    /** A message that inflates past the limit. */
    static final class TooBig extends Exception {
        private static final long serialVersionUID = 1L;

        TooBig() {
            super("message too big", null, false, false);
        }
    }
}
