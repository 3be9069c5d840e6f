package dev.morello.http.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's file-descriptor limit, and the connection limit it allows: every connection
 * holds a descriptor, and so do the files a site serves, its logs, its uploads and the JVM
 * itself, so a tenth of the limit (at least 64) is left for them. Read from
 * {@code /proc/self/limits} (Linux); where that is not there, there is no limit to derive and
 * running out of descriptors is handled by the acceptor's back-off.
 */
final class DescriptorLimit {
    private static final Path LIMITS = Path.of("/proc/self/limits");

    private DescriptorLimit() {
    }

    /** The soft limit on open files, or -1 when unknown or unlimited. */
    static long soft() {
        try {
            for (String line : Files.readAllLines(LIMITS)) {
                if (line.startsWith("Max open files")) {
                    String[] f = line.substring("Max open files".length()).trim().split("\\s+");
                    return f.length > 0 && !f[0].equals("unlimited") ? Long.parseLong(f[0]) : -1;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux, or not readable: no limit to derive
        }
        return -1;
    }

    /** The connections to allow under a descriptor limit; 0 (no limit) when it is unknown. */
    static int connectionsFor(long descriptors) {
        if (descriptors <= 0) {
            return 0;
        }
        long headroom = Math.max(64, descriptors / 10);
        return (int) Math.min(Integer.MAX_VALUE, Math.max(16, descriptors - headroom));
    }
}
