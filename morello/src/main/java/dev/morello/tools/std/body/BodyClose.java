package dev.morello.tools.std.body;

import java.io.IOException;

/** Closing a body the tools replaced, whatever kind of {@link AutoCloseable} it is. */
public final class BodyClose {
    private BodyClose() {
    }

    /** Closes what a body came from, when anything; a checked failure other than IOException is wrapped in one. */
    public static void close(AutoCloseable source) throws IOException {
        if (source == null) {
            return;
        }
        try {
            source.close();
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
