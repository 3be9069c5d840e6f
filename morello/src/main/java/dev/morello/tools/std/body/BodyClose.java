package dev.morello.tools.std.body;

import dev.morello.ResponseBody;
import java.io.IOException;
import java.util.Collections;

/** Closing a body the tools replaced, whatever kind of {@link AutoCloseable} it is. */
public final class BodyClose {
    private BodyClose() {
    }

    /** Closes what a body came from, when anything; a checked failure other than IOException is wrapped in one. */
    public static void close(AutoCloseable source) throws IOException {
        // the body kind that carries a source closes it this way; one rule for both
        new ResponseBody.Chunks(Collections.emptyIterator(), source).close();
    }
}
