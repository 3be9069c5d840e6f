package dev.morello.bench;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * A slowloris storm, and what a normal client sees meanwhile.
 *
 * <pre>
 * java -jar morello-bench.jar slowloris HOST PORT [CONNECTIONS [SECONDS [DEADLINE_SECONDS]]]
 * </pre>
 *
 * <ol>
 *   <li><b>Quiet.</b> A normal client, alone, sends {@code GET /plaintext} on one kept-alive
 *       connection, one request at a time, a request every 2 ms, for 10 s: its latencies.</li>
 *   <li><b>Storm.</b> CONNECTIONS (1,000 unless given) connections open over about a second, and
 *       each sends a request head a byte at a time, a byte every 1 to 2 s (the first after 0 to
 *       2 s, so that the bytes are spread over the connections and over time); the head is long
 *       enough never to end at that pace. Each waits for the server to answer or close; when it
 *       does, the connection is recorded (how long after its first byte, and whether it was
 *       answered 408, closed silently, reset) and a new one takes its place, so the storm keeps
 *       its size for SECONDS (30 unless given). The normal client goes on as in the quiet phase;
 *       its latencies count from the moment all the first slow connections are open.</li>
 * </ol>
 *
 * It reports the normal client's p50 and p99 quiet and under the storm and the ratio of the p99s
 * (target: within 2x), and the slow connections: how many the server closed, after how long
 * (min, p50, p90, max) and how; how many were still open at the end. Target: every slow
 * connection closed by the server's head deadline (DEADLINE_SECONDS, 10 unless given: the
 * server's, which this client cannot see) with 2 s to spare for the server's timer and a busy
 * machine; a connection open past that, at the end or before its close, misses it. The exit
 * status is 0 when both targets are met and the normal client had no error, 1 otherwise, 2 for
 * bad arguments.
 */
final class Slowloris {
    private static final int IO_TIMEOUT_MILLIS = 10_000;
    private static final int QUIET_SECONDS = 10;
    private static final long NORMAL_GAP_MILLIS = 2;
    private static final long SPARE_NANOS = 2_000_000_000L;
    private static final double TARGET_RATIO = 2.0;

    /** How the server ended a slow connection. */
    enum Outcome { ANSWERED_408, ANSWERED_OTHER, CLOSED_SILENTLY, RESET }

    /** A slow connection the server ended: how long after its first byte, and how. */
    private record Ended(long nanos, Outcome outcome) {
    }

    /** The normal client's latencies over a phase, and its errors. */
    private record Latencies(long[] sorted, long errors) {
        long quantile(double q) {
            return sorted.length == 0 ? 0 : sorted[(int) Math.max(0, Math.ceil(q * sorted.length) - 1)];
        }
    }

    private final String host;
    private final int port;
    private final byte[] slowHead;
    private final ConcurrentLinkedQueue<Ended> ended = new ConcurrentLinkedQueue<>();
    private final ConcurrentLinkedQueue<Long> openAtEnd = new ConcurrentLinkedQueue<>();
    private final LongAdder opened = new LongAdder();
    private final LongAdder connectFailures = new LongAdder();
    private final AtomicInteger firstOpen = new AtomicInteger();
    private volatile boolean storming;

    private Slowloris(String host, int port) {
        this.host = host;
        this.port = port;
        // ~250 bytes: at a byte every 1-2 s, minutes before it could end
        this.slowHead = ("GET /plaintext HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nUser-Agent: slowloris\r\nX-Padding: "
                + "p".repeat(200) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
    }

    static int run(String[] args) throws Exception {
        if (args.length < 2 || args.length > 5) {
            System.err.println("usage: slowloris HOST PORT [CONNECTIONS [SECONDS [DEADLINE_SECONDS]]]");
            return 2;
        }
        int connections = args.length > 2 ? Integer.parseInt(args[2]) : 1000;
        int seconds = args.length > 3 ? Integer.parseInt(args[3]) : 30;
        int deadline = args.length > 4 ? Integer.parseInt(args[4]) : 10;
        if (connections < 1 || seconds < 5 || deadline < 1) {
            System.err.println("slowloris: CONNECTIONS at least 1, SECONDS at least 5, DEADLINE_SECONDS at least 1");
            return 2;
        }
        return new Slowloris(args[0], Integer.parseInt(args[1])).storm(connections, seconds, deadline);
    }

    private int storm(int connections, int seconds, int deadlineSeconds) throws Exception {
        System.out.printf(Locale.ROOT, "slowloris: %d slow connections to %s:%d for %d s, each sending a %d-byte request head a byte"
                        + " every 1-2 s; the server's head deadline taken as %d s%n",
                connections, host, port, seconds, slowHead.length, deadlineSeconds);
        Socket normal = connect();
        Latencies quiet;
        Latencies stormy;
        List<Thread> slow = new ArrayList<>(connections);
        try {
            InputStream in = new BufferedInputStream(normal.getInputStream());
            OutputStream out = normal.getOutputStream();
            quiet = measure(in, out, System.nanoTime() + QUIET_SECONDS * 1_000_000_000L);
            storming = true;
            long stormEnd = System.nanoTime() + seconds * 1_000_000_000L;
            long spread = 1_000_000_000L / connections;
            long rampStart = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                long openAt = rampStart + i * spread;
                slow.add(Thread.ofVirtual().name("slow-" + i).start(() -> slowConnections(openAt)));
            }
            // under the storm: once the first slow connections are all open (or 10 s passed)
            long rampDeadline = System.nanoTime() + 10_000_000_000L;
            while (firstOpen.get() < connections && System.nanoTime() - rampDeadline < 0) {
                Thread.sleep(10);
            }
            System.out.printf(Locale.ROOT, "  %d of %d slow connections open after %.1f s%n", firstOpen.get(), connections,
                    (System.nanoTime() - rampStart) / 1e9);
            stormy = measure(in, out, stormEnd);
        } finally {
            storming = false;
            normal.close();
        }
        for (Thread t : slow) {
            t.join(IO_TIMEOUT_MILLIS + 5_000L);
        }
        return report(quiet, stormy, connections, deadlineSeconds);
    }

    /** The normal client: GET /plaintext, a request every 2 ms, until {@code until}. */
    private Latencies measure(InputStream in, OutputStream out, long until) throws InterruptedException {
        byte[] request = Http1Reply.ascii("GET /plaintext HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n");
        long[] lat = new long[1 << 16];
        int n = 0;
        long errors = 0;
        while (System.nanoTime() - until < 0) {
            long t0 = System.nanoTime();
            try {
                out.write(request);
                Http1Reply r = Http1Reply.read(in);
                long took = System.nanoTime() - t0;
                if (r.status() != 200 || r.closes()) {
                    errors++;
                }
                if (n == lat.length) {
                    lat = Arrays.copyOf(lat, n * 2);
                }
                lat[n++] = took;
            } catch (IOException e) {
                // one kept connection: once it is gone, the measure is over
                System.out.println("  normal client: " + e);
                errors++;
                break;
            }
            Thread.sleep(NORMAL_GAP_MILLIS);
        }
        long[] sorted = Arrays.copyOf(lat, n);
        Arrays.sort(sorted);
        return new Latencies(sorted, errors);
    }

    /** One slot of the storm: a slow connection, and when the server ends it, another, until the storm ends. */
    private void slowConnections(long openAt) {
        try {
            Thread.sleep(Math.max(0, (openAt - System.nanoTime()) / 1_000_000));
            boolean first = true;
            while (storming) {
                Socket s;
                try {
                    s = connect();
                } catch (IOException e) {
                    connectFailures.increment();
                    Thread.sleep(100);
                    continue;
                }
                opened.increment();
                if (first) {
                    firstOpen.incrementAndGet();
                    first = false;
                }
                try (s) {
                    trickle(s);
                } catch (IOException e) {
                    // closing: nothing to learn
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Sends the head a byte at a time until the server answers or closes, or the storm ends. */
    private void trickle(Socket s) throws IOException, InterruptedException {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        OutputStream out = s.getOutputStream();
        InputStream in = s.getInputStream();
        Thread.sleep(random.nextLong(2000));
        long firstByte = 0;
        for (int i = 0; storming; i++) {
            if (i == slowHead.length) {
                i = 0;  // never reached at this pace; should it be, a second head follows
            }
            try {
                out.write(slowHead[i]);
                if (firstByte == 0) {
                    firstByte = System.nanoTime();
                }
                s.setSoTimeout((int) random.nextLong(1000, 2000));
                int b = in.read();
                long lived = System.nanoTime() - firstByte;
                if (b < 0) {
                    ended.add(new Ended(lived, Outcome.CLOSED_SILENTLY));
                } else {
                    byte[] rest = in.readNBytes(11);
                    String status = new String(new byte[] {(byte) b}, StandardCharsets.ISO_8859_1)
                            + new String(rest, StandardCharsets.ISO_8859_1);
                    ended.add(new Ended(lived, status.startsWith("HTTP/1.1 408") ? Outcome.ANSWERED_408 : Outcome.ANSWERED_OTHER));
                }
                return;
            } catch (SocketTimeoutException e) {
                // nothing from the server yet: the next byte
            } catch (IOException e) {
                if (firstByte != 0) {
                    ended.add(new Ended(System.nanoTime() - firstByte, Outcome.RESET));
                }
                return;
            }
        }
        openAtEnd.add(firstByte == 0 ? 0 : System.nanoTime() - firstByte);
    }

    private int report(Latencies quiet, Latencies stormy, int connections, int deadlineSeconds) {
        System.out.println("normal client (GET /plaintext, one kept-alive connection, a request every 2 ms):");
        System.out.printf(Locale.ROOT, "  quiet:        %6d requests, p50 %6.2f ms, p99 %6.2f ms, errors %d%n",
                quiet.sorted().length, quiet.quantile(0.5) / 1e6, quiet.quantile(0.99) / 1e6, quiet.errors());
        System.out.printf(Locale.ROOT, "  under storm:  %6d requests, p50 %6.2f ms, p99 %6.2f ms, errors %d%n",
                stormy.sorted().length, stormy.quantile(0.5) / 1e6, stormy.quantile(0.99) / 1e6, stormy.errors());
        double ratio = stormy.quantile(0.99) / (double) Math.max(1, quiet.quantile(0.99));
        boolean latencyMet = ratio <= TARGET_RATIO && quiet.sorted().length > 0 && stormy.sorted().length > 0;
        System.out.printf(Locale.ROOT, "  p99 under storm / quiet: %.2fx (p50: %.2fx); target within %.0fx: %s%n", ratio,
                stormy.quantile(0.5) / (double) Math.max(1, quiet.quantile(0.5)), TARGET_RATIO, latencyMet ? "met" : "MISSED");

        List<Ended> all = new ArrayList<>(ended);
        long[] lives = all.stream().mapToLong(Ended::nanos).sorted().toArray();
        long limit = deadlineSeconds * 1_000_000_000L + SPARE_NANOS;
        long late = Arrays.stream(lives).filter(l -> l > limit).count();
        long[] open = openAtEnd.stream().mapToLong(Long::longValue).sorted().toArray();
        long openLate = Arrays.stream(open).filter(l -> l > limit).count();
        System.out.printf(Locale.ROOT, "slow connections: %d opened (%d at once, then one for each the server ended), %d connects failed%n",
                opened.sum(), connections, connectFailures.sum());
        System.out.printf(Locale.ROOT, "  ended by the server: %d (answered 408: %d, other answer: %d, closed silently: %d, reset: %d)%n",
                lives.length, count(all, Outcome.ANSWERED_408), count(all, Outcome.ANSWERED_OTHER),
                count(all, Outcome.CLOSED_SILENTLY), count(all, Outcome.RESET));
        if (lives.length > 0) {
            System.out.printf(Locale.ROOT, "  ended after its first byte: min %.2f s, p50 %.2f s, p90 %.2f s, max %.2f s%n",
                    lives[0] / 1e9, quantile(lives, 0.5) / 1e9, quantile(lives, 0.9) / 1e9, lives[lives.length - 1] / 1e9);
        }
        System.out.printf(Locale.ROOT, "  open when the storm ended: %d, the oldest %.2f s after its first byte%n",
                open.length, open.length == 0 ? 0 : open[open.length - 1] / 1e9);
        boolean deadlineMet = late == 0 && openLate == 0 && lives.length > 0 && count(all, Outcome.ANSWERED_OTHER) == 0;
        System.out.printf(Locale.ROOT, "  open longer than the deadline + 2 s (%d s): %d ended late, %d still open; target 0: %s%n",
                deadlineSeconds + 2, late, openLate, deadlineMet ? "met" : "MISSED");
        boolean pass = latencyMet && deadlineMet && quiet.errors() == 0 && stormy.errors() == 0;
        System.out.println("verdict: " + (pass ? "PASS" : "FAIL"));
        return pass ? 0 : 1;
    }

    private static long count(List<Ended> all, Outcome outcome) {
        return all.stream().filter(e -> e.outcome() == outcome).count();
    }

    private static long quantile(long[] sorted, double q) {
        return sorted[(int) Math.max(0, Math.ceil(q * sorted.length) - 1)];
    }

    private Socket connect() throws IOException {
        return Http1Reply.connect(host, port, IO_TIMEOUT_MILLIS);
    }
}
