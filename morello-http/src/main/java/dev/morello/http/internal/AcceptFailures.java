package dev.morello.http.internal;

import java.lang.System.Logger.Level;

/**
 * What the acceptor does when {@code accept()} fails, out of file descriptors above all
 * ({@code EMFILE}): it pauses, longer each time it fails again (10 ms doubling to a second), so
 * that the connections it holds can finish and free some; and it says so in one line, at most
 * once every ten seconds with the count since, never with a stack trace per try.
 */
final class AcceptFailures {
    private static final System.Logger LOG = System.getLogger("dev.morello.http");
    private static final long FIRST_PAUSE_MILLIS = 10;
    private static final long LONGEST_PAUSE_MILLIS = 1000;
    private static final long REPORT_EVERY_NANOS = 10_000_000_000L;

    private long pause = FIRST_PAUSE_MILLIS;
    private long failures;
    private long lastReport;
    private boolean reported;

    /** Notes a failure; returns how long to pause before the next accept. */
    long failed(Exception e) {
        failures++;
        long now = System.nanoTime();
        if (!reported || now - lastReport >= REPORT_EVERY_NANOS) {
            long count = failures;
            if (report(Level.WARNING, () -> "accepting connections failed (" + e.getMessage() + "); " + count
                    + " failure(s) since the last report; pausing and retrying")) {
                reported = true;
                lastReport = now;
                failures = 0;
            }
        }
        long p = pause;
        pause = Math.min(LONGEST_PAUSE_MILLIS, pause * 2);
        return p;
    }

    /** Accepting works again. */
    void succeeded() {
        if (pause != FIRST_PAUSE_MILLIS) {
            pause = FIRST_PAUSE_MILLIS;
            if (failures > 0) {
                long count = failures;
                if (report(Level.INFO, () -> "accepting connections again after " + count + " more failure(s)")) {
                    failures = 0;
                }
            }
        }
    }

    /**
     * Logs a line; false when logging failed. Out of descriptors, a log back-end may fail too (a
     * file it opens the first time, say): that must not end the acceptor, and the line is tried
     * again at the next failure.
     */
    private static boolean report(Level level, java.util.function.Supplier<String> line) {
        try {
            LOG.log(level, line);
            return true;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable e) {
            return false;
        }
    }
}
