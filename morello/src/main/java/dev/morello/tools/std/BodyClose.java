package dev.morello.tools.std;

import java.io.IOException;

/** Closing a body the tools replaced, whatever kind of {@link AutoCloseable} it is. */
final class BodyClose {
    private BodyClose() {
    }

    /** Closes the value when it is closeable; a checked failure other than IOException is wrapped in one. */
    static void close(Object body) throws IOException {
        if (!(body instanceof AutoCloseable c)) {
            return;
        }
        try {
            c.close();
        } catch (IOException | RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while closing a body", e);
        } catch (Exception e) {
            throw new IOException("closing a body failed", e);
        }
    }
}
