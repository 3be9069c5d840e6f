package dev.morello.http.limits;

import dev.morello.http.testing.RawClient;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Ending a server a test started in a JVM of its own, with the clients it connected to it. */
final class Children {
    private Children() {
    }

    /**
     * Closes the clients, then closes the child's standard input (which tells it to stop) and
     * waits for it, killing it if it has not ended in ten seconds.
     */
    static void end(Process child, List<RawClient> clients) throws Exception {
        for (RawClient c : clients) {
            c.close();
        }
        if (child != null) {
            child.getOutputStream().close();
            if (!child.waitFor(10, TimeUnit.SECONDS)) {
                child.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
    }
}
