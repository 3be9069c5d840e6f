package dev.morello.http.websocket.autobahn;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * The client's half of permessage-deflate (RFC 7692 §7.2), on the JDK's zlib: a message is raw
 * DEFLATE ended by a sync flush whose last four bytes ({@code 00 00 FF FF}) stay off the wire,
 * and are added back before inflating. With context takeover each side's window runs on from
 * message to message.
 */
final class ClientDeflate implements AutoCloseable {
    private static final byte[] TAIL = {0, 0, (byte) 0xff, (byte) 0xff};

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    private final Inflater inflater = new Inflater(true);
    /** client_no_context_takeover: each message starts a fresh window. */
    private final boolean resetEachMessage;

    ClientDeflate(boolean resetEachMessage) {
        this.resetEachMessage = resetEachMessage;
    }

    /** One message's compressed payload. */
    byte[] compress(byte[] message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        deflater.setInput(message);
        byte[] buf = new byte[16 * 1024];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        if (resetEachMessage) {
            deflater.reset();
        }
        byte[] all = out.toByteArray();
        if (!Arrays.equals(all, all.length - 4, all.length, TAIL, 0, 4)) {
            throw new AssertionError("a sync flush ends with 00 00 FF FF");
        }
        return Arrays.copyOf(all, all.length - 4);
    }

    /** A server message inflated with this side's running window (the server keeps its context). */
    byte[] inflate(byte[] payload) throws DataFormatException {
        return inflate(inflater, payload);
    }

    /** A server message inflated with a fresh window: only a message that refers to no earlier one inflates so. */
    static byte[] inflateAlone(byte[] payload) throws DataFormatException {
        Inflater fresh = new Inflater(true);
        try {
            return inflate(fresh, payload);
        } finally {
            fresh.end();
        }
    }

    private static byte[] inflate(Inflater inflater, byte[] payload) throws DataFormatException {
        byte[] input = Arrays.copyOf(payload, payload.length + 4);
        System.arraycopy(TAIL, 0, input, payload.length, 4);
        inflater.setInput(input);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(buf);
            if (n == 0 && (inflater.finished() || inflater.needsDictionary())) {
                throw new DataFormatException("a message ended its DEFLATE stream");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    @Override
    public void close() {
        deflater.end();
        inflater.end();
    }
}
