package dev.morello.internal;

import dev.morello.http.RefusalListener;
import java.net.InetSocketAddress;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * The requests the server refuses before the framework sees them (a malformed head 400, a
 * timeout 408, a body over the limit 413, no room 503 ...) written where the framework's requests
 * go: an access line in the site's format, and an error-log line with the reason.
 *
 * <pre>
 * 127.0.0.1 - - [07/Dec/2026:11:40:02] "POST /upload HTTP/1.1" 408 - "" ""
 * [07/Dec/2026:11:40:02] HTTP Refused 408 to 127.0.0.1: the body came slower than 512 bytes a second
 * </pre>
 *
 * <p>A client drives these as fast as it likes, so they are rate limited per client address: at
 * most {@value #BURST} refusals of one address are written per {@value #WINDOW_SECONDS} seconds;
 * past that they are counted, and the count is written once the window ends.
 */
public final class RefusalLog implements RefusalListener {
    static final int BURST = 10;
    static final long WINDOW_SECONDS = 10;
    private static final long WINDOW_NANOS = WINDOW_SECONDS * 1_000_000_000L;
    /** Addresses remembered at most; past that, windows that have ended are forgotten. */
    private static final int MAX_ADDRESSES = 10_000;

    private final Logs logs;
    private final LongSupplier nanoTime;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    /** A window of one address: when it began, how many were written, how many held back. */
    private static final class Window {
        long start;
        int written;
        long suppressed;
    }

    public RefusalLog(Logs logs) {
        this(logs, System::nanoTime);
    }

    RefusalLog(Logs logs, LongSupplier nanoTime) {
        this.logs = logs;
        this.nanoTime = nanoTime;
    }

    @Override
    public void refused(Refusal r) {
        String ip = r.remote() instanceof InetSocketAddress a && a.getAddress() != null
                ? a.getAddress().getHostAddress() : r.remote() == null ? "-" : r.remote().toString();
        long now = nanoTime.getAsLong();
        long held = -1;
        boolean write;
        if (windows.size() > MAX_ADDRESSES) {
            forgetEnded(now);
        }
        Window w = windows.computeIfAbsent(ip, k -> {
            Window n = new Window();
            n.start = now;
            return n;
        });
        synchronized (w) {
            if (now - w.start >= WINDOW_NANOS) {
                held = w.suppressed;
                w.start = now;
                w.written = 0;
                w.suppressed = 0;
            }
            write = w.written < BURST;
            if (write) {
                w.written++;
            } else {
                w.suppressed++;
            }
        }
        if (held > 0) {
            logs.error("Refused " + held + " more request(s) from " + ip + " in " + WINDOW_SECONDS
                    + " s without logging them", null);
        }
        if (!write) {
            return;
        }
        if (logs.accessEnabled() && logs.accessJson()) {
            Map<String, Object> f = new LinkedHashMap<>();
            f.put("time", logs.utcTimestamp());
            f.put("remote", ip);
            f.put("request_line", r.requestLine());
            f.put("status", r.status());
            f.put("refused", r.reason());
            logs.access(JsonLines.installed().line(f));
        } else if (logs.accessEnabled()) {
            logs.access(AccessFormat.format(logs.accessFormat(), logs, field -> switch (field) {
                case "h" -> ip;
                case "l", "u", "b", "i" -> "-";
                case "r" -> r.requestLine() == null ? "" : r.requestLine();
                case "s" -> Integer.toString(r.status());
                case "f", "a", "o" -> "";
                default -> null;
            }));
        }
        logs.error("Refused " + r.status() + " to " + ip + ": " + r.reason(), null);
    }

    /** Forgets every address's window (a site reset). */
    public void reset() {
        windows.clear();
    }

    private void forgetEnded(long now) {
        for (Iterator<Window> it = windows.values().iterator(); it.hasNext(); ) {
            Window w = it.next();
            synchronized (w) {
                if (now - w.start >= WINDOW_NANOS && w.suppressed == 0) {
                    it.remove();
                }
            }
        }
    }
}
