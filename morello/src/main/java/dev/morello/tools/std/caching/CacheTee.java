package dev.morello.tools.std.caching;

import dev.morello.HeaderMap;
import java.io.ByteArrayOutputStream;
import java.util.Iterator;

/**
 * A body passed through chunk by chunk while a copy is kept, as CherryPy's {@code tee_output}:
 * when the last chunk has gone by, the copy is stored. A body that outgrows the object limit
 * stops being copied; one that is never read to its end is never stored.
 */
final class CacheTee implements Iterator<byte[]>, AutoCloseable {
    private final Iterator<byte[]> chunks;
    private final AutoCloseable original;
    private final CacheStore.Fill fill;
    private final int status;
    private final HeaderMap responseHeaders;
    private final HeaderMap requestHeaders;
    private final long limit;
    private ByteArrayOutputStream copy = new ByteArrayOutputStream();
    private boolean finished;

    CacheTee(Iterator<byte[]> chunks, AutoCloseable original, CacheStore.Fill fill, int status, HeaderMap responseHeaders,
            HeaderMap requestHeaders, long limit) {
        this.chunks = chunks;
        this.original = original;
        this.fill = fill;
        this.status = status;
        this.responseHeaders = responseHeaders;
        this.requestHeaders = requestHeaders;
        this.limit = limit;
    }

    @Override
    public boolean hasNext() {
        boolean more = chunks.hasNext();
        if (!more && !finished) {
            finished = true;
            if (copy != null) {
                fill.put(status, responseHeaders, copy.toByteArray(), requestHeaders);
                copy = null;
            } else {
                fill.release();
            }
        }
        return more;
    }

    @Override
    public byte[] next() {
        byte[] b = chunks.next();
        if (copy != null) {
            if (copy.size() + (long) b.length > limit) {
                copy = null;
            } else {
                copy.writeBytes(b);
            }
        }
        return b;
    }

    @Override
    public void close() throws Exception {
        if (!finished) {
            finished = true;
            copy = null;
            fill.release();
        }
        original.close();
    }
}
