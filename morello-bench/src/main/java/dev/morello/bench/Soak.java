package dev.morello.bench;

import java.io.BufferedInputStream;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import java.util.zip.GZIPInputStream;

/**
 * A soak: hours of a site's mixed traffic squeezed into minutes, to see that nothing fails and
 * nothing grows. Run against the operations example ({@code morello-examples.jar operations});
 * {@code bench/soak.sh} starts both.
 *
 * <pre>
 * java -jar morello-bench.jar soak HOST PORT SECONDS CONNECTIONS SERVER_PID [SAMPLE_SECONDS]
 * </pre>
 *
 * CONNECTIONS clients, each a virtual thread with a kept-alive socket (a new one when the server
 * closes it or an exchange fails), send requests back to back for SECONDS (and on while the last
 * sample is measured), cycling through five
 * kinds, each client starting at a different one:
 *
 * <ul>
 *   <li>plaintext: {@code GET /plaintext}, answered {@code Hello, World!};</li>
 *   <li>form: {@code POST /form}, form-encoded {@code name}, {@code quantity}, {@code note}
 *       (the quantity counts the client's requests), answered with the three fields decoded;</li>
 *   <li>upload: {@code POST /upload}, multipart with a 100 KiB file part, answered {@code size=102400};</li>
 *   <li>static: {@code GET /static/data-64k.bin}, the same bytes as fetched once at the start;</li>
 *   <li>page: {@code GET /page} with {@code Accept-Encoding: gzip}, answered gzip-compressed,
 *       the same bytes once inflated as the plain page fetched once at the start.</li>
 * </ul>
 *
 * Anything else is an error of that kind: a status other than 200, a wrong body, an I/O error or
 * a timeout (30 s). Every SAMPLE_SECONDS (60 unless given) it prints a line: the time, the
 * requests so far and the rate over the interval, the errors so far, the server's heap after a
 * full GC and its RSS (see {@link JvmProbe}), its open file descriptors; and checks
 * {@code /health/ready} on a connection of its own.
 *
 * <p><b>The verdict.</b> The soak passes when there was no error (health checks included) and
 * memory was flat: the heap after GC at the last sample is within 20% + 8 MiB of the first
 * sample's, and the RSS within 25% + 32 MiB of the first sample's (the first sample comes one
 * interval into the load, after the JIT and the caches have settled; the RSS bound is looser as
 * it also holds code, thread stacks and the allocator's arenas, which grow and shrink on their
 * own). SECONDS must be at least two samples long. The exit status is 0 on a pass, 1 on a
 * failure, 2 for bad arguments.
 */
final class Soak {
    private static final int IO_TIMEOUT_MILLIS = 30_000;
    private static final int UPLOAD_BYTES = 100 * 1024;
    private static final double HEAP_GROWTH = 0.20;
    private static final long HEAP_SLACK = 8L << 20;
    private static final double RSS_GROWTH = 0.25;
    private static final long RSS_SLACK = 32L << 20;
    private static final int ERRORS_SHOWN = 10;
    private static final String PLAINTEXT = "Hello, World!";
    private static final String STATIC_PATH = "/static/data-64k.bin";
    private static final String UPLOAD_ANSWER = "size=" + UPLOAD_BYTES + "\n";
    private static final String BOUNDARY = "soak-0123456789";

    /** The kinds of request, in the order each client cycles through them. */
    enum Kind {
        PLAINTEXT, FORM, UPLOAD, STATIC, PAGE;

        String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private static final Kind[] KINDS = Kind.values();

    /** A sample: the counts at an instant, and the server's memory measured just after. */
    private record Sample(long millis, long requests, long errors, JvmProbe.Heap heap, long rss, long fds) {
    }

    private final String host;
    private final int port;
    private final JvmProbe probe;
    private final String hostHeader;
    private final Map<Kind, LongAdder> requests = new EnumMap<>(Kind.class);
    private final Map<Kind, LongAdder> errors = new EnumMap<>(Kind.class);
    private final ConcurrentLinkedQueue<String> firstErrors = new ConcurrentLinkedQueue<>();
    private final AtomicInteger errorsKept = new AtomicInteger();
    private final byte[] uploadRequest;
    private byte[] page;
    private byte[] staticFile;
    /** Whether the clients go on: until the last sample is measured, under load as the others were. */
    private volatile boolean running = true;

    private Soak(String host, int port, long serverPid) {
        this.host = host;
        this.port = port;
        this.probe = new JvmProbe(serverPid);
        this.hostHeader = "Host: " + host + ":" + port + "\r\n";
        for (Kind k : KINDS) {
            requests.put(k, new LongAdder());
            errors.put(k, new LongAdder());
        }
        this.uploadRequest = uploadRequest();
    }

    static int run(String[] args) throws Exception {
        if (args.length < 5 || args.length > 6) {
            System.err.println("usage: soak HOST PORT SECONDS CONNECTIONS SERVER_PID [SAMPLE_SECONDS]");
            return 2;
        }
        int seconds = Integer.parseInt(args[2]);
        int connections = Integer.parseInt(args[3]);
        long pid = Long.parseLong(args[4]);
        int sample = args.length == 6 ? Integer.parseInt(args[5]) : 60;
        if (sample < 1 || seconds < 2 * sample || connections < 1) {
            System.err.println("soak: SECONDS must be at least two samples (2 x " + sample + " s), CONNECTIONS at least 1");
            return 2;
        }
        Soak soak = new Soak(args[0], Integer.parseInt(args[1]), pid);
        if (!soak.probe.alive()) {
            System.err.println("soak: no process " + pid);
            return 2;
        }
        return soak.soak(seconds, connections, sample);
    }

    private int soak(int seconds, int connections, int sampleSeconds) throws Exception {
        System.out.printf(Locale.ROOT, "soak: %d connections to %s:%d for %d s, a sample every %d s; server pid %s (jcmd from %s)%n",
                connections, host, port, seconds, sampleSeconds, probe.pid(), probe.toolDirectory());
        System.out.println("each connection cycles: plaintext, form, upload (100 KiB part), static (64 KiB file), page (gzip)");
        try {
            fetchReferences();
        } catch (IOException e) {
            System.out.println("soak: the server did not answer the first requests: " + e.getMessage());
            return 1;
        }
        System.out.printf(Locale.ROOT, "%7s %11s %9s %7s %10s %9s %5s%n", "time", "requests", "req/s", "errors", "heap MiB", "RSS MiB", "fds");

        long start = System.nanoTime();
        long end = start + seconds * 1_000_000_000L;
        List<Thread> clients = new ArrayList<>(connections);
        for (int i = 0; i < connections; i++) {
            int id = i;
            clients.add(Thread.ofVirtual().name("soak-" + i).start(() -> new Client(id).run()));
        }
        List<Sample> samples = new ArrayList<>();
        int healthChecks = 0;
        int healthFailures = 0;
        boolean serverGone = false;
        long lastRequests = 0;
        long lastMillis = 0;
        for (int k = 1; ; k++) {
            long at = Math.min(start + k * sampleSeconds * 1_000_000_000L, end);
            sleepUntil(at);
            long millis = (at - start) / 1_000_000;
            long total = sum(requests);
            long failed = sum(errors);
            if (!probe.alive()) {
                System.out.printf(Locale.ROOT, "%7s the server (pid %d) is gone%n", clock(millis), probe.pid());
                serverGone = true;
                break;
            }
            JvmProbe.Heap heap = null;
            long rss = -1;
            long fds = -1;
            try {
                heap = probe.heapAfterGc();
                rss = probe.rssBytes();
                fds = probe.openFiles();
            } catch (IOException e) {
                System.out.println("        measuring the server failed: " + e.getMessage());
            }
            healthChecks++;
            String health = health();
            if (health != null) {
                healthFailures++;
                System.out.println("        /health/ready: " + health);
            }
            samples.add(new Sample(millis, total, failed, heap, rss, fds));
            double rate = (total - lastRequests) * 1000.0 / Math.max(1, millis - lastMillis);
            System.out.printf(Locale.ROOT, "%7s %11d %9.1f %7d %10s %9s %5s%n", clock(millis), total, rate, failed,
                    heap == null ? "n/a" : JvmProbe.mib(heap.bytes()) + (heap.method() == JvmProbe.HeapMethod.JSTAT ? "*" : ""),
                    rss < 0 ? "n/a" : JvmProbe.mib(rss), fds < 0 ? "n/a" : Long.toString(fds));
            System.out.flush();
            lastRequests = total;
            lastMillis = millis;
            if (at == end) {
                break;
            }
        }
        running = false;
        for (Thread t : clients) {
            t.join(IO_TIMEOUT_MILLIS + 5_000L);
        }
        return verdict(samples, healthChecks, healthFailures, serverGone);
    }

    private int verdict(List<Sample> samples, int healthChecks, int healthFailures, boolean serverGone) {
        long total = sum(requests);
        long failed = sum(errors);
        StringBuilder kinds = new StringBuilder("by kind, to the end of the load:");
        for (Kind k : KINDS) {
            kinds.append(' ').append(k.label()).append(' ').append(requests.get(k).sum())
                    .append(" (").append(errors.get(k).sum()).append(" errors)").append(k == Kind.PAGE ? "" : ",");
        }
        System.out.println(kinds);
        System.out.println("health: " + healthChecks + " checks of /health/ready, " + healthFailures + " failed");
        for (String e : firstErrors) {
            System.out.println("  error: " + e);
        }
        if (failed > errorsKept.get()) {
            System.out.println("  (" + (failed - errorsKept.get()) + " more errors not shown)");
        }
        if (samples.stream().anyMatch(s -> s.heap() != null && s.heap().method() == JvmProbe.HeapMethod.JSTAT)) {
            System.out.println("  * heap from GC.run then jstat -gc (GC.class_histogram gave no total): includes allocations since the GC");
        }
        List<String> failures = new ArrayList<>();
        if (serverGone) {
            failures.add("the server exited");
        }
        if (failed > 0) {
            failures.add(failed + " errors");
        }
        if (healthFailures > 0) {
            failures.add(healthFailures + " failed health checks");
        }
        String memory;
        if (samples.size() < 2 || samples.stream().anyMatch(s -> s.heap() == null || s.rss() < 0)) {
            failures.add("memory not measured at every sample");
            memory = "memory: not judged (a sample is missing)";
        } else {
            Sample first = samples.get(0);
            Sample last = samples.get(samples.size() - 1);
            long heapBound = (long) (first.heap().bytes() * (1 + HEAP_GROWTH)) + HEAP_SLACK;
            long rssBound = (long) (first.rss() * (1 + RSS_GROWTH)) + RSS_SLACK;
            boolean heapFlat = last.heap().bytes() <= heapBound;
            boolean rssFlat = last.rss() <= rssBound;
            if (!heapFlat) {
                failures.add("the heap after GC grew");
            }
            if (!rssFlat) {
                failures.add("the RSS grew");
            }
            memory = String.format(Locale.ROOT,
                    "heap after GC: first %s MiB, last %s MiB, bound %s MiB (first + 20%% + 8 MiB): %s%n"
                            + "RSS: first %s MiB, last %s MiB, bound %s MiB (first + 25%% + 32 MiB): %s",
                    JvmProbe.mib(first.heap().bytes()), JvmProbe.mib(last.heap().bytes()), JvmProbe.mib(heapBound),
                    heapFlat ? "flat" : "GREW", JvmProbe.mib(first.rss()), JvmProbe.mib(last.rss()), JvmProbe.mib(rssBound),
                    rssFlat ? "flat" : "GREW");
        }
        System.out.println(memory);
        if (failures.isEmpty()) {
            System.out.println("verdict: PASS: " + total + " requests, no error; heap and RSS flat");
            return 0;
        }
        System.out.println("verdict: FAIL: " + String.join("; ", failures) + " (" + total + " requests)");
        return 1;
    }

    /** The plain page and the static file, fetched once, to compare every later answer with. */
    private void fetchReferences() throws IOException {
        try (Socket s = connect()) {
            InputStream in = new BufferedInputStream(s.getInputStream(), 65536);
            OutputStream out = s.getOutputStream();
            out.write(Http1Reply.ascii("GET /page HTTP/1.1\r\n" + hostHeader + "\r\n"));
            Http1Reply p = Http1Reply.read(in);
            out.write(Http1Reply.ascii("GET " + STATIC_PATH + " HTTP/1.1\r\n" + hostHeader + "Connection: close\r\n\r\n"));
            Http1Reply f = Http1Reply.read(in);
            if (p.status() != 200 || p.header("content-encoding") != null || f.status() != 200) {
                throw new IOException("GET /page: " + p.status() + ", GET " + STATIC_PATH + ": " + f.status());
            }
            page = p.body();
            staticFile = f.body();
        }
    }

    /** Null when {@code /health/ready} answers 200, else what went wrong. */
    private String health() {
        try (Socket s = connect()) {
            s.getOutputStream().write(Http1Reply.ascii("GET /health/ready HTTP/1.1\r\n" + hostHeader + "Connection: close\r\n\r\n"));
            Http1Reply r = Http1Reply.read(new BufferedInputStream(s.getInputStream()));
            return r.status() == 200 ? null : "status " + r.status() + ": " + Http1Reply.printable(new String(r.body(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return e.toString();
        }
    }

    private Socket connect() throws IOException {
        return Http1Reply.connect(host, port, IO_TIMEOUT_MILLIS);
    }

    /** One client: a kept-alive connection, requests back to back until the end. */
    private final class Client {
        private final int id;
        private Socket socket;
        private InputStream in;
        private OutputStream out;
        private long sent;

        Client(int id) {
            this.id = id;
        }

        void run() {
            int next = id;
            while (running) {
                Kind kind = KINDS[next++ % KINDS.length];
                requests.get(kind).increment();
                try {
                    if (socket == null) {
                        socket = connect();
                        in = new BufferedInputStream(socket.getInputStream(), 65536);
                        out = socket.getOutputStream();
                    }
                    String problem = exchange(kind);
                    if (problem != null) {
                        error(kind, problem);
                    }
                } catch (IOException e) {
                    error(kind, e.toString());
                    close();
                    // a server that refuses connections is not hammered in a tight loop
                    pause(100);
                }
            }
            close();
        }

        /** Sends one request of {@code kind} and checks its answer: null when right, else what is wrong. */
        private String exchange(Kind kind) throws IOException {
            long n = sent++;
            String expectedForm = null;
            switch (kind) {
                case PLAINTEXT -> out.write(Http1Reply.ascii("GET /plaintext HTTP/1.1\r\n" + hostHeader + "\r\n"));
                case STATIC -> out.write(Http1Reply.ascii("GET " + STATIC_PATH + " HTTP/1.1\r\n" + hostHeader + "\r\n"));
                case PAGE -> out.write(Http1Reply.ascii("GET /page HTTP/1.1\r\n" + hostHeader + "Accept-Encoding: gzip\r\n\r\n"));
                case UPLOAD -> out.write(uploadRequest);
                case FORM -> {
                    int quantity = (int) (n % 1_000_000_000);
                    String body = "name=client-" + id + "&quantity=" + quantity + "&note=soak+%26+storm";
                    expectedForm = "name=client-" + id + "\nquantity=" + quantity + "\nnote=soak & storm\n";
                    out.write(Http1Reply.ascii("POST /form HTTP/1.1\r\n" + hostHeader
                            + "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: " + body.length() + "\r\n\r\n" + body));
                }
            }
            Http1Reply r = Http1Reply.read(in);
            if (r.closes()) {
                close();
            }
            if (r.status() != 200) {
                return "status " + r.status();
            }
            return switch (kind) {
                case PLAINTEXT -> same(r.body(), PLAINTEXT);
                case FORM -> same(r.body(), expectedForm);
                case UPLOAD -> same(r.body(), UPLOAD_ANSWER);
                case STATIC -> Arrays.equals(r.body(), staticFile) ? null
                        : "a static file of " + r.body().length + " bytes unlike the first one's " + staticFile.length;
                case PAGE -> {
                    if (!"gzip".equalsIgnoreCase(r.header("content-encoding"))) {
                        yield "the page not gzip-compressed: Content-Encoding " + r.header("content-encoding");
                    }
                    byte[] inflated = new GZIPInputStream(new ByteArrayInputStream(r.body())).readAllBytes();
                    yield Arrays.equals(inflated, page) ? null : "the page inflated to " + inflated.length + " bytes unlike the plain one's";
                }
            };
        }

        private void close() {
            if (socket != null) {
                try {
                    socket.close();
                } catch (IOException e) {
                    // done with it either way
                }
                socket = null;
            }
        }
    }

    private static String same(byte[] body, String expected) {
        String got = new String(body, StandardCharsets.UTF_8);
        return got.equals(expected) ? null : "answered \"" + Http1Reply.printable(got) + "\"";
    }

    private void error(Kind kind, String what) {
        errors.get(kind).increment();
        if (errorsKept.getAndIncrement() < ERRORS_SHOWN) {
            firstErrors.add(kind.label() + ": " + what);
        } else {
            errorsKept.decrementAndGet();
        }
    }

    private byte[] uploadRequest() {
        byte[] file = new byte[UPLOAD_BYTES];
        for (int i = 0; i < file.length; i++) {
            file[i] = (byte) ('a' + i % 26);
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream(UPLOAD_BYTES + 512);
        body.writeBytes(Http1Reply.ascii("--" + BOUNDARY + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\"soak.bin\"\r\n"
                + "Content-Type: application/octet-stream\r\n\r\n"));
        body.writeBytes(file);
        body.writeBytes(Http1Reply.ascii("\r\n--" + BOUNDARY + "--\r\n"));
        ByteArrayOutputStream request = new ByteArrayOutputStream(body.size() + 256);
        request.writeBytes(Http1Reply.ascii("POST /upload HTTP/1.1\r\n" + hostHeader + "Content-Type: multipart/form-data; boundary="
                + BOUNDARY + "\r\nContent-Length: " + body.size() + "\r\n\r\n"));
        request.writeBytes(body.toByteArray());
        return request.toByteArray();
    }

    private static long sum(Map<Kind, LongAdder> counts) {
        long n = 0;
        for (LongAdder a : counts.values()) {
            n += a.sum();
        }
        return n;
    }

    private static String clock(long millis) {
        long s = millis / 1000;
        return s / 60 + ":" + String.format(Locale.ROOT, "%02d", s % 60);
    }

    private static void sleepUntil(long nanoTime) throws InterruptedException {
        for (long left = nanoTime - System.nanoTime(); left > 0; left = nanoTime - System.nanoTime()) {
            Thread.sleep(Math.max(1, left / 1_000_000));
        }
    }

    private static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
